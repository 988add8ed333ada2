package dev.ringmaster.web.vendor;

import dev.ringmaster.tenancy.TenantSummaries;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Every tenant with its device counts, pause state and last contact, for vendor staff (who see all tenants). */
@Path("/console/vendor/tenants")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({"vendor-admin", "vendor-release-manager", "vendor-viewer"})
public class TenantPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<TenantSummaries.Summary> tenants);
    }

    @Inject
    TenantSummaries summaries;

    @GET
    public TemplateInstance list() {
        return Templates.list(summaries.all());
    }
}
