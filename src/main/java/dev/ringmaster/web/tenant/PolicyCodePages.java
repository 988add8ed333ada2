package dev.ringmaster.web.tenant;

import dev.ringmaster.error.Problem;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.schedule.policycode.PolicyCode;
import dev.ringmaster.tenancy.CurrentCaller;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.util.List;

/**
 * Policy as code in the console, through {@link PolicyCode}, the service behind {@code /api/v1/policy-export} and
 * {@code /api/v1/policy-import}: the tenant's groups and policies downloaded as YAML or JSON, and a document
 * pasted back, checked by a dry run that shows what it would change and what the changed policies would do to
 * the devices, then applied (audited by the service as {@code policy.import}). At its own path, not under
 * {@code /console/policies/{product}}, so no product key can hide it.
 */
@Path("/console/policy-code")
@Produces(MediaType.TEXT_HTML)
public class PolicyCodePages {

    static final String YAML = "application/yaml";

    /** The page after a run: the document sent back for another try, and the answer or the problems. */
    public record Outcome(String document, PolicyCode.ImportResult result, List<Problem.FieldError> errors) {

        static Outcome none() {
            return new Outcome("", null, List.of());
        }

        public boolean ran() {
            return result != null;
        }

        public boolean refused() {
            return !errors.isEmpty();
        }

        public boolean nothingChanges() {
            PolicyCode.Diff diff = result.diff();
            return diff.groupsAdded().isEmpty() && diff.groupsRemoved().isEmpty() && diff.groupsChanged().isEmpty()
                    && diff.policiesChanged().isEmpty();
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(Outcome outcome);
    }

    @Inject
    PolicyCode code;

    @Inject
    CurrentCaller caller;

    @Inject
    Clock clock;

    @GET
    @RolesAllowed({"tenant-admin", "tenant-operator", "tenant-viewer"})
    public TemplateInstance page() {
        return Templates.page(Outcome.none());
    }

    /** The tenant document as a file to save: YAML unless JSON is asked for. */
    @GET
    @Path("/export")
    @Produces({YAML, MediaType.APPLICATION_JSON})
    @RolesAllowed({"tenant-admin", "tenant-operator", "tenant-viewer"})
    public Response export(@QueryParam("format") String format) {
        boolean json = "json".equalsIgnoreCase(format);
        String name = "ringmaster-" + caller.tenantId() + (json ? ".json" : ".yaml");
        return Response.ok(code.write(code.export(), !json), json ? MediaType.APPLICATION_JSON : YAML)
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed("tenant-admin")
    public Response run(@FormParam("document") String document, @FormParam("run") String run) {
        String text = document == null ? "" : document;
        // Anything but an explicit "apply" is a dry run: a click that lost its button value changes nothing.
        boolean dryRun = !"apply".equals(run);
        try {
            PolicyCode.ImportResult result = code.importDocument(code.read(text, !looksLikeJson(text)), dryRun, clock.instant());
            return Response.ok(Templates.page(new Outcome(text, result, List.of()))).build();
        } catch (UnprocessableException e) {
            return Response.status(422).entity(Templates.page(new Outcome(text, null, e.errors()))).build();
        }
    }

    /** JSON is YAML too, but the JSON reader names its problems better; an export in either form reads back. */
    static boolean looksLikeJson(String text) {
        return text.stripLeading().startsWith("{");
    }
}
