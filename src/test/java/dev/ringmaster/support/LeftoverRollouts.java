package dev.ringmaster.support;

import dev.ringmaster.rollout.RolloutAction;
import dev.ringmaster.rollout.RolloutView;
import dev.ringmaster.rollout.Rollouts;
import dev.ringmaster.rollout.engine.RolloutState;
import dev.ringmaster.tenancy.BackgroundScope;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Rollouts a finished test class left open, aborted by the vendor when the next class starts. Every open rollout is
 * in every reconciler pass, so without this each class paid for all the rollouts of the classes before it. The
 * sample tenants' rollouts, open before the first class started, stay. Through the service the vendor API calls,
 * as {@link TestTenant#suspend()}: between classes RestAssured does not know the service's port yet.
 */
final class LeftoverRollouts {

    private static final List<RolloutState> OPEN = List.of(RolloutState.SCHEDULED, RolloutState.RUNNING,
            RolloutState.PAUSED, RolloutState.ON_HOLD);
    private static final int PAGE = 500;

    /** Rollouts open before the first test class started: the samples' own. */
    private static Set<UUID> samples;

    private LeftoverRollouts() {
    }

    static void abort() {
        ManagedContext requestContext = Arc.container().requestContext();
        boolean activated = !requestContext.isActive();
        if (activated) {
            requestContext.activate();
        }
        try {
            BackgroundScope.asSystem(() -> {
                Rollouts rollouts = Arc.container().instance(Rollouts.class).get();
                Set<UUID> open = open(rollouts);
                if (samples == null) {
                    samples = Set.copyOf(open);
                    return;
                }
                open.removeAll(samples);
                for (UUID id : open) {
                    rollouts.act(id, RolloutAction.ABORT, VendorApi.MANAGER, "the test class that started it has ended",
                            TimeMachine.now());
                }
            });
        } finally {
            if (activated) {
                requestContext.terminate();
            }
        }
    }

    private static Set<UUID> open(Rollouts rollouts) {
        Set<UUID> ids = new HashSet<>();
        for (RolloutState state : OPEN) {
            for (int page = 0; ; page++) {
                List<RolloutView> found = rollouts.find(new Rollouts.Filter(Optional.of(state), Optional.empty()), page, PAGE).items();
                found.forEach(rollout -> ids.add(rollout.id()));
                if (found.size() < PAGE) {
                    break;
                }
            }
        }
        return ids;
    }
}
