package dev.ringmaster.tenancy;

import dev.ringmaster.api.SafeText;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

import java.util.List;

/**
 * A tenant admin manages the people of its own tenant through {@link TenantUsers}: the members of its Keycloak
 * Organization, each with one tenant role.
 */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("tenant-admin")
public class TenantUserResource {

    private static final String ROLE_PATTERN = "tenant-admin|tenant-operator|tenant-viewer";
    private static final String ROLE_MESSAGE = "one of tenant-admin, tenant-operator, tenant-viewer";

    public record Invite(@NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9._@-]{1,99}",
                                 message = "2-100 lower-case letters, digits, '.', '_', '@' or '-'") String username,
                         @NotBlank @Email @Size(max = 200) String email,
                         @NotBlank @SafeText @Size(max = 100) String firstName,
                         @NotBlank @SafeText @Size(max = 100) String lastName,
                         @NotNull @Pattern(regexp = ROLE_PATTERN, message = ROLE_MESSAGE) String role) {
    }

    public record ChangeRole(@NotNull @Pattern(regexp = ROLE_PATTERN, message = ROLE_MESSAGE) String role) {
    }

    public record UserView(String id, String username, String email, String firstName, String lastName, boolean enabled,
                           String role) {

        static UserView of(KeycloakDirectory.DirectoryUser user) {
            return new UserView(user.id(), user.username(), user.email(), user.firstName(), user.lastName(), user.enabled(),
                    user.role().map(Role::key).orElse(null));
        }
    }

    public record Invited(UserView user, String temporaryPassword) {
    }

    @Inject
    TenantUsers users;

    @GET
    public List<UserView> list() {
        return users.list();
    }

    @POST
    @APIResponseSchema(value = Invited.class, responseCode = "201", responseDescription = "Invited")
    public Response invite(@Valid @NotNull Invite request) {
        return Response.status(Response.Status.CREATED).entity(users.invite(request)).build();
    }

    @POST
    @Path("/{id}/disable")
    public UserView disable(@PathParam("id") String id) {
        return users.setEnabled(id, false);
    }

    @POST
    @Path("/{id}/enable")
    public UserView enable(@PathParam("id") String id) {
        return users.setEnabled(id, true);
    }

    @PUT
    @Path("/{id}/role")
    public UserView changeRole(@PathParam("id") String id, @Valid @NotNull ChangeRole request) {
        return users.changeRole(id, request);
    }
}
