package dev.ringmaster.api.input;

/** A request refused at the edge, before any endpoint saw it: its status, the part of it named, and why. */
public class InputRefused extends RuntimeException {

    private final int status;
    private final String field;

    public InputRefused(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public int status() {
        return status;
    }

    /** The sentence a client reads: {@code the body is not valid JSON at line 1, column 9}, {@code (path) must not…}. */
    public String detail() {
        return "(body)".equals(field) ? "the body " + getMessage() : field + " " + getMessage();
    }

    public String field() {
        return field;
    }
}
