package dev.ringmaster.web.tenant;

import dev.ringmaster.error.ConflictException;
import dev.ringmaster.tenancy.GroupResource;
import dev.ringmaster.tenancy.Groups;
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
import java.util.UUID;

/** The tenant's groups and pilot groups: list, create, mark or unmark as pilot. */
@Path("/console/groups")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({"tenant-admin", "tenant-operator", "tenant-viewer"})
public class GroupPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<GroupResource.GroupView> groups, List<String> errors);
    }

    @Inject
    Groups groups;

    @Inject
    FormCheck check;

    @GET
    public TemplateInstance list() {
        return Templates.list(groups.list(), List.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"tenant-admin", "tenant-operator"})
    public Response create(@FormParam("name") String name, @FormParam("description") String description,
                           @FormParam("pilot") String pilot) {
        GroupResource.CreateGroup request = new GroupResource.CreateGroup(name, description == null || description.isBlank() ? null : description,
                "on".equals(pilot));
        List<String> errors = check.problems(request);
        if (errors.isEmpty()) {
            try {
                groups.create(request);
                return Response.seeOther(URI.create("/console/groups")).build();
            } catch (ConflictException taken) {
                errors = List.of(taken.getMessage());
            }
        }
        return Response.status(422).entity(Templates.list(groups.list(), errors)).build();
    }

    @POST
    @Path("/{id}/pilot")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"tenant-admin", "tenant-operator"})
    public Response pilot(@PathParam("id") UUID id, @FormParam("pilot") String pilot) {
        groups.change(id, new GroupResource.ChangeGroup(null, null, "on".equals(pilot)));
        return Response.seeOther(URI.create("/console/groups")).build();
    }
}
