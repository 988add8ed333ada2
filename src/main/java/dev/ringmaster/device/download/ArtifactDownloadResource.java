package dev.ringmaster.device.download;

import dev.ringmaster.api.ApiDescription;
import dev.ringmaster.artifact.DeviceLinks;
import dev.ringmaster.device.CurrentDevice;
import dev.ringmaster.device.DeviceAuthenticated;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.UUID;

/**
 * {@code GET /api/device/v1/artifacts/{releaseId}/{name}}: the native agent's download of an uploaded artifact
 * (the link its check-in answer and the signed manifest carry), with the device's own token.
 */
@Path(DeviceLinks.PREFIX + "{releaseId}/{name}")
@Produces(MediaType.WILDCARD)
@DeviceAuthenticated
@SecurityRequirement(name = ApiDescription.DEVICE_TOKEN)
@RunOnVirtualThread
public class ArtifactDownloadResource {

    @Inject
    ArtifactDownloads downloads;

    @Inject
    CurrentDevice device;

    @GET
    @APIResponse(responseCode = "200", description = "The artifact's bytes", headers = {
            @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
            @Header(name = "Accept-Ranges", schema = @Schema(type = SchemaType.STRING))},
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "206", description = "The requested range of the artifact's bytes",
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "304", description = "The artifact matches the ETag sent in If-None-Match")
    @APIResponse(responseCode = "416", description = "The range lies outside the artifact")
    public Response download(@PathParam("releaseId") UUID releaseId, @PathParam("name") String name, @Context HttpHeaders headers) {
        return DownloadResponses.serve(downloads.find(device.get(), releaseId, name), headers, true);
    }

    @HEAD
    @APIResponse(responseCode = "200", description = "The GET answer's headers (Content-Length, ETag, Accept-Ranges), without the bytes")
    @APIResponse(responseCode = "304", description = "The artifact matches the ETag sent in If-None-Match")
    public Response head(@PathParam("releaseId") UUID releaseId, @PathParam("name") String name, @Context HttpHeaders headers) {
        return DownloadResponses.serve(downloads.find(device.get(), releaseId, name), headers, false);
    }

    @ServerExceptionMapper
    public Response unavailable(ArtifactStore.Unavailable e, UriInfo uri) {
        return DownloadResponses.unavailable(e, uri.getPath());
    }
}
