package dev.ringmaster.web.tenant;

import dev.ringmaster.policy.ApprovalResource;
import dev.ringmaster.policy.Approvals;
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

/** Releases waiting for the tenant's approval (products in approval mode): approve, approve for pilots, decline. */
@Path("/console/approvals")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({"tenant-admin", "tenant-operator", "tenant-viewer"})
public class ApprovalPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<ApprovalResource.ProductApprovals> products, List<String> errors);
    }

    @Inject
    Approvals approvals;

    @Inject
    FormCheck check;

    @GET
    public TemplateInstance list() {
        return Templates.list(approvals.list(), List.of());
    }

    @POST
    @Path("/{product}/{version}/approve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"tenant-admin", "tenant-operator"})
    public Response approve(@PathParam("product") String product, @PathParam("version") String version,
                            @FormParam("pilotOnly") String pilotOnly) {
        approvals.approve(product, version, "on".equals(pilotOnly));
        return Response.seeOther(URI.create("/console/approvals")).build();
    }

    @POST
    @Path("/{product}/{version}/decline")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"tenant-admin", "tenant-operator"})
    public Response decline(@PathParam("product") String product, @PathParam("version") String version,
                            @FormParam("reason") String reason) {
        ApprovalResource.Decline request = new ApprovalResource.Decline(reason == null || reason.isBlank() ? null : reason);
        List<String> errors = check.problems(request);
        if (!errors.isEmpty()) {
            return Response.status(422).entity(Templates.list(approvals.list(), errors)).build();
        }
        approvals.decline(product, version, request.reason());
        return Response.seeOther(URI.create("/console/approvals")).build();
    }
}
