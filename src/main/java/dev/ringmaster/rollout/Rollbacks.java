package dev.ringmaster.rollout;

import dev.ringmaster.error.ConflictException;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.release.Release;
import dev.ringmaster.release.ReleaseKind;
import dev.ringmaster.release.ReleaseResource;
import dev.ringmaster.release.ReleaseState;
import dev.ringmaster.release.Releases;
import dev.ringmaster.rollout.engine.RolloutState;
import dev.ringmaster.schedule.SemanticVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/**
 * Rolling a bad release back: its rollout stops, the newest completed release before it is published again as a
 * rollback release ({@code <version>+rollback.<n>}, same artifacts, its own signed manifest), and that release
 * starts its own rollout on the product's default plan, ring by ring like any other. A rollback release is the
 * one kind a device may install although it has a higher version.
 */
@ApplicationScoped
public class Rollbacks {

    public record RollbackView(ReleaseResource.ReleaseView release, RolloutView rollout, RolloutView stopped) {
    }

    @Inject
    Rollouts rollouts;

    @Inject
    Releases releases;

    /** A rollout that never started (scheduled, or aborted before its start) installed nothing to roll back. */
    public static boolean startedEver(Instant startedAt) {
        return startedAt != null;
    }

    @Transactional
    public RollbackView rollBack(UUID rolloutId, String actor, String reason, Instant at) {
        if (reason == null || reason.isBlank()) {
            throw new UnprocessableException("reason", "a rollback needs a reason");
        }
        RolloutRecord bad = rollouts.locked(rolloutId);
        if (!startedEver(bad.startedAt)) {
            throw new ConflictException("rollout " + rolloutId + " never started, so it installed nothing to roll back"
                    + (RolloutState.fromCode(bad.state) == RolloutState.SCHEDULED ? "; abort it instead" : ""));
        }
        Release badRelease = bad.release;
        SemanticVersion badVersion = SemanticVersion.parse(badRelease.version);
        Release previous = Release.<Release>list("product = ?1 and state = ?2 and kind <> ?3", badRelease.product,
                        ReleaseState.COMPLETED, ReleaseKind.ROLLBACK).stream()
                .filter(release -> SemanticVersion.parse(release.version).compareTo(badVersion) < 0)
                .min(Release.NEWEST_FIRST)
                .orElseThrow(() -> new ConflictException("no completed release of '" + badRelease.product.key
                        + "' before " + badRelease.version + " to roll back to"));

        RolloutState state = RolloutState.fromCode(bad.state);
        if (!state.isTerminal()) {
            RolloutAction stop = state == RolloutState.SCHEDULED ? RolloutAction.ABORT : RolloutAction.EMERGENCY_STOP;
            rollouts.act(bad.id, stop, actor, "rolled back to " + previous.version + ": " + reason, at);
        }

        long earlier = Release.count("rollbackOf = ?1", badRelease);
        String version = coreVersion(previous.version) + "+rollback." + (earlier + 1);
        ReleaseResource.CreateRelease request = new ReleaseResource.CreateRelease(version,
                "Rollback of " + badRelease.version + " to " + previous.version + ": " + reason, ReleaseKind.ROLLBACK,
                previous.artifacts.stream().map(artifact -> new ReleaseResource.ArtifactSpec(artifact.name,
                        artifact.sizeBytes, artifact.sha256, artifact.externalUrl)).toList());
        releases.create(badRelease.product.key, request);
        Release rollback = Release.find(badRelease.product, version).orElseThrow();
        rollback.rollbackOf = badRelease;
        ReleaseResource.ReleaseView published = releases.publish(badRelease.product.key, version);

        RingPlan plan = RingPlan.<RingPlan>find("product = ?1 and isDefault = true", badRelease.product)
                .firstResultOptional().orElse(bad.plan);
        RolloutRecord record = rollouts.insert(rollback, plan, actor, at);
        RolloutView started = rollouts.act(record.id, RolloutAction.START, actor,
                "rollback of " + badRelease.version + ": " + reason, at);
        return new RollbackView(published, started, rollouts.view(bad, false, at));
    }

    /** The version without build metadata, which a rollback version replaces with its own. */
    private static String coreVersion(String version) {
        int plus = version.indexOf('+');
        return plus < 0 ? version : version.substring(0, plus);
    }
}
