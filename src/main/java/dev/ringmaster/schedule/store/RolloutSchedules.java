package dev.ringmaster.schedule.store;

import dev.ringmaster.schedule.RingSchedule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * When each ring of a rollout opened, or is forecast to open (DESIGN.md, "The merge", point 2).
 *
 * <ul>
 *   <li>A ring that opened keeps its opening, whatever happened after (passed, on hold).</li>
 *   <li>Only a scheduled or running rollout forecasts: a pending ring opens no earlier than the ring before it
 *       opened (or is forecast to) plus that ring's minimum soak, and never before now. Ring 0 of a scheduled
 *       rollout is forecast for its scheduled time (now when none is set). A ring that waits for a vendor's manual
 *       approval cannot be forecast, nor can anything after it.</li>
 *   <li>A paused or on-hold rollout forecasts nothing: nobody knows when it resumes.</li>
 *   <li>A halted rollout has no openings at all: its windows are kept, but every one of them is blocked.</li>
 * </ul>
 */
public final class RolloutSchedules {

    private RolloutSchedules() {
    }

    public static RingSchedule schedule(String state, Instant scheduledFor, Map<Integer, Instant> opened,
            List<Duration> minSoaks, List<Boolean> manualApproval, Instant now) {
        if ("halted".equals(state)) {
            return RingSchedule.none();
        }
        boolean forecasts = "running".equals(state) || "scheduled".equals(state);
        Map<Integer, dev.ringmaster.schedule.RingOpening> openings = new TreeMap<>();
        Instant previous = null;
        boolean previousKnown = true;
        for (int ring = 0; ring < minSoaks.size(); ring++) {
            Instant at = opened.get(ring);
            if (at != null) {
                openings.put(ring, dev.ringmaster.schedule.RingOpening.opened(at));
                previous = at;
                previousKnown = true;
                continue;
            }
            if (!forecasts || !previousKnown || manualApproval.get(ring)) {
                previousKnown = false;
                continue;
            }
            Instant forecast = ring == 0
                    ? (scheduledFor == null ? now : scheduledFor)
                    : previous.plus(minSoaks.get(ring - 1));
            if (forecast.isBefore(now)) {
                forecast = now;
            }
            openings.put(ring, dev.ringmaster.schedule.RingOpening.forecastFor(forecast));
            previous = forecast;
        }
        return new RingSchedule(openings);
    }
}
