package dev.ringmaster.web.tenant;

import dev.ringmaster.error.Problem;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.policy.Policies;
import dev.ringmaster.policy.PolicyMode;
import dev.ringmaster.policy.PolicyResource;
import dev.ringmaster.tenancy.GroupResource;
import dev.ringmaster.tenancy.Groups;
import dev.ringmaster.web.PolicyPreview;
import dev.ringmaster.web.chart.Timeline;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.DayOfWeek;
import java.util.Arrays;
import java.util.List;

/**
 * The tenant's update policies: the list with a fleet-wide pause, and one product's editor with a what-if
 * preview. Saving goes through {@link Policies}, so the API's rules, optimistic locking and audit apply.
 */
@Path("/console/policies")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({"tenant-admin", "tenant-operator", "tenant-viewer"})
public class PolicyPages {

    static final List<String> MODES = Arrays.stream(PolicyMode.values()).map(PolicyMode::key).toList();
    static final List<String> DAYS = Arrays.stream(DayOfWeek.values()).map(DayOfWeek::name).toList();

    /** The editor's page: {@code notice} after a save, {@code errors} after a refused one. */
    public record Editor(String product, PolicyForm form, List<GroupResource.GroupView> pilotGroups,
                         List<Problem.FieldError> errors, String notice) {

        public List<String> modes() {
            return MODES;
        }

        public List<String> days() {
            return DAYS;
        }

        /** Index of the empty row that adds a window or a freeze. */
        public int newWindow() {
            return form.windows().size();
        }

        public int newFreeze() {
            return form.freezes().size();
        }
    }

    /** The preview panel: the timeline of devices per day and the devices that move, or why there is none. */
    public record Preview(PolicyPreview.Result result, Timeline timeline, List<Problem.FieldError> errors) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<PolicyResource.PolicyView> policies, String notice);

        static native TemplateInstance edit(Editor editor, Preview preview);

        static native TemplateInstance edit$preview(Preview preview);
    }

    @Inject
    Policies policies;

    @Inject
    Groups groups;

    @Inject
    PolicyPreview previews;

    @GET
    public TemplateInstance list(@QueryParam("notice") String notice) {
        return Templates.list(policies.list(), notice(notice));
    }

    @POST
    @Path("/pause-all")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"tenant-admin", "tenant-operator"})
    public Response pauseAll() {
        policies.setPausedEverywhere(true);
        return Response.seeOther(URI.create("/console/policies?notice=paused")).build();
    }

    @POST
    @Path("/resume-all")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"tenant-admin", "tenant-operator"})
    public Response resumeAll() {
        policies.setPausedEverywhere(false);
        return Response.seeOther(URI.create("/console/policies?notice=resumed")).build();
    }

    @GET
    @Path("/{product}")
    public TemplateInstance edit(@PathParam("product") String product, @QueryParam("notice") String notice) {
        PolicyResource.PolicyView view = policies.get(product);
        return Templates.edit(editor(view.product(), PolicyForm.of(view), List.of(), notice(notice)), emptyPreview());
    }

    @POST
    @Path("/{product}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed("tenant-admin")
    public Response save(@PathParam("product") String product, MultivaluedMap<String, String> fields) {
        String key = policies.get(product).product();
        PolicyForm form = PolicyForm.read(fields);
        PolicyForm.Parsed parsed = form.parse();
        List<Problem.FieldError> errors = parsed.errors();
        if (errors.isEmpty()) {
            try {
                policies.replace(key, parsed.document(), form.ifMatch());
                return Response.seeOther(URI.create("/console/policies/" + key + "?notice=saved")).build();
            } catch (UnprocessableException refused) {
                errors = refused.errors();
            } catch (WebApplicationException stale) {
                if (stale.getResponse().getStatus() != 412) {
                    throw stale;
                }
                errors = List.of(new Problem.FieldError("version",
                        "someone saved this policy since you opened it; reload the page and apply your change again"));
            }
        }
        return Response.status(422).entity(Templates.edit(editor(key, form, errors, null), emptyPreview())).build();
    }

    /** The what-if panel for the draft in the form, answered as a fragment for htmx. */
    @POST
    @Path("/{product}/preview")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed("tenant-admin")
    public TemplateInstance preview(@PathParam("product") String product, MultivaluedMap<String, String> fields) {
        String key = policies.get(product).product();
        PolicyForm.Parsed parsed = PolicyForm.read(fields).parse();
        if (!parsed.errors().isEmpty()) {
            return Templates.edit$preview(new Preview(PolicyPreview.Result.empty(), Timeline.of(List.of(), 600), parsed.errors()));
        }
        PolicyPreview.Result result = previews.preview(key, parsed.document());
        Timeline timeline = Timeline.of(result.days().stream()
                .map(day -> new Timeline.Day(day.day(), day.devices(), day.forecast())).toList(), 600);
        return Templates.edit$preview(new Preview(result, timeline, List.of()));
    }

    private Editor editor(String product, PolicyForm form, List<Problem.FieldError> errors, String notice) {
        List<GroupResource.GroupView> pilots = groups.list().stream().filter(GroupResource.GroupView::pilot).toList();
        return new Editor(product, form, pilots, errors, notice);
    }

    private static Preview emptyPreview() {
        return new Preview(PolicyPreview.Result.empty(), Timeline.of(List.of(), 600), List.of());
    }

    /** Only known notices are shown, so a link cannot put words on the page. */
    private static String notice(String key) {
        return switch (key == null ? "" : key) {
            case "saved" -> "Policy saved.";
            case "paused" -> "All updates are paused for every product.";
            case "resumed" -> "Updates resumed for every product.";
            default -> null;
        };
    }
}
