package dev.ringmaster.web.tenant;

import dev.ringmaster.error.ConflictException;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.tenancy.TenantUserResource;
import dev.ringmaster.tenancy.TenantUsers;
import dev.ringmaster.web.FormCheck;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/**
 * The tenant's people, for its admins only: invite (the temporary password is shown once, in the answer to
 * the POST that created the account; Keycloak asks for a new one at the first sign-in), change a role,
 * disable and enable. Through {@link TenantUsers}, the service behind {@code /api/v1/users}, which audits.
 */
@Path("/console/users")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed("tenant-admin")
public class UserPages {

    static final List<String> ROLES = List.of("tenant-admin", "tenant-operator", "tenant-viewer");

    /** {@code invited} is set only in the answer to the invitation, the one time its password is shown. */
    public record UserList(List<TenantUserResource.UserView> users, TenantUserResource.Invited invited, List<String> errors) {

        public List<String> roles() {
            return ROLES;
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(UserList view);
    }

    @Inject
    TenantUsers users;

    @Inject
    FormCheck check;

    @GET
    public TemplateInstance list() {
        return Templates.list(new UserList(users.list(), null, List.of()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response invite(@FormParam("username") String username, @FormParam("email") String email,
                           @FormParam("firstName") String firstName, @FormParam("lastName") String lastName,
                           @FormParam("role") String role) {
        TenantUserResource.Invite request = new TenantUserResource.Invite(strip(username), strip(email), strip(firstName),
                strip(lastName), role);
        List<String> errors = check.problems(request);
        if (errors.isEmpty()) {
            try {
                TenantUserResource.Invited invited = users.invite(request);
                return Response.ok(Templates.list(new UserList(users.list(), invited, List.of()))).build();
            } catch (ConflictException taken) {
                errors = List.of(taken.getMessage());
            }
        }
        return Response.status(422).entity(Templates.list(new UserList(users.list(), null, errors))).build();
    }

    @POST
    @Path("/{id}/role")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changeRole(@PathParam("id") String id, @FormParam("role") String role) {
        TenantUserResource.ChangeRole request = new TenantUserResource.ChangeRole(role);
        List<String> errors = check.problems(request);
        if (!errors.isEmpty()) {
            return Response.status(422).entity(Templates.list(new UserList(users.list(), null, errors))).build();
        }
        users.changeRole(id, request);
        return Response.seeOther(URI.create("/console/users")).build();
    }

    @POST
    @Path("/{id}/disable")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response disable(@PathParam("id") String id) {
        return enabled(id, false);
    }

    @POST
    @Path("/{id}/enable")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response enable(@PathParam("id") String id) {
        return enabled(id, true);
    }

    private Response enabled(String id, boolean enabled) {
        try {
            users.setEnabled(id, enabled);
            return Response.seeOther(URI.create("/console/users")).build();
        } catch (UnprocessableException refused) {
            return Response.status(422).entity(Templates.list(new UserList(users.list(), null, List.of(refused.getMessage())))).build();
        }
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }
}
