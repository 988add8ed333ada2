package dev.ringmaster.device.ddi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
@RunOnVirtualThread // as CheckInResource, and for the same reason
public class DdiResource {

    @Inject
    Ddi ddi;

    @Inject
    CurrentDevice device;

    @Inject
    ArtifactDownloads downloads;

    @GET
    public ObjectNode poll(@PathParam("tenant") String tenant, @Context UriInfo uri) {
        return ddi.poll(device.get(), uri.getBaseUri(), tenant);
    }

    @GET
    @Path("/deploymentBase/{actionId}")
    public ObjectNode deploymentBase(@PathParam("tenant") String tenant, @PathParam("actionId") long actionId, @Context UriInfo uri) {
        return ddi.deployment(device.get(), actionId, uri.getBaseUri(), tenant, false);
    }

    @POST
    @Path("/deploymentBase/{actionId}/feedback")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response deploymentFeedback(@PathParam("actionId") long actionId, JsonNode body) {
        ddi.feedback(device.get(), actionId, body);
        return Response.ok().build();
    }

    @GET
    @Path("/installedBase/{actionId}")
    public ObjectNode installedBase(@PathParam("tenant") String tenant, @PathParam("actionId") long actionId, @Context UriInfo uri) {
        return ddi.deployment(device.get(), actionId, uri.getBaseUri(), tenant, true);
    }

    @GET
    @Path("/cancelAction/{actionId}")
    public ObjectNode cancelAction(@PathParam("actionId") long actionId) {
        return ddi.cancelAction(device.get(), actionId);
    }

    @POST
    @Path("/cancelAction/{actionId}/feedback")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response cancelFeedback(@PathParam("actionId") long actionId, JsonNode body) {
        ddi.cancelFeedback(device.get(), actionId, body);
        return Response.ok().build();
    }

    @PUT
    @Path("/configData")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response configData(JsonNode body) {
        ddi.configData(device.get(), body);
        return Response.ok().build();
    }

    @GET
    @Path("/softwaremodules/{releaseId}/artifacts/{fileName}")
    @Produces(MediaType.WILDCARD)
    public Response download(@PathParam("releaseId") UUID releaseId, @PathParam("fileName") String fileName, @Context HttpHeaders headers) {
        return DownloadResponses.serve(downloads.find(device.get(), releaseId, fileName), headers, true);
    }

    @HEAD
    @Path("/softwaremodules/{releaseId}/artifacts/{fileName}")
    @Produces(MediaType.WILDCARD)
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
