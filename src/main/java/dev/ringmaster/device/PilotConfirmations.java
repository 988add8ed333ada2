package dev.ringmaster.device;

import dev.ringmaster.schedule.store.PilotGateRefresh;
import dev.ringmaster.schedule.store.PilotGateRefresh.Refreshed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Moves a tenant's pilot gate at a pilot's first check-in after it reported success: that check-in confirms the
 * success (running the release) or reverts it (back on the old version), and only then does the success count
 * (DESIGN.md, "Rollouts, gates and halting"). Without this the gate would follow only at the next periodic refresh,
 * and the tenant's other devices would wait that long for a release their pilots already run, or be told to install
 * one a pilot just fell back from.
 *
 * <p>The pilots awaiting their confirming check-in are held in memory, a map lookup on every check-in: a check-in
 * that reaches another replica, or comes after a restart, is counted by the periodic refresh instead.
 */
@ApplicationScoped
public class PilotConfirmations {

    /** A pilot's success on an action, reported (received) at {@code reportedAt}. */
    private record Awaiting(String tenantId, long actionId, Instant reportedAt) {
    }

    private final Map<UUID, Awaiting> awaiting = new ConcurrentHashMap<>();

    @Inject
    LastSeen lastSeen;

    @Inject
    PilotGateRefresh pilotGates;

    @Inject
    CacheGenerations generations;

    /** A pilot reported success on the action; its next check-in after {@code reportedAt} confirms or reverts it. */
    public void succeeded(UUID deviceId, String tenantId, long actionId, Instant reportedAt) {
        awaiting.put(deviceId, new Awaiting(tenantId, actionId, reportedAt));
    }

    /**
     * The device checked in at {@code now}, with what it runs stored. When it is a pilot whose success awaits its
     * check-in, its time is written at once (the gate counts a success confirmed by a check-in after it) and its
     * tenant's windows are recomputed, and the tenant's cached answers forgotten, before the check-in is answered.
     */
    public void heardOf(UUID deviceId, Instant now) {
        Awaiting success = awaiting.get(deviceId);
        // A check-in at the very instant of the report (a frozen test clock) is not after it: it confirms nothing.
        if (success == null || !now.isAfter(success.reportedAt()) || !awaiting.remove(deviceId, success)) {
            return;
        }
        lastSeen.writeNow(deviceId, success.tenantId(), now);
        forgetAfter(success.tenantId(), pilotGates.outcomeReported(success.tenantId(), deviceId, success.actionId()));
    }

    /**
     * Forgets, at once, the tenant's cached answers a pilot's outcome made stale: its decisions, which read the gate;
     * and when a window changed, its devices' rows too, as the windows are cached there and the change feed names
     * the devices only after a delay (a loaded machine's: long enough for another device's next check-in to be
     * decided from its old window).
     */
    public void forgetAfter(String tenantId, Refreshed refreshed) {
        switch (refreshed) {
            case WINDOWS_CHANGED -> generations.forget(tenantId, CacheGenerations.Kind.ROWS);
            case UNCHANGED -> generations.forget(tenantId, CacheGenerations.Kind.DECISIONS);
            case NOT_A_PILOT -> {
            }
        }
    }
}
