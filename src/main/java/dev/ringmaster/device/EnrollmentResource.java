package dev.ringmaster.device;

import dev.ringmaster.api.ApiDescription;
import dev.ringmaster.api.IanaZone;
import dev.ringmaster.api.SafeText;
import dev.ringmaster.tenancy.Device;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;

import java.util.Map;
import java.util.UUID;

/** Device enrollment, and a device's view of itself. */
@Path("/api/device/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EnrollmentResource {

    /** What a device presents once, with its tenant's enrollment key. */
    public record EnrollRequest(
            @NotBlank @Size(max = 200) String enrollmentKey,
            @NotNull @Pattern(regexp = Device.EXTERNAL_ID_REGEX,
                    message = "1-128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit") String deviceId,
            @SafeText @Size(max = 200) String name,
            @IanaZone String timeZone,
            // Checked by DeviceAttributes, the one place of their rules.
            Map<String, Object> attributes,
            @Size(max = 20) Map<@Size(max = 64) String, @Size(max = 64) String> installed) {
    }

    /** The token is shown only here; the service keeps its hash. */
    public record Enrolled(UUID id, String deviceId, String tenant, String token) {
    }

    @Inject
    DeviceEnrollment enrollment;

    @Inject
    CurrentDevice currentDevice;

    @POST
    @Path("/enroll")
    @PermitAll
    // Anyone with the tenant's enrollment key; a device enrolling again also sends its current token.
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = ApiDescription.DEVICE_TOKEN))
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = EnrollRequest.class),
            examples = @ExampleObject(name = "device", summary = "A device enrolling with its tenant's key",
                    value = "{\"enrollmentKey\": \"rmk_…\", \"deviceId\": \"pos-0042\", \"name\": \"Till 42\", "
                            + "\"timeZone\": \"Europe/Berlin\", \"installed\": {\"agent\": \"4.1.2\"}}")))
    @APIResponseSchema(value = Enrolled.class, responseCode = "201", responseDescription = "Enrolled; the token is shown only here")
    public Response enroll(@Valid @NotNull EnrollRequest request, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        // A device enrolling again proves it is itself with the token it holds.
        return Response.status(Response.Status.CREATED)
                .entity(enrollment.enroll(request, DeviceTokenFilter.tokenHash(authorization))).build();
    }

    @GET
    @Path("/self")
    @DeviceAuthenticated
    @SecurityRequirement(name = ApiDescription.DEVICE_TOKEN)
    public DeviceEnrollment.SelfView self() {
        return enrollment.self(currentDevice.get());
    }
}
