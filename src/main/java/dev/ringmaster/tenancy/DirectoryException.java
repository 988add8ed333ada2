package dev.ringmaster.tenancy;

/** Keycloak's admin API failed or is out of step with Ringmaster; answered 502. */
public class DirectoryException extends RuntimeException {

    public DirectoryException(String message) {
        super(message);
    }
}
