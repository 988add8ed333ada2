package dev.ringmaster.device.feedback;

import dev.ringmaster.api.ApiDescription;
import dev.ringmaster.device.CurrentDevice;
import dev.ringmaster.device.DeviceAuthenticated;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * {@code POST /api/device/v1/events}: a device reports progress and the result of an action it was offered.
 * 201 when stored, 200 for a retry of a report already stored; 404 for an action that is not the device's,
 * 409 for a report out of order, after the final result, or reusing an event id for something else.
 */
@Path(FeedbackResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@DeviceAuthenticated
@SecurityRequirement(name = ApiDescription.DEVICE_TOKEN)
@RunOnVirtualThread // as CheckInResource, and for the same reason
public class FeedbackResource {

    static final String PATH = "/api/device/v1/events";

    @Inject
    Feedback feedback;

    @Inject
    CurrentDevice device;

    @POST
    @APIResponse(responseCode = "201", description = "Stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Feedback.Outcome.class)))
    @APIResponse(responseCode = "200", description = "A retry of a report already stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Feedback.Outcome.class)))
    public Response report(@Valid @NotNull DeviceReport report) {
        Feedback.Outcome outcome = feedback.report(device.get(), report);
        return Response.status(outcome.recorded() ? Response.Status.CREATED : Response.Status.OK).entity(outcome).build();
    }
}
