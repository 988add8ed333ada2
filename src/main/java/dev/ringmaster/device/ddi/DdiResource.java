package dev.ringmaster.device.ddi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ringmaster.device.CurrentDevice;
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
import org.jboss.resteasy.reactive.PathPart;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    @Inject
    Ddi ddi;

    @Inject
    CurrentDevice device;

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
        return serve(ddi.artifact(device.get(), releaseId, fileName), headers, true);
    }

    @HEAD
    @Path("/softwaremodules/{releaseId}/artifacts/{fileName}")
    @Produces(MediaType.WILDCARD)
    public Response head(@PathParam("releaseId") UUID releaseId, @PathParam("fileName") String fileName, @Context HttpHeaders headers) {
        return serve(ddi.artifact(device.get(), releaseId, fileName), headers, false);
    }

    /** Whole file, or one byte range of it (resumed downloads); the ETag is the file's SHA-256. */
    private static Response serve(Ddi.Download download, HttpHeaders headers, boolean body) {
        long size = download.digests().size();
        String etag = "\"" + download.digests().sha256() + "\"";
        String ifNoneMatch = headers.getHeaderString(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.strip().equals("*"))) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).build();
        }
        String range = headers.getHeaderString("Range");
        String ifRange = headers.getHeaderString("If-Range");
        boolean useRange = range != null && (ifRange == null || ifRange.strip().equals(etag));
        long first = 0;
        long last = size - 1;
        if (useRange) {
            Matcher matcher = RANGE.matcher(range.strip());
            if (!matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
                return unsatisfiable(size);
            }
            if (matcher.group(1).isEmpty()) {
                first = Math.max(0, size - Long.parseLong(matcher.group(2)));
            } else {
                first = Long.parseLong(matcher.group(1));
                if (!matcher.group(2).isEmpty()) {
                    last = Math.min(last, Long.parseLong(matcher.group(2)));
                }
            }
            if (first >= size || first > last) {
                return unsatisfiable(size);
            }
        }
        long length = last - first + 1;
        Response.ResponseBuilder response = Response.status(useRange ? 206 : 200)
                .type(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.ETAG, etag)
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + download.name().replace("\"", "") + "\"")
                .header(HttpHeaders.CONTENT_LENGTH, length);
        if (useRange) {
            response.header("Content-Range", "bytes " + first + "-" + last + "/" + size);
        }
        if (body) {
            response.entity(new PathPart(download.path(), first, length));
        }
        return response.build();
    }

    private static Response unsatisfiable(long size) {
        return Response.status(416).type(Problem.MEDIA_TYPE).header("Content-Range", "bytes */" + size)
                .entity(new Problem("about:blank", "Range Not Satisfiable", 416, "the range is outside the file", null, null)).build();
    }

    @ServerExceptionMapper
    public Response gone(Ddi.Gone e, UriInfo uri) {
        return Response.status(410).type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", "Gone", 410, e.getMessage(), uri.getPath(), null)).build();
    }

    @ServerExceptionMapper
    public Response unavailable(ArtifactStore.Unavailable e, UriInfo uri) {
        return Response.status(502).type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", "Bad Gateway", 502, e.getMessage(), uri.getPath(), null)).build();
    }
}
