package dev.ringmaster.schedule.policycode;

import dev.ringmaster.sample.TenantDocument;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.Clock;

/** Policy as code for the caller's tenant (docs/windows.md, "Policy as code"). */
@Path("/api/v1")
public class PolicyCodeResource {

    static final String YAML = "application/yaml";

    @Inject
    PolicyCode code;

    @Inject
    Clock clock;

    @GET
    @Path("/policy-export")
    @Produces({MediaType.APPLICATION_JSON, YAML})
    @RolesAllowed({"tenant-admin", "tenant-operator", "tenant-viewer"})
    @APIResponse(responseCode = "200", description = "The tenant's groups and policies as one document, JSON or YAML (format=yaml or Accept)",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TenantDocument.class)),
                    @Content(mediaType = YAML, schema = @Schema(implementation = TenantDocument.class))})
    public Response export(@QueryParam("format") String format, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        boolean yaml = "yaml".equalsIgnoreCase(format) || (format == null && accept != null && accept.contains(YAML)
                && !accept.contains(MediaType.APPLICATION_JSON));
        return Response.ok(code.write(code.export(), yaml), yaml ? YAML : MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("/policy-import")
    @Consumes({MediaType.APPLICATION_JSON, YAML, "text/yaml"})
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("tenant-admin")
    public PolicyCode.ImportResult importDocument(String body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @QueryParam("dryRun") @DefaultValue("false") boolean dryRun) {
        boolean yaml = contentType != null && contentType.contains("yaml");
        return code.importDocument(code.read(body, yaml), dryRun, clock.instant());
    }
}
