package dev.ringmaster.sample;

/** A sample file that cannot be loaded; the message names the file and the field. */
public class SampleException extends RuntimeException {

    public SampleException(String message) {
        super(message);
    }
}
