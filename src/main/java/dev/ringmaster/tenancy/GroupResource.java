package dev.ringmaster.tenancy;

import dev.ringmaster.api.SafeText;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The caller's tenant's device groups and pilot groups. */
@Path("/api/v1/groups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class GroupResource {

    /**
     * A group whose members are picked by hand, or a dynamic one: {@code attributeFilter} (attribute key to value,
     * all must hold) defines its members, which then follow the devices' attributes.
     */
    public record CreateGroup(@NotBlank @SafeText @Size(max = 100) String name, @SafeText @Size(max = 500) String description, boolean pilot,
                              Map<String, Object> attributeFilter) {

        public CreateGroup(String name, String description, boolean pilot) {
            this(name, description, pilot, null);
        }
    }

    /** Absent fields stay as they are; a filter can be changed on a dynamic group only. */
    public record ChangeGroup(@SafeText @Size(min = 1, max = 100) String name, @SafeText @Size(max = 500) String description, Boolean pilot,
                              Map<String, Object> attributeFilter) {

        public ChangeGroup(String name, String description, Boolean pilot) {
            this(name, description, pilot, null);
        }
    }

    /** Either explicit device ids, or every active device whose attributes contain all of {@code matchAttributes}. */
    public record MemberChange(@Size(max = 10_000) List<@NotNull UUID> deviceIds,
                               @Size(max = 20) Map<@Size(max = 64) String, @Size(max = 256) String> matchAttributes) {
    }

    /** {@code attributeFilter} null for a group whose members are picked by hand. */
    public record GroupView(UUID id, String name, String description, boolean pilot, long members, Instant updatedAt,
                            Map<String, String> attributeFilter) {
    }

    public record GroupDetail(UUID id, String name, String description, boolean pilot, List<UUID> deviceIds, Instant updatedAt,
                              Map<String, String> attributeFilter) {
    }

    public record MembersChanged(int changed) {
    }

    @Inject
    Groups groups;

    @GET
    @RolesAllowed({"tenant-admin", "tenant-operator", "tenant-viewer"})
    public List<GroupView> list() {
        return groups.list();
    }

    @POST
    @RolesAllowed({"tenant-admin", "tenant-operator"})
    @APIResponseSchema(value = GroupDetail.class, responseCode = "201", responseDescription = "Created")
    public Response create(@Valid @NotNull CreateGroup request) {
        return Response.status(Response.Status.CREATED).entity(groups.create(request)).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"tenant-admin", "tenant-operator", "tenant-viewer"})
    public GroupDetail get(@PathParam("id") UUID id) {
        return groups.detail(id);
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed({"tenant-admin", "tenant-operator"})
    public GroupDetail change(@PathParam("id") UUID id, @Valid @NotNull ChangeGroup request) {
        return groups.change(id, request);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({"tenant-admin", "tenant-operator"})
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") UUID id) {
        groups.delete(id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/members")
    @RolesAllowed({"tenant-admin", "tenant-operator"})
    public MembersChanged addMembers(@PathParam("id") UUID id, @Valid @NotNull MemberChange request) {
        return new MembersChanged(groups.addMembers(id, request));
    }

    @POST
    @Path("/{id}/members/remove")
    @RolesAllowed({"tenant-admin", "tenant-operator"})
    public MembersChanged removeMembers(@PathParam("id") UUID id, @Valid @NotNull MemberChange request) {
        return new MembersChanged(groups.removeMembers(id, request));
    }
}
