package dev.ringmaster.web.tenant;

import dev.ringmaster.tenancy.EnrollmentKeyResource;
import dev.ringmaster.tenancy.EnrollmentKeys;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The tenant's enrollment keys. A new key's secret is shown once, in the answer to the POST that created it,
 * and never again (only its hash is stored).
 */
@Path("/console/keys")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({"tenant-admin", "tenant-operator", "tenant-viewer"})
public class KeyPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<EnrollmentKeyResource.KeyView> keys, String secret, List<String> errors);
    }

    @Inject
    EnrollmentKeys keys;

    @Inject
    FormCheck check;

    @GET
    public TemplateInstance list() {
        return Templates.list(views(), null, List.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed("tenant-admin")
    public Response create(@FormParam("name") String name, @FormParam("validDays") String validDays,
                           @FormParam("maxUses") String maxUses, @FormParam("deviceIdPatterns") String deviceIdPatterns) {
        List<String> errors = new ArrayList<>();
        int days = number(validDays, "validDays", 1, 366, errors);
        int uses = number(maxUses, "maxUses", 1, 1_000_000, errors);
        // Patterns are typed separated by spaces or commas; none leaves the key open to any device id.
        List<String> patterns = deviceIdPatterns == null || deviceIdPatterns.isBlank() ? List.of()
                : List.of(deviceIdPatterns.strip().split("[\\s,]+"));
        EnrollmentKeyResource.CreateKey request = new EnrollmentKeyResource.CreateKey(name, Duration.ofDays(days), uses, patterns);
        errors.addAll(check.problems(request));
        if (!errors.isEmpty()) {
            return Response.status(422).entity(Templates.list(views(), null, errors)).build();
        }
        EnrollmentKeys.Issued issued = keys.create(request.name(), request.validFor(), request.maxUses(), patterns);
        return Response.status(201).entity(Templates.list(views(), issued.secret(), List.of())).build();
    }

    @POST
    @Path("/{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed("tenant-admin")
    public Response revoke(@PathParam("id") UUID id) {
        keys.revoke(id);
        return Response.seeOther(URI.create("/console/keys")).build();
    }

    private List<EnrollmentKeyResource.KeyView> views() {
        return keys.list().stream().map(EnrollmentKeyResource.KeyView::of).toList();
    }

    private static int number(String text, String field, int min, int max, List<String> errors) {
        try {
            int value = Integer.parseInt(text == null ? "" : text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        errors.add(field + ": a whole number from " + min + " to " + max);
        return min;
    }
}
