package dev.ringmaster.tenancy;

import dev.ringmaster.api.IanaZone;
import dev.ringmaster.api.SafeText;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.Response;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import java.util.List;

/**
 * Tenants as the caller may see them: vendor staff see all, a customer user only its own. Vendor admins
 * create, rename, suspend and resume them.
 */
@Path("/api/v1/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({"vendor-admin", "vendor-release-manager", "vendor-viewer", "tenant-admin", "tenant-operator", "tenant-viewer"})
public class TenantResource {

    /** The tenant's first admin, who gets a temporary password to change at first login. */
    public record FirstAdmin(@NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9._@-]{1,99}",
                                     message = "2-100 lower-case letters, digits, '.', '_', '@' or '-'") String username,
                             @NotBlank @Email @Size(max = 200) String email,
                             @NotBlank @SafeText @Size(max = 100) String firstName,
                             @NotBlank @SafeText @Size(max = 100) String lastName) {
    }

    /**
     * {@code id} becomes the Keycloak Organization alias and never changes. {@code internal} (default false) makes
     * the tenant the vendor's own fleet, whose devices go first in every rollout.
     */
    public record CreateTenant(@NotNull @Pattern(regexp = "[a-z][a-z0-9-]{1,62}",
                                       message = "2-63 lower-case letters, digits and dashes, starting with a letter") String id,
                               @NotBlank @SafeText @Size(max = 200) String name,
                               @NotBlank @IanaZone String timeZone,
                               @Pattern(regexp = "[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+",
                                       message = "a domain name such as example.com") @Size(max = 200) String domain,
                               @Valid @NotNull FirstAdmin admin, Boolean internal) {

        public CreateTenant(String id, String name, String timeZone, String domain, FirstAdmin admin) {
            this(id, name, timeZone, domain, admin, null);
        }

        public boolean isInternal() {
            return Boolean.TRUE.equals(internal);
        }
    }

    /**
     * Absent fields stay as they are. {@code internal} moves the tenant's devices into or out of ring 0 of every
     * plan; their windows are planned anew.
     */
    public record ChangeTenant(@SafeText @Size(min = 1, max = 200) String name, @IanaZone String timeZone,
                               Boolean internal) {

        public ChangeTenant(String name, String timeZone) {
            this(name, timeZone, null);
        }
    }

    public record AdminCredentials(String username, String temporaryPassword) {
    }

    public record CreatedTenant(TenantView tenant, AdminCredentials admin) {
    }

    @Inject
    TenantLifecycle lifecycle;

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

    @POST
    @RolesAllowed("vendor-admin")
    @Operation(summary = "Create a tenant: its Keycloak Organization, its first admin (temporary password, shown once) and its row")
    @APIResponseSchema(value = CreatedTenant.class, responseCode = "201", responseDescription = "Created; the admin's temporary password is shown only here")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CreateTenant.class),
            examples = @ExampleObject(name = "acme", summary = "A tenant and its first admin",
                    value = "{\"id\": \"acme\", \"name\": \"Acme Retail\", \"timeZone\": \"Europe/Berlin\", \"domain\": \"acme.example\", "
                            + "\"admin\": {\"username\": \"ada\", \"email\": \"ada@acme.example\", \"firstName\": \"Ada\", \"lastName\": \"Admin\"}}")))
    public Response create(@Valid @NotNull CreateTenant request) {
        TenantLifecycle.Created created = lifecycle.create(request);
        return Response.status(Response.Status.CREATED)
                .entity(new CreatedTenant(TenantView.of(created.tenant()),
                        new AdminCredentials(created.admin().user().username(), created.admin().temporaryPassword())))
                .build();
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed("vendor-admin")
    @Operation(summary = "Rename a tenant, change its time zone or flag it as the vendor's internal fleet (vendor admins only)")
    public TenantView change(@PathParam("id") String id, @Valid @NotNull ChangeTenant request) {
        return TenantView.of(lifecycle.change(id, request));
    }

    @POST
    @Path("/{id}/suspend")
    @RolesAllowed("vendor-admin")
    public TenantView suspend(@PathParam("id") String id) {
        return TenantView.of(lifecycle.setStatus(id, TenantStatus.suspended));
    }

    @POST
    @Path("/{id}/resume")
    @RolesAllowed("vendor-admin")
    public TenantView resume(@PathParam("id") String id) {
        return TenantView.of(lifecycle.setStatus(id, TenantStatus.active));
    }
}
