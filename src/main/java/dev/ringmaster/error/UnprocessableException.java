package dev.ringmaster.error;

import java.util.List;

/** A well-formed request whose values break a rule; answered 422 with every field named. */
public class UnprocessableException extends RuntimeException {

    private final List<Problem.FieldError> errors;

    public UnprocessableException(String field, String message) {
        super(message);
        this.errors = List.of(new Problem.FieldError(field, message));
    }

    /** Several broken rules at once, so a client fixes them in one round. */
    public UnprocessableException(List<Problem.FieldError> errors) {
        super(errors.isEmpty() ? "invalid" : errors.getFirst().message());
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("name at least one field");
        }
        this.errors = List.copyOf(errors);
    }

    public String field() {
        return errors.getFirst().field();
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
