package dev.ringmaster.schedule.store;

import dev.ringmaster.release.ProductKey;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.UUID;

/** A device's stored release windows and why they are what they are (docs/windows.md). */
@Path("/api/v1/devices/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceWindowResource {

    @Inject
    DeviceWindowsQuery query;

    @GET
    @Path("/windows")
    @RolesAllowed({"tenant-admin", "tenant-operator", "tenant-viewer"})
    public List<WindowViews.Window> windows(@PathParam("id") UUID id) {
        return query.windows(id);
    }

    @GET
    @Path("/explain")
    @RolesAllowed({"tenant-admin", "tenant-operator", "tenant-viewer"})
    public WindowViews.Explanation explainProduct(@PathParam("id") UUID id,
            @QueryParam("product") @NotNull @Pattern(regexp = ProductKey.REGEX) String product) {
        return query.explain(id, product, null);
    }

    @GET
    @Path("/explain/{releaseId}")
    @RolesAllowed({"tenant-admin", "tenant-operator", "tenant-viewer"})
    public WindowViews.Explanation explainRelease(@PathParam("id") UUID id, @PathParam("releaseId") UUID releaseId) {
        return query.explain(id, null, releaseId);
    }

}
