package dev.ringmaster.web.tenant;

import dev.ringmaster.api.Page;
import dev.ringmaster.error.ConflictException;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.tenancy.AttributeFilter;
import dev.ringmaster.tenancy.DeviceViews;
import dev.ringmaster.tenancy.Devices;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntSupplier;

/**
 * The tenant's groups and pilot groups: list, create, mark or unmark as pilot; one group's members, with
 * devices to pick from a filtered list or to add all at once by the filter. Every change goes through
 * {@link Groups}, the service the API uses, which audits it.
 */
@Path("/console/groups")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({"tenant-admin", "tenant-operator", "tenant-viewer"})
public class GroupPages {

    static final int PAGE_SIZE = 25;

    /** One group's page: its members (paged) and the devices the filter finds to add. */
    public record GroupPage(GroupResource.GroupDetail group, Page<DeviceViews.Summary> members, DeviceFilter filter,
                            Page<DeviceViews.Summary> candidates, Set<UUID> memberIds, List<String> errors, String notice) {

        public boolean isMember(UUID device) {
            return memberIds.contains(device);
        }

        public boolean hasMoreMembers() {
            return members.total() > members.items().size();
        }

        public boolean hasPrevious() {
            return candidates.page() > 0;
        }

        public boolean hasNext() {
            return (long) (candidates.page() + 1) * candidates.size() < candidates.total();
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<GroupResource.GroupView> groups, List<String> errors);

        static native TemplateInstance group(GroupPage view);
    }

    @Inject
    Groups groups;

    @Inject
    Devices devices;

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
                           @FormParam("pilot") String pilot, @FormParam("attributes") String attributes) {
        Map<String, Object> filter;
        try {
            // Written as the fleet page's filter is, "model=X, osBuild=Y"; a group with one is dynamic.
            filter = attributes == null || attributes.isBlank() ? null : AttributeFilter.parse("attributeFilter",
                    List.of(attributes.split(","))).<Map<String, Object>>map(f -> new LinkedHashMap<>(f.values())).orElse(null);
        } catch (UnprocessableException wrong) {
            return Response.status(422).entity(Templates.list(groups.list(), List.of("Attribute filter: " + wrong.getMessage()))).build();
        }
        GroupResource.CreateGroup request = new GroupResource.CreateGroup(name, description == null || description.isBlank() ? null : description,
                "on".equals(pilot), filter);
        List<String> errors = check.problems(request);
        if (errors.isEmpty()) {
            try {
                GroupResource.GroupDetail created = groups.create(request);
                return Response.seeOther(URI.create("/console/groups/" + created.id())).build();
            } catch (ConflictException taken) {
                errors = List.of(taken.getMessage());
            } catch (UnprocessableException wrong) {
                errors = List.of(wrong.getMessage());
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

    @GET
    @Path("/{id}")
    public TemplateInstance group(@PathParam("id") UUID id, @QueryParam("q") String q, @QueryParam("status") String status,
                                  @QueryParam("page") Integer page, @QueryParam("changed") Integer changed,
                                  @QueryParam("removed") Integer removed) {
        String notice = changed != null ? changed + " device(s) added." : removed != null ? removed + " device(s) removed." : null;
        return Templates.group(view(id, DeviceFilter.of(q, status, page), List.of(), notice));
    }

    /** Adds the devices ticked in the list. */
    @POST
    @Path("/{id}/members")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"tenant-admin", "tenant-operator"})
    public Response addPicked(@PathParam("id") UUID id, @FormParam("device") List<String> picked,
                              @FormParam("q") String q, @FormParam("status") String status) {
        DeviceFilter filter = DeviceFilter.of(q, status, 0);
        Optional<List<UUID>> ids = deviceIds(picked);
        if (ids.isEmpty()) {
            return refused(id, filter, "Tick at least one device to add.");
        }
        return changed(id, filter, "changed=", () -> groups.addMembers(id, new GroupResource.MemberChange(ids.get(), null)));
    }

    /** Adds every device the filter matches, not just the page shown. */
    @POST
    @Path("/{id}/members/matching")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"tenant-admin", "tenant-operator"})
    public Response addMatching(@PathParam("id") UUID id, @FormParam("q") String q, @FormParam("status") String status) {
        DeviceFilter filter = DeviceFilter.of(q, status, 0);
        if (filter.isEmpty()) {
            return refused(id, filter, "Set a filter first (a search or a status): adding needs to know which devices.");
        }
        return changed(id, filter, "changed=", () -> groups.addFound(id, filter.query(0, 1)));
    }

    @POST
    @Path("/{id}/members/remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"tenant-admin", "tenant-operator"})
    public Response remove(@PathParam("id") UUID id, @FormParam("device") List<String> picked) {
        DeviceFilter filter = DeviceFilter.of(null, null, 0);
        Optional<List<UUID>> ids = deviceIds(picked);
        if (ids.isEmpty()) {
            return refused(id, filter, "Tick at least one member to remove.");
        }
        return changed(id, filter, "removed=", () -> groups.removeMembers(id, new GroupResource.MemberChange(ids.get(), null)));
    }

    /** Makes a membership change; answers the group page with how many changed, or with the service's refusal. */
    private Response changed(UUID id, DeviceFilter filter, String notice, IntSupplier change) {
        try {
            return back(id, filter, notice + change.getAsInt());
        } catch (UnprocessableException wrong) {
            return refused(id, filter, wrong.getMessage());
        } catch (ConflictException dynamic) {
            return conflict(id, filter, dynamic);
        }
    }

    private GroupPage view(UUID id, DeviceFilter filter, List<String> errors, String notice) {
        GroupResource.GroupDetail group = groups.detail(id);
        Page<DeviceViews.Summary> members = devices.find(new Devices.Query(Optional.empty(), Optional.of(group.name()),
                Optional.empty(), "deviceId", 0, 200));
        Page<DeviceViews.Summary> candidates = devices.find(filter.query(filter.page(), PAGE_SIZE));
        return new GroupPage(group, members, filter, candidates, new HashSet<>(group.deviceIds()), errors, notice);
    }

    private Response refused(UUID id, DeviceFilter filter, String problem) {
        return Response.status(422).entity(Templates.group(view(id, filter, List.of(problem), null))).build();
    }

    /** A dynamic group's members follow its filter: the service's 409 is shown on the page, not as an error page. */
    private Response conflict(UUID id, DeviceFilter filter, ConflictException conflict) {
        return Response.status(409).entity(Templates.group(view(id, filter, List.of(conflict.getMessage()), null))).build();
    }

    private static Response back(UUID id, DeviceFilter filter, String outcome) {
        return Response.seeOther(URI.create("/console/groups/" + id + filter.query(0) + "&" + outcome + "#members")).build();
    }

    /** Empty when nothing was ticked or a value is no device id (a hand-made form); the page then says so. */
    private static Optional<List<UUID>> deviceIds(List<String> picked) {
        if (picked == null || picked.isEmpty() || picked.size() > Groups.MAX_FOUND) {
            return Optional.empty();
        }
        List<UUID> ids = new ArrayList<>();
        for (String value : picked) {
            try {
                ids.add(UUID.fromString(value.strip()));
            } catch (IllegalArgumentException notAnId) {
                return Optional.empty();
            }
        }
        return Optional.of(ids);
    }
}
