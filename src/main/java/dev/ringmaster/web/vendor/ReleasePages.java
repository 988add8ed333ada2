package dev.ringmaster.web.vendor;

import dev.ringmaster.error.ConflictException;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.api.input.InputRefused;
import dev.ringmaster.release.ProductResource;
import dev.ringmaster.release.ReleaseArtifacts;
import dev.ringmaster.release.Products;
import dev.ringmaster.release.ReleaseKind;
import dev.ringmaster.release.ReleaseResource;
import dev.ringmaster.release.Releases;
import dev.ringmaster.release.ReleaseState;
import dev.ringmaster.rollout.RingPlanResource;
import dev.ringmaster.rollout.RingPlans;
import dev.ringmaster.web.FormCheck;
import dev.ringmaster.web.RolloutConsole;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.time.ZoneId;

/**
 * The vendor's products and releases: create a draft with its artifact (URL, size, sha256) or upload files
 * into it, publish it, start or
 * schedule its rollout on a plan, withdraw it. Rollouts go through {@link RolloutConsole}, releases through
 * {@link Releases}, so the API's rules and audit apply.
 */
@Path("/console/vendor/releases")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({"vendor-admin", "vendor-release-manager", "vendor-viewer"})
public class ReleasePages {

    /** @param plans the product's ring plans, for the start form */
    public record ProductReleases(ProductResource.ProductView product, List<Row> releases, List<RingPlanResource.PlanView> plans) {
    }

    /**
     * A release and its rollout that has not ended, if any.
     */
    public record Row(ReleaseResource.ReleaseView release, RolloutConsole.Summary rollout) {

        /** A published release without a live rollout can get one; the service has the last word. */
        public boolean canStart() {
            return release.state() == ReleaseState.PUBLISHED && rollout == null;
        }

        public boolean canWithdraw() {
            return release.state().canBecome(ReleaseState.WITHDRAWN) && rollout == null;
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<ProductReleases> products, List<String> kinds, List<String> zones,
                                            String notice, List<String> errors);
    }

    /** The start form's zone suggestions: UTC first, then the region/city zones. */
    private static final List<String> ZONES = java.util.stream.Stream.concat(java.util.stream.Stream.of("UTC"),
            ZoneId.getAvailableZoneIds().stream().filter(zone -> zone.contains("/") && !zone.startsWith("Etc/")).sorted()).toList();

    @Inject
    RingPlans plans;

    @Inject
    RolloutConsole rollouts;

    @Inject
    Products products;

    @Inject
    Releases releases;

    @Inject
    FormCheck check;

    @Inject
    ReleaseArtifacts artifacts;

    @GET
    public TemplateInstance list(@QueryParam("notice") String notice) {
        return page(List.of(), switch (notice == null ? "" : notice) {
            case "withdrawn" -> "The release is withdrawn: it is never a target again.";
            case "cancelled" -> "The scheduled rollout is cancelled; the release can get a new one.";
            case "uploaded" -> "The artifact is uploaded and its size and SHA-256 recorded.";
            default -> null;
        });
    }

    /**
     * Starts a rollout of the release through the rollout service the API uses: now (created, then started) or at
     * a time (created with that start; the reconciler starts it). A rollout that cannot start yet (an emergency one
     * waiting for its approvers) stays scheduled, and its page says why.
     */
    @POST
    @Path("/{product}/{version}/rollout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    public Response startRollout(@PathParam("product") String product, @PathParam("version") String version,
                                 @FormParam("plan") String plan, @FormParam("when") String when,
                                 @FormParam("at") String at, @FormParam("zone") String zone) {
        RolloutStartForm.Parsed parsed = new RolloutStartForm(plan, when, at, zone).parse();
        List<String> errors = new ArrayList<>(parsed.errors());
        if (errors.isEmpty()) {
            UUID id;
            try {
                id = rollouts.create(product, version, parsed.plan(), parsed.startAt());
            } catch (UnprocessableException refused) {
                refused.errors().forEach(error -> errors.add(error.field() + ": " + error.message()));
                return Response.status(422).entity(page(errors, null)).build();
            } catch (ConflictException conflict) {
                return Response.status(409).entity(page(List.of(conflict.getMessage()), null)).build();
            }
            if (parsed.startAt() == null) {
                try {
                    rollouts.act(id, RolloutConsole.Action.START, "started from the console");
                } catch (ConflictException notYet) {
                    return Response.seeOther(URI.create("/console/vendor/rollouts/" + id + "?notice=not-started")).build();
                }
            }
            return Response.seeOther(URI.create("/console/vendor/rollouts/" + id)).build();
        }
        return Response.status(422).entity(page(errors, null)).build();
    }

    /** Withdraws the release (never a target again); the form's confirmation box must be ticked, JavaScript or not. */
    @POST
    @Path("/{product}/{version}/withdraw")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    public Response withdraw(@PathParam("product") String product, @PathParam("version") String version,
                             @FormParam("confirm") String confirm) {
        if (!"withdraw".equals(confirm)) {
            return Response.status(422).entity(page(List.of("tick the confirmation to withdraw " + product + " " + version), null)).build();
        }
        try {
            releases.withdraw(product, version);
        } catch (ConflictException refused) {
            return Response.status(409).entity(page(List.of(refused.getMessage()), null)).build();
        }
        return Response.seeOther(URI.create("/console/vendor/releases?notice=withdrawn#" + product)).build();
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
        // No artifact fields at all: a draft whose files are uploaded next.
        boolean noArtifact = Stream.of(artifactName, artifactUrl, artifactSize, sha256).allMatch(field -> field == null || field.isBlank());
        if (noArtifact) {
            errors.clear();
        }
        ReleaseKind releaseKind = Arrays.stream(ReleaseKind.values()).filter(k -> k.name().equals(kind)).findFirst().orElse(ReleaseKind.NORMAL);
        ReleaseResource.CreateRelease request = new ReleaseResource.CreateRelease(version == null ? null : version.strip(),
                notes == null || notes.isBlank() ? null : notes, releaseKind,
                noArtifact ? List.of() : List.of(new ReleaseResource.ArtifactSpec(artifactName, size, sha256 == null ? null : sha256.strip().toLowerCase(), artifactUrl)));
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
        return Response.status(422).entity(page(errors, null)).build();
    }

    @POST
    @Path("/{product}/{version}/publish")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    public Response publish(@PathParam("product") String product, @PathParam("version") String version) {
        try {
            releases.publish(product, version);
        } catch (ConflictException refused) {
            return Response.status(409).entity(page(List.of(refused.getMessage()), null)).build();
        }
        return Response.seeOther(URI.create("/console/vendor/releases#" + product)).build();
    }

    /**
     * Uploads a file into a draft through the same service as the API: the browser's multipart part is on disk
     * (the HTTP layer writes file parts there), and is streamed from there into the store while measured.
     */
    @POST
    @Path("/{product}/{version}/artifacts")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    public Response upload(@PathParam("product") String product, @PathParam("version") String version,
                           @RestForm("file") FileUpload file, @RestForm("sha256") String sha256) {
        String declared = sha256 == null || sha256.isBlank() ? null : sha256.strip().toLowerCase(Locale.ROOT);
        try {
            if (file == null || file.uploadedFile() == null) {
                throw new UnprocessableException("file", "choose a file to upload");
            }
            ReleaseArtifacts.requireName(file.fileName());
            ReleaseArtifacts.requireSha256(declared);
            artifacts.upload(product, version, file.fileName(), new ReleaseArtifacts.Declared(file.size(), declared),
                    Files.newInputStream(file.uploadedFile()));
        } catch (UnprocessableException refused) {
            return Response.status(422).entity(page(refused.errors().stream().map(error -> error.field() + ": " + error.message()).toList(), null)).build();
        } catch (ConflictException refused) {
            return Response.status(409).entity(page(List.of(refused.getMessage()), null)).build();
        } catch (InputRefused refused) {
            return Response.status(refused.status()).entity(page(List.of(refused.getMessage()), null)).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Response.seeOther(URI.create("/console/vendor/releases?notice=uploaded#" + product)).build();
    }

    private TemplateInstance page(List<String> errors, String notice) {
        Map<String, RolloutConsole.Summary> live = new HashMap<>();
        rollouts.list().stream().filter(rollout -> !rollout.ended())
                .forEach(rollout -> live.put(rollout.product() + "/" + rollout.version(), rollout));
        List<ProductReleases> all = products.list().stream()
                .map(product -> new ProductReleases(product, releases.list(product.key()).stream()
                        .map(release -> new Row(release, live.get(product.key() + "/" + release.version()))).toList(),
                        plans.list(product.key())))
                .toList();
        return Templates.list(all, Arrays.stream(ReleaseKind.values()).map(Enum::name).toList(), ZONES, notice, errors);
    }
}
