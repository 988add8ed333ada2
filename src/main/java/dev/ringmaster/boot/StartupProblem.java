package dev.ringmaster.boot;

/** A configuration the service cannot start with; its message is the one line the operator reads. */
public class StartupProblem extends RuntimeException {

    public StartupProblem(String message) {
        super(message);
    }
}
