package dev.ringmaster.error;

/** A well-formed request whose values break a rule; answered 422 with the field named. */
public class UnprocessableException extends RuntimeException {

    private final String field;

    public UnprocessableException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
