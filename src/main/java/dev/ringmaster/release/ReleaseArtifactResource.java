package dev.ringmaster.release;

import dev.ringmaster.error.UnprocessableException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.smallrye.common.annotation.Blocking;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

import java.io.InputStream;

/**
 * {@code PUT /api/v1/products/{key}/releases/{version}/artifacts/{name}}: the body is the file, streamed to the
 * store; {@code sha256} and {@code size} say what it must be. {@code DELETE} removes it from the draft.
 */
@Path("/api/v1/products/{key}/releases/{version}/artifacts/{name}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"vendor-admin", "vendor-release-manager"})
@Blocking
public class ReleaseArtifactResource {

    @Inject
    ReleaseArtifacts artifacts;

    @PUT
    @Consumes(MediaType.WILDCARD)
    @APIResponseSchema(value = ReleaseResource.ReleaseView.class, responseCode = "201", responseDescription = "Stored; the draft release with the artifact")
    public Response upload(@PathParam("key") String product, @PathParam("version") String version,
                           @PathParam("name") String name, @QueryParam("sha256") String sha256,
                           @QueryParam("size") String size, InputStream body) {
        ReleaseArtifacts.requireName(name);
        ReleaseArtifacts.requireSha256(sha256);
        Long declaredSize = null;
        if (size != null) {
            try {
                declaredSize = Long.parseLong(size);
            } catch (NumberFormatException e) {
                throw new UnprocessableException("size", "must be a whole number of bytes");
            }
            if (declaredSize < 0) {
                throw new UnprocessableException("size", "must be a whole number of bytes");
            }
        }
        return Response.status(Response.Status.CREATED)
                .entity(artifacts.upload(product, version, name, new ReleaseArtifacts.Declared(declaredSize, sha256), body)).build();
    }

    @DELETE
    public ReleaseResource.ReleaseView remove(@PathParam("key") String product, @PathParam("version") String version,
                                              @PathParam("name") String name) {
        ReleaseArtifacts.requireName(name);
        return artifacts.remove(product, version, name);
    }
}
