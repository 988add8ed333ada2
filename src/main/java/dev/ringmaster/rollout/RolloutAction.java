package dev.ringmaster.rollout;

import dev.ringmaster.rollout.engine.Outcome;
import dev.ringmaster.rollout.engine.Rollout;
import dev.ringmaster.rollout.engine.RolloutCommands;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The vendor actions on one rollout, as the API names them ({@code POST /api/v1/rollouts/{id}/{action}}). */
public enum RolloutAction {
    START,
    PAUSE,
    RESUME,
    ABORT,
    /** Passes the current ring without its gate; a reason is required. */
    PROMOTE,
    /** One of the two distinct approvals an emergency rollout needs before it can start. */
    APPROVE,
    /** Opens the next ring when the plan asks a vendor to approve it. */
    APPROVE_NEXT_RING,
    /** Halts this one rollout at once. */
    EMERGENCY_STOP;

    Outcome apply(Rollout rollout, String actor, String reason, Instant at) {
        return switch (this) {
            case START -> RolloutCommands.start(rollout, actor, reason, at);
            case PAUSE -> RolloutCommands.pause(rollout, actor, reason, at);
            case RESUME -> RolloutCommands.resume(rollout, actor, reason, at);
            case ABORT -> RolloutCommands.abort(rollout, actor, reason, at);
            case PROMOTE -> RolloutCommands.promote(rollout, actor, reason, at);
            case APPROVE -> RolloutCommands.approve(rollout, actor, at);
            case APPROVE_NEXT_RING -> RolloutCommands.approveNextRing(rollout, actor, at);
            case EMERGENCY_STOP -> RolloutCommands.emergencyStop(rollout, actor, reason, at);
        };
    }

    /** {@code approve-next-ring} for {@link #APPROVE_NEXT_RING}. */
    public String path() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<RolloutAction> fromPath(String path) {
        return Arrays.stream(values()).filter(action -> action.path().equals(path)).findFirst();
    }
}
