package dev.ringmaster.rehearsal;

import dev.ringmaster.error.UnprocessableException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

import java.util.List;

/**
 * Rehearsals (DESIGN.md, "Rehearsal"): a candidate release played over a copy of the fleet in virtual time, in the
 * background. Vendor data, like rollouts: tenants never see it.
 */
@Path("/api/v1/rehearsals")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({"vendor-admin", "vendor-release-manager"})
public class RehearsalResource {

    @Inject
    RehearsalRuns runs;

    /** 202 with the run's location once the request is checked and the fleet read; the playing goes on after. */
    @POST
    @APIResponseSchema(value = RehearsalRunView.class, responseCode = "202",
            responseDescription = "Accepted; the run plays in the background, its progress and result at the Location")
    public Response run(@NotNull RehearsalRequest request, @Context UriInfo uri) {
        RehearsalRunView run = runs.submit(request);
        return Response.accepted(run).location(uri.getAbsolutePathBuilder().path(run.id().toString()).build()).build();
    }

    /** The kept rehearsals, newest first, with their progress but not their results. */
    @GET
    public List<RehearsalRunView> list() {
        return runs.list();
    }

    @GET
    @Path("/compare")
    public RehearsalComparison compare(@QueryParam("a") String a, @QueryParam("b") String b) {
        if (a == null || a.isBlank() || b == null || b.isBlank()) {
            throw new UnprocessableException(a == null || a.isBlank() ? "a" : "b", "name a kept rehearsal by its id");
        }
        return runs.compare(a, b);
    }

    /** Its progress while it plays; its result once done. */
    @GET
    @Path("/{id}")
    public RehearsalRunView get(@PathParam("id") String id) {
        return runs.get(id);
    }
}
