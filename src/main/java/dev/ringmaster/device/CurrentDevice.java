package dev.ringmaster.device;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.RequestScoped;

import java.util.UUID;

/** The device that authenticated the current request with its own token, if any. */
@Unremovable
@RequestScoped
public class CurrentDevice {

    /** What a device request knows about its device. */
    public record AuthenticatedDevice(UUID id, String tenantId, String externalId) {
    }

    private AuthenticatedDevice device;

    public void authenticate(AuthenticatedDevice authenticated) {
        this.device = authenticated;
    }

    public boolean isPresent() {
        return device != null;
    }

    public AuthenticatedDevice get() {
        if (device == null) {
            throw new IllegalStateException("no device authenticated this request");
        }
        return device;
    }
}
