package dev.ringmaster.error;

/** The request clashes with the current state (a duplicate name, a retired device); answered 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
