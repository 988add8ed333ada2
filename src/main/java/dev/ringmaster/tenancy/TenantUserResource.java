package dev.ringmaster.tenancy;

import dev.ringmaster.api.SafeText;
import dev.ringmaster.audit.AuditLog;
import dev.ringmaster.error.UnprocessableException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
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

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A tenant admin manages the people of its own tenant: the members of its Keycloak Organization, each with
 * one tenant role. Ids of anyone outside the tenant answer 404. An invited user signs in as {@code name@tenant}
 * ({@link TenantUsername}), so inviting answers alike whether or not the name or e-mail exists in another tenant.
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
    KeycloakDirectory directory;

    @Inject
    CurrentCaller caller;

    @Inject
    AuditLog audit;

    @GET
    public List<UserView> list() {
        return directory.members(caller.tenantId()).stream().map(UserView::of)
                .sorted(Comparator.comparing(UserView::username)).toList();
    }

    @POST
    @Transactional
    public Response invite(@Valid @NotNull Invite request) {
        String tenant = caller.tenantId();
        String login = new TenantUsername(tenant, request.username()).login();
        KeycloakDirectory.CreatedUser created = directory.createMember(tenant, login, request.email(),
                request.firstName(), request.lastName(), role(request.role()));
        audit.record(tenant, "user.invite", "user", created.user().id(), null,
                Map.of("username", login, "role", request.role()));
        return Response.status(Response.Status.CREATED)
                .entity(new Invited(UserView.of(created.user()), created.temporaryPassword())).build();
    }

    @POST
    @Path("/{id}/disable")
    @Transactional
    public UserView disable(@PathParam("id") String id) {
        return enabled(id, false);
    }

    @POST
    @Path("/{id}/enable")
    @Transactional
    public UserView enable(@PathParam("id") String id) {
        return enabled(id, true);
    }

    @PUT
    @Path("/{id}/role")
    @Transactional
    public UserView changeRole(@PathParam("id") String id, @Valid @NotNull ChangeRole request) {
        String tenant = caller.tenantId();
        KeycloakDirectory.DirectoryUser before = directory.member(tenant, id);
        KeycloakDirectory.DirectoryUser after = directory.setRole(tenant, id, role(request.role()));
        audit.record(tenant, "user.role", "user", id, Map.of("role", before.role().map(Role::key).orElse("none")),
                Map.of("role", request.role()));
        return UserView.of(after);
    }

    private UserView enabled(String id, boolean enabled) {
        String tenant = caller.tenantId();
        if (!enabled && id.equals(caller.get().subject())) {
            throw new UnprocessableException("id", "an admin cannot disable their own account");
        }
        KeycloakDirectory.DirectoryUser user = directory.setEnabled(tenant, id, enabled);
        audit.record(tenant, enabled ? "user.enable" : "user.disable", "user", id, Map.of("enabled", !enabled), Map.of("enabled", enabled));
        return UserView.of(user);
    }

    private static Role role(String key) {
        return Role.fromKey(key).orElseThrow();
    }
}
