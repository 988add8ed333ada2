package dev.ringmaster.localstack;

/** A part of the local stack could not start; the message says what to fix, in one line. */
public class LocalStackException extends RuntimeException {

    public LocalStackException(String message) {
        super(message);
    }

    public LocalStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
