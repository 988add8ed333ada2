package dev.ringmaster.web.vendor;

import dev.ringmaster.error.ConflictException;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.release.ProductResource;
import dev.ringmaster.release.Products;
import dev.ringmaster.release.ReleaseKind;
import dev.ringmaster.release.ReleaseResource;
import dev.ringmaster.release.Releases;
import dev.ringmaster.web.FormCheck;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The vendor's products and releases: create a draft with its artifact (URL, size, sha256), publish it. */
@Path("/console/vendor/releases")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({"vendor-admin", "vendor-release-manager", "vendor-viewer"})
public class ReleasePages {

    public record ProductReleases(ProductResource.ProductView product, List<ReleaseResource.ReleaseView> releases) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<ProductReleases> products, List<String> kinds, List<String> errors);
    }

    @Inject
    Products products;

    @Inject
    Releases releases;

    @Inject
    FormCheck check;

    @GET
    public TemplateInstance list() {
        return page(List.of());
    }

    @POST
    @Path("/{product}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    public Response create(@PathParam("product") String product, @FormParam("version") String version,
                           @FormParam("notes") String notes, @FormParam("kind") String kind,
                           @FormParam("artifactName") String artifactName, @FormParam("artifactUrl") String artifactUrl,
                           @FormParam("artifactSize") String artifactSize, @FormParam("artifactSha256") String sha256) {
        List<String> errors = new ArrayList<>();
        Long size = null;
        try {
            size = Long.parseLong(artifactSize == null ? "" : artifactSize.strip());
        } catch (NumberFormatException e) {
            errors.add("artifact size: a whole number of bytes");
        }
        ReleaseKind releaseKind = Arrays.stream(ReleaseKind.values()).filter(k -> k.name().equals(kind)).findFirst().orElse(ReleaseKind.NORMAL);
        ReleaseResource.CreateRelease request = new ReleaseResource.CreateRelease(version == null ? null : version.strip(),
                notes == null || notes.isBlank() ? null : notes, releaseKind,
                List.of(new ReleaseResource.ArtifactSpec(artifactName, size, sha256 == null ? null : sha256.strip().toLowerCase(), artifactUrl)));
        errors.addAll(check.problems(request));
        if (errors.isEmpty()) {
            try {
                releases.create(product, request);
                return Response.seeOther(URI.create("/console/vendor/releases#" + product)).build();
            } catch (UnprocessableException refused) {
                refused.errors().forEach(error -> errors.add(error.field() + ": " + error.message()));
            } catch (ConflictException conflict) {
                errors.add(conflict.getMessage());
            }
        }
        return Response.status(422).entity(page(errors)).build();
    }

    @POST
    @Path("/{product}/{version}/publish")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    public Response publish(@PathParam("product") String product, @PathParam("version") String version) {
        try {
            releases.publish(product, version);
        } catch (ConflictException refused) {
            return Response.status(409).entity(page(List.of(refused.getMessage()))).build();
        }
        return Response.seeOther(URI.create("/console/vendor/releases#" + product)).build();
    }

    private TemplateInstance page(List<String> errors) {
        List<ProductReleases> all = products.list().stream()
                .map(product -> new ProductReleases(product, releases.list(product.key()))).toList();
        return Templates.list(all, Arrays.stream(ReleaseKind.values()).map(Enum::name).toList(), errors);
    }
}
