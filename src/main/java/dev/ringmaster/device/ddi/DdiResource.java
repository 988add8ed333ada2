package dev.ringmaster.device.ddi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ringmaster.api.ApiDescription;
import dev.ringmaster.device.CurrentDevice;
import dev.ringmaster.device.download.ArtifactDownloads;
import dev.ringmaster.device.download.ArtifactStore;
import dev.ringmaster.device.download.DownloadResponses;
import dev.ringmaster.error.Problem;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.UUID;

/**
 * hawkBit DDI ({@code /{tenant}/controller/v1/{controllerId}}), for unmodified hawkBit agents such as
 * SWUpdate's suricatta. The path's tenant and controller id must be those of the token (see
 * {@link DdiAuthFilter}); they are never trusted on their own.
 */
@Path("/{tenant}/controller/v1/{controllerId}")
@Produces(MediaType.APPLICATION_JSON)
@DdiAuthenticated
@SecurityRequirementsSet(@SecurityRequirement(name = ApiDescription.TARGET_TOKEN))
@SecurityRequirementsSet(@SecurityRequirement(name = ApiDescription.GATEWAY_TOKEN))
@RunOnVirtualThread // as CheckInResource, and for the same reason
public class DdiResource {

    @Inject
    Ddi ddi;

    @Inject
    CurrentDevice device;

    @Inject
    ArtifactDownloads downloads;

    @GET
    @APIResponseSchema(value = DdiMessages.ControllerBase.class, responseDescription = "What to do next and when to poll again")
    public ObjectNode poll(@PathParam("tenant") String tenant, @Context UriInfo uri) {
        return ddi.poll(device.get(), uri.getBaseUri(), tenant);
    }

    @GET
    @Path("/deploymentBase/{actionId}")
    @APIResponseSchema(value = DdiMessages.DeploymentBase.class, responseDescription = "The offered release and whether to install it now")
    public ObjectNode deploymentBase(@PathParam("tenant") String tenant, @PathParam("actionId") long actionId, @Context UriInfo uri) {
        return ddi.deployment(device.get(), actionId, uri.getBaseUri(), tenant, false);
    }

    @POST
    @Path("/deploymentBase/{actionId}/feedback")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DdiMessages.Feedback.class)))
    @APIResponse(responseCode = "200", description = "Stored; hawkBit answers feedback with an empty body",
            extensions = @Extension(name = ApiDescription.NO_BODY, value = "true"))
    @APIResponse(responseCode = "410", description = "The action is closed")
    public Response deploymentFeedback(@PathParam("actionId") long actionId, JsonNode body) {
        ddi.feedback(device.get(), actionId, body);
        return Response.ok().build();
    }

    @GET
    @Path("/installedBase/{actionId}")
    @APIResponseSchema(value = DdiMessages.DeploymentBase.class, responseDescription = "The release the action installed")
    public ObjectNode installedBase(@PathParam("tenant") String tenant, @PathParam("actionId") long actionId, @Context UriInfo uri) {
        return ddi.deployment(device.get(), actionId, uri.getBaseUri(), tenant, true);
    }

    @GET
    @Path("/cancelAction/{actionId}")
    @APIResponseSchema(value = DdiMessages.CancelAction.class, responseDescription = "The action to stop")
    public ObjectNode cancelAction(@PathParam("actionId") long actionId) {
        return ddi.cancelAction(device.get(), actionId);
    }

    @POST
    @Path("/cancelAction/{actionId}/feedback")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DdiMessages.Feedback.class)))
    @APIResponse(responseCode = "200", description = "Stored; hawkBit answers feedback with an empty body",
            extensions = @Extension(name = ApiDescription.NO_BODY, value = "true"))
    @APIResponse(responseCode = "410", description = "The action is closed")
    public Response cancelFeedback(@PathParam("actionId") long actionId, JsonNode body) {
        ddi.cancelFeedback(device.get(), actionId, body);
        return Response.ok().build();
    }

    @PUT
    @Path("/configData")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DdiMessages.ConfigData.class)))
    @APIResponse(responseCode = "200", description = "Stored; hawkBit answers configData with an empty body",
            extensions = @Extension(name = ApiDescription.NO_BODY, value = "true"))
    public Response configData(JsonNode body) {
        ddi.configData(device.get(), body);
        return Response.ok().build();
    }

    @GET
    @Path("/softwaremodules/{releaseId}/artifacts/{fileName}")
    @Produces(MediaType.WILDCARD)
    @APIResponse(responseCode = "200", description = "The artifact's bytes", headers = {
            @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
            @Header(name = "Accept-Ranges", schema = @Schema(type = SchemaType.STRING))},
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "206", description = "The requested range of the artifact's bytes",
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "304", description = "The artifact matches the ETag sent in If-None-Match")
    @APIResponse(responseCode = "416", description = "The range lies outside the artifact")
    public Response download(@PathParam("releaseId") UUID releaseId, @PathParam("fileName") String fileName, @Context HttpHeaders headers) {
        return DownloadResponses.serve(downloads.find(device.get(), releaseId, fileName), headers, true);
    }

    @HEAD
    @Path("/softwaremodules/{releaseId}/artifacts/{fileName}")
    @Produces(MediaType.WILDCARD)
    @APIResponse(responseCode = "200", description = "The GET answer's headers (Content-Length, ETag, Accept-Ranges), without the bytes")
    @APIResponse(responseCode = "304", description = "The artifact matches the ETag sent in If-None-Match")
    public Response head(@PathParam("releaseId") UUID releaseId, @PathParam("fileName") String fileName, @Context HttpHeaders headers) {
        return DownloadResponses.serve(downloads.find(device.get(), releaseId, fileName), headers, false);
    }

    @ServerExceptionMapper
    public Response gone(Ddi.Gone e, UriInfo uri) {
        return Response.status(410).type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", "Gone", 410, e.getMessage(), uri.getPath(), null)).build();
    }

    @ServerExceptionMapper
    public Response unavailable(ArtifactStore.Unavailable e, UriInfo uri) {
        return DownloadResponses.unavailable(e, uri.getPath());
    }
}
