package dev.ringmaster.rehearsal.cli;

/** The command line itself is wrong: nothing was sent, and the command exits 2 with its usage. */
final class UsageException extends Exception {

    UsageException(String message) {
        super(message);
    }
}
