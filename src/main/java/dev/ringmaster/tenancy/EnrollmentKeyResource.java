package dev.ringmaster.tenancy;

import dev.ringmaster.api.SafeText;
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
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A tenant's enrollment keys. The secret is shown once, in the answer to its creation. */
@Path("/api/v1/enrollment-keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EnrollmentKeyResource {

    /**
     * {@code validFor} is an ISO-8601 duration, at most a year; {@code deviceIdPatterns}, when given, hold the key
     * to device ids matching one of them ({@link DeviceIdScope}).
     */
    public record CreateKey(@NotBlank @SafeText @Size(max = 100) String name,
                            @NotNull Duration validFor,
                            @Min(1) @Max(1_000_000) int maxUses,
                            @Size(max = 50) List<@NotNull @Pattern(regexp = DeviceIdScope.PATTERN_REGEX,
                                    message = "1-128 letters, digits, '.', '_', ':', '-' and the wildcards '*' and '?'") String> deviceIdPatterns) {
    }

    public record KeyView(UUID id, String name, Instant expiresAt, int maxUses, int uses, Instant revokedAt,
                          String createdBy, Instant createdAt, List<String> deviceIdPatterns) {

        public static KeyView of(EnrollmentKey key) {
            return new KeyView(key.id, key.name, key.expiresAt, key.maxUses, key.uses, key.revokedAt, key.createdBy, key.createdAt,
                    key.deviceIdPatterns);
        }
    }

    public record CreatedKey(KeyView key, String secret) {
    }

    @Inject
    EnrollmentKeys keys;

    @GET
    @RolesAllowed({"tenant-admin", "tenant-operator", "tenant-viewer"})
    public List<KeyView> list() {
        return keys.list().stream().map(KeyView::of).toList();
    }

    @POST
    @RolesAllowed("tenant-admin")
    @APIResponseSchema(value = CreatedKey.class, responseCode = "201", responseDescription = "Created; the secret is shown only here")
    public Response create(@Valid @NotNull CreateKey request) {
        EnrollmentKeys.Issued issued = keys.create(request.name(), request.validFor(), request.maxUses(),
                request.deviceIdPatterns() == null ? List.of() : request.deviceIdPatterns());
        return Response.status(Response.Status.CREATED).entity(new CreatedKey(KeyView.of(issued.key()), issued.secret())).build();
    }

    @POST
    @Path("/{id}/revoke")
    @RolesAllowed("tenant-admin")
    public KeyView revoke(@PathParam("id") UUID id) {
        return KeyView.of(keys.revoke(id));
    }
}
