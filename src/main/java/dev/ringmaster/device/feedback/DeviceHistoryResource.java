package dev.ringmaster.device.feedback;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.UUID;

/** A device's history for its tenant's users: what it reported and what the service recorded about it. */
@Path("/api/v1/devices/{id}/events")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceHistoryResource {

    @Inject
    DeviceHistory history;

    @GET
    @RolesAllowed({"tenant-admin", "tenant-operator", "tenant-viewer"})
    public List<DeviceHistory.Event> events(@PathParam("id") UUID id) {
        return history.of(id);
    }
}
