package dev.ringmaster.sample;

import dev.ringmaster.release.Product;
import dev.ringmaster.release.Release;
import dev.ringmaster.release.ReleaseKind;
import dev.ringmaster.release.ReleaseResource;
import dev.ringmaster.release.Releases;
import dev.ringmaster.rollout.RolloutAction;
import dev.ringmaster.rollout.RolloutView;
import dev.ringmaster.rollout.Rollouts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/**
 * The sample releases of {@code vendor.yaml}, created, published and rolled out through the same services as
 * the vendor API, so the sample history is made of real, audited transitions. A release that exists is left
 * as it is, whatever happened to it since.
 */
@ApplicationScoped
class SampleReleases {

    private static final String ACTOR = "sample-loader";

    @Inject
    Releases releases;

    @Inject
    Rollouts rollouts;

    /** @return how many releases it created */
    int load(Product product, List<VendorDocument.ReleaseEntry> entries, Instant now) {
        int created = 0;
        for (VendorDocument.ReleaseEntry entry : entries) {
            if (Release.find(product, entry.version()).isPresent()) {
                continue;
            }
            List<ReleaseResource.ArtifactSpec> artifacts = entry.artifacts() == null ? List.of()
                    : entry.artifacts().stream().map(artifact -> new ReleaseResource.ArtifactSpec(artifact.name(),
                            artifact.sizeBytes(), artifact.sha256(), artifact.url())).toList();
            releases.create(product.key, new ReleaseResource.CreateRelease(entry.version(), entry.notes(),
                    ReleaseKind.NORMAL, artifacts), ACTOR);
            releases.publish(product.key, entry.version());
            roll(product, entry, now);
            created++;
        }
        return created;
    }

    private void roll(Product product, VendorDocument.ReleaseEntry entry, Instant now) {
        String rollout = entry.rollout() == null ? "none" : entry.rollout();
        if (rollout.equals("none")) {
            return;
        }
        RolloutView view = rollouts.create(new Rollouts.CreateRollout(product.key, entry.version(), null), ACTOR, now);
        view = rollouts.act(view.id(), RolloutAction.START, ACTOR, "sample history", now);
        if (rollout.equals("completed")) {
            while (!view.state().equals("completed")) {
                view = rollouts.act(view.id(), RolloutAction.PROMOTE, ACTOR, "sample history", now);
            }
        } else if (!rollout.equals("running")) {
            throw new SampleException(SampleFiles.VENDOR_FILE + ": release " + entry.version() + " of " + product.key
                    + ": rollout must be none, running or completed, was '" + rollout + "'");
        }
    }
}
