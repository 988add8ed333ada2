package dev.ringmaster.web;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the vendor console needs from the rollout engine: rollouts with their rings' gate numbers and health
 * over time, the vendor actions and the global emergency stop. The console depends on this interface only;
 * it is implemented by {@link StoredRolloutConsole} over the rollout package's services.
 */
public interface RolloutConsole {

    List<Summary> list();

    Optional<Detail> detail(UUID id);

    /** @param reason required for {@link Action#PROMOTE}, recorded for every action */
    void act(UUID id, Action action, String reason);

    /** Halts every running rollout at once. */
    void emergencyStop(String reason);

    enum Action {
        START, PAUSE, RESUME, ABORT, PROMOTE, ROLLBACK;

        public String key() {
            return name().toLowerCase();
        }
    }

    record Summary(UUID id, String product, String version, String plan, String state, int currentRing, int rings,
                   Instant startedAt) {
    }

    /** @param actions what the rollout's state allows now */
    record Detail(Summary summary, List<RingView> rings, List<Action> actions) {
    }

    /**
     * One ring's gate numbers: devices reached, finished, failed (silent ones included), the failure rate's
     * upper bound against the threshold, and health samples over time for the chart.
     */
    record RingView(int position, String name, String state, long devices, long succeeded, long failed, long silent,
                    String failureBound, String threshold, String soak, List<HealthPoint> health) {
    }

    record HealthPoint(Instant at, long succeeded, long failed, long silent) {
    }
}
