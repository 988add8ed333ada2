package dev.ringmaster.tenancy;

import dev.ringmaster.api.Page;
import dev.ringmaster.api.SafeText;
import dev.ringmaster.device.feedback.DeviceHistory;
import dev.ringmaster.error.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The caller's tenant's devices. */
@Path("/api/v1/devices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DeviceResource {

    public record Rename(@NotBlank @SafeText @Size(max = 200) String name) {
    }

    @Inject
    Devices devices;

    @Inject
    DeviceImport deviceImport;

    /** {@code attribute=key=value}, repeatable: devices whose attributes hold every pair named. */
    @GET
    @RolesAllowed({"tenant-admin", "tenant-operator", "tenant-viewer"})
    public Page<DeviceViews.Summary> list(@QueryParam("q") @Size(max = 100) String text,
                                          @QueryParam("group") @Size(max = 100) String group,
                                          @QueryParam("status") @Pattern(regexp = "active|retired",
                                                  message = "one of active, retired") String status,
                                          @QueryParam("attribute") @Size(max = AttributeFilter.MAX_PAIRS) List<String> attributes,
                                          @QueryParam("sort") @DefaultValue("deviceId")
                                          @Pattern(regexp = "-?(deviceId|name|lastSeenAt|createdAt)",
                                                  message = "one of deviceId, name, lastSeenAt, createdAt, optionally with a leading '-'") String sort,
                                          @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
                                          @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return devices.find(new Devices.Query(Optional.ofNullable(text).filter(t -> !t.isBlank()),
                Optional.ofNullable(group), Optional.ofNullable(status).map(DeviceStatus::valueOf),
                AttributeFilter.parse("attribute", attributes), sort, page, size));
    }

    /**
     * Bulk import from CSV ({@code text/csv}): all rows are checked first, and any error refuses the whole
     * file with every problem listed by row and column. {@code dryRun=true} only checks and counts.
     */
    @POST
    @Path("/import")
    @Consumes("text/csv")
    @RolesAllowed({"tenant-admin", "tenant-operator"})
    @APIResponseSchema(value = DeviceImport.Result.class, responseDescription = "Imported, or only checked and counted with dryRun")
    public Response importCsv(String csv, @QueryParam("dryRun") @DefaultValue("false") boolean dryRun) {
        DeviceImport.Result result = deviceImport.importCsv(csv, dryRun);
        if (!result.errors().isEmpty()) {
            return Response.status(422).type(Problem.MEDIA_TYPE)
                    .entity(new Problem("about:blank", "Unprocessable Content", 422,
                            result.errors().size() + " problem(s) in the file; nothing was imported", "/api/v1/devices/import",
                            result.errors()))
                    .build();
        }
        return Response.ok(result).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"tenant-admin", "tenant-operator", "tenant-viewer"})
    public DeviceViews.Detail get(@PathParam("id") UUID id) {
        return devices.detail(id);
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed({"tenant-admin", "tenant-operator"})
    public DeviceViews.Detail rename(@PathParam("id") UUID id, @Valid @NotNull Rename request) {
        return devices.rename(id, request.name());
    }

    /** The device's history: offers, every progress message, warnings, results, silence; newest first. */
    @GET
    @Path("/{id}/events")
    @RolesAllowed({"tenant-admin", "tenant-operator", "tenant-viewer"})
    public List<DeviceHistory.Entry> events(@PathParam("id") UUID id,
                                            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return devices.history(id, limit);
    }

    /** Asks a DDI device for its attributes (hawkBit configData) at its next poll; 204. */
    @POST
    @Path("/{id}/attributes-request")
    @RolesAllowed({"tenant-admin", "tenant-operator"})
    @APIResponse(responseCode = "204", description = "Asked; the device sends them at its next poll")
    public Response requestAttributes(@PathParam("id") UUID id) {
        devices.requestAttributes(id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/retire")
    @RolesAllowed({"tenant-admin", "tenant-operator"})
    public DeviceViews.Detail retire(@PathParam("id") UUID id) {
        return devices.retire(id);
    }

    /**
     * Lets the device's next enrollment through without its current token, for 24 hours (a replaced board, a wiped
     * disk); its current token keeps working until then. Audited.
     */
    @POST
    @Path("/{id}/reprovision")
    @RolesAllowed("tenant-admin")
    public Devices.Reprovisioned reprovision(@PathParam("id") UUID id) {
        return devices.reprovision(id);
    }
}
