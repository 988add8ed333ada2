package dev.ringmaster.device.checkin;

import dev.ringmaster.api.ApiDescription;
import dev.ringmaster.device.CurrentDevice;
import dev.ringmaster.device.DeviceAuthenticated;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * {@code POST /api/device/v1/check-in}: the device reports what it runs and learns what to do. A device that
 * sends the ETag of its last answer in {@code If-None-Match} gets 304 while that answer still holds; see
 * docs/device-api.md for why a POST answers 304 here. Most check-ins whose decision is cached and holds (with a
 * tag or without) are answered before this endpoint runs, by {@link HeldDecisionRoute} on the I/O thread; the
 * rest come here.
 *
 * <p>Device endpoints run on virtual threads: a check-in may wait on one database round trip (a device's first
 * poll, or its first after its rows changed), and a parked virtual thread costs less switching between
 * operating-system threads than a blocked worker thread, which on a small machine is much of a check-in's cost
 * (load benchmark, 24 Nov, rows read on every poll: full check-ins at 32 % of the floor on worker threads,
 * 35–37 % on virtual threads).
 */
@Path(CheckInResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@DeviceAuthenticated
@SecurityRequirement(name = ApiDescription.DEVICE_TOKEN)
@RunOnVirtualThread
public class CheckInResource {

    /** Also where {@link HeldDecisionRoute} listens, ahead of this endpoint. */
    static final String PATH = "/api/device/v1/check-in";

    @Inject
    CheckIns checkIns;

    @Inject
    CurrentDevice device;

    @POST
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CheckInRequest.class),
            examples = @ExampleObject(name = "agent", summary = "What the device runs, and its attributes",
                    value = "{\"installed\": {\"agent\": \"4.1.2\"}, \"attributes\": {\"osBuild\": \"21.3\"}}")))
    @APIResponse(responseCode = "200", description = "The decision: a release with its signed manifest, or when to come back",
            headers = {@Header(name = "ETag", description = "Send it back in If-None-Match", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "Retry-After", description = "Seconds until the next check-in", schema = @Schema(type = SchemaType.INTEGER))},
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CheckInAnswer.class)))
    @APIResponse(responseCode = "304", description = "The answer of the ETag sent in If-None-Match still holds")
    public Response checkIn(CheckInRequest request, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        CheckIns.Result result = checkIns.checkIn(device.get(), request, ifNoneMatch);
        Response.ResponseBuilder response = result.notModified() ? Response.notModified() : Response.ok(result.answer());
        return response.tag(new jakarta.ws.rs.core.EntityTag(result.etag().substring(1, result.etag().length() - 1)))
                .header(HttpHeaders.RETRY_AFTER, result.retryAfterSeconds())
                .header(HttpHeaders.CACHE_CONTROL, CheckIns.CACHE_CONTROL)
                .build();
    }
}
