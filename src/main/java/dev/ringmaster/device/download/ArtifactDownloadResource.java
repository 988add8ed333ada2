package dev.ringmaster.device.download;

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
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.UUID;

/**
 * {@code GET /api/device/v1/artifacts/{releaseId}/{name}}: the native agent's download of an uploaded artifact
 * (the link its check-in answer and the signed manifest carry), with the device's own token.
 */
@Path(DeviceLinks.PREFIX + "{releaseId}/{name}")
@Produces(MediaType.WILDCARD)
@DeviceAuthenticated
@RunOnVirtualThread
public class ArtifactDownloadResource {

    @Inject
    ArtifactDownloads downloads;

    @Inject
    CurrentDevice device;

    @GET
    public Response download(@PathParam("releaseId") UUID releaseId, @PathParam("name") String name, @Context HttpHeaders headers) {
        return DownloadResponses.serve(downloads.find(device.get(), releaseId, name), headers, true);
    }

    @HEAD
    public Response head(@PathParam("releaseId") UUID releaseId, @PathParam("name") String name, @Context HttpHeaders headers) {
        return DownloadResponses.serve(downloads.find(device.get(), releaseId, name), headers, false);
    }

    @ServerExceptionMapper
    public Response unavailable(ArtifactStore.Unavailable e, UriInfo uri) {
        return DownloadResponses.unavailable(e, uri.getPath());
    }
}
