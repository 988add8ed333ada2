package dev.ringmaster.release;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.ringmaster.api.Page;
import dev.ringmaster.api.SafeText;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A product's releases. Vendor staff see every state; tenant users see a release only once it has been
 * published. Vendor admins and release managers create, publish and withdraw.
 */
@Path("/api/v1/products/{key}/releases")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({"vendor-admin", "vendor-release-manager", "vendor-viewer", "tenant-admin", "tenant-operator", "tenant-viewer"})
public class ReleaseResource {

    /** An artifact linked at an external URL (uploads go through {@link ReleaseArtifactResource}). */
    public record ArtifactSpec(@NotBlank @SafeText @Size(max = 200) String name,
                               @NotNull @Positive Long sizeBytes,
                               @NotNull @Pattern(regexp = "[0-9a-f]{64}", message = "must be 64 lower-case hex digits") String sha256,
                               @NotBlank @Size(max = 2048) String url) {
    }

    /** {@code kind} defaults to normal. jsonb cannot hold NUL, so notes may not either. */
    public record CreateRelease(@NotBlank @Size(max = 100) String version,
                                @Size(max = 20_000) @Pattern(regexp = "[^\\x00]*", message = "must not contain NUL characters") String notes,
                                ReleaseKind kind,
                                @Size(max = 100) List<@Valid @NotNull ArtifactSpec> artifacts) {
    }

    /** {@code url} is what devices fetch: the linked URL, or the service's path of an uploaded ({@code stored}) file. */
    public record ArtifactView(String name, long sizeBytes, String sha256, String url, boolean stored) {
    }

    /** {@code keyId} names the key of the manifest's signature; null before publishing. */
    public record ReleaseView(String product, String version, ReleaseKind kind, ReleaseState state, String notes,
                              List<ArtifactView> artifacts, String keyId, String createdBy, Instant createdAt,
                              Instant publishedAt) {
    }

    /** {@code manifest} is the exact canonical text whose UTF-8 bytes the signature covers. */
    public record SignedManifest(String manifest, String signature, String keyId) {
    }

    @Inject
    Releases releases;

    /** Newest version first, a page at a time; {@code state} narrows the list. */
    @GET
    public Page<ReleaseView> list(@PathParam("key") String product,
                                  @QueryParam("state") @Pattern(regexp = "draft|published|rolling_out|completed|halted|withdrawn",
                                          message = "one of draft, published, rolling_out, completed, halted, withdrawn") String state,
                                  @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
                                  @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return releases.find(product, Optional.ofNullable(state).map(ReleaseState::fromKey), page, size);
    }

    @POST
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    @APIResponseSchema(value = ReleaseView.class, responseCode = "201", responseDescription = "Created as a draft")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CreateRelease.class),
            examples = @ExampleObject(name = "linked", summary = "A draft with one artifact linked by URL",
                    value = "{\"version\": \"4.2.0\", \"notes\": \"Faster check-ins\", \"kind\": \"normal\", \"artifacts\": [{\"name\": \"agent-4.2.0.swu\", "
                            + "\"sizeBytes\": 10485760, \"sha256\": \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\", "
                            + "\"url\": \"https://downloads.example.com/agent/4.2.0.swu\"}]}")))
    public Response create(@PathParam("key") String product, @Valid @NotNull CreateRelease request) {
        return Response.status(Response.Status.CREATED).entity(releases.create(product, request)).build();
    }

    @GET
    @Path("/{version}")
    public ReleaseView get(@PathParam("key") String product, @PathParam("version") String version) {
        return releases.get(product, version);
    }

    @GET
    @Path("/{version}/manifest")
    public SignedManifest manifest(@PathParam("key") String product, @PathParam("version") String version) {
        return releases.manifest(product, version);
    }

    @POST
    @Path("/{version}/publish")
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    public ReleaseView publish(@PathParam("key") String product, @PathParam("version") String version) {
        return releases.publish(product, version);
    }

    @POST
    @Path("/{version}/withdraw")
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    public ReleaseView withdraw(@PathParam("key") String product, @PathParam("version") String version) {
        return releases.withdraw(product, version);
    }
}
