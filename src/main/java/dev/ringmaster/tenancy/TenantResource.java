package dev.ringmaster.tenancy;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

/** Tenants as the caller may see them: vendor staff see all, a customer user only its own. */
@Path("/api/v1/tenants")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"vendor-admin", "vendor-release-manager", "vendor-viewer", "tenant-admin", "tenant-operator", "tenant-viewer"})
public class TenantResource {

    @Inject
    CurrentCaller currentCaller;

    @GET
    @Operation(summary = "List the tenants the caller may see")
    public List<TenantView> list() {
        Caller caller = currentCaller.get();
        List<Tenant> tenants = caller.isVendor()
                ? Tenant.listOrdered()
                : caller.tenantSlug().flatMap(Tenant::findOptional).stream().toList();
        return tenants.stream().map(TenantView::of).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One tenant; another tenant's id answers 404 exactly as an unknown one does")
    public TenantView get(@PathParam("id") String id) {
        return Tenant.findOptional(id)
                .filter(tenant -> currentCaller.get().canSee(tenant.id))
                .map(TenantView::of)
                .orElseThrow(() -> new NotFoundException("no tenant '" + id + "'"));
    }
}
