package dev.ringmaster.rehearsal;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Rehearsals (DESIGN.md, "Rehearsal"): a candidate release played over a copy of the fleet in virtual time, answered
 * synchronously. Vendor data, like rollouts: tenants never see it.
 */
@Path("/api/v1/rehearsals")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({"vendor-admin", "vendor-release-manager"})
public class RehearsalResource {

    @Inject
    Rehearsals rehearsals;

    @POST
    public RehearsalResult run(@NotNull RehearsalRequest request) {
        return rehearsals.run(request);
    }
}
