package dev.ringmaster.schedule;

import dev.ringmaster.policy.Freeze;
import dev.ringmaster.policy.PolicyMode;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The merge of a release's ring schedule with a tenant's policy into one device's release window (DESIGN.md,
 * "The merge", points 4 and 5). Pure and stateless: the same inputs always give an equal {@link PlannedWindow}.
 *
 * <p>Rules, in the order they are applied (the first that blocks wins, and the reasons list follows this order):
 * <ol>
 *   <li>A paused tenant gets nothing ({@code paused}).</li>
 *   <li>{@code pinned} without expiry gets nothing. A pin with an expiry behaves as automatic afterwards, so the
 *       expiry is one more lower bound on E.</li>
 *   <li>In approval mode a declined release is blocked ({@code approval-declined}).</li>
 *   <li>A ring with no opening time and no forecast (halted, or awaiting a vendor's approval) blocks
 *       ({@code ring-unknown}).</li>
 *   <li>E = ring opening + deferral (pilot devices take the pilot deferral instead).</li>
 *   <li>Non-pilot devices wait for the pilot gate when the tenant has one; not passed yet blocks
 *       ({@code pilot-gate-pending}).</li>
 *   <li>Approval mode waits for the approval; none yet blocks ({@code approval-pending}).</li>
 *   <li>The window is the calendar's first allowed range starting no earlier than max(E, now): E is a fact about
 *       the rollout and is reported as such, but a window that already closed is of no use to a device, so a plan
 *       made late starts from the moment it was made.</li>
 *   <li>Nothing allowed before the horizon blocks ({@code no-window}).</li>
 * </ol>
 * The n-1 and n-2 modes plan like automatic: they differ in which release is targeted (see {@link VersionTarget}),
 * not in when it installs. So does a pin in the fleet's plans ({@code TenantPlan} hands in its policy as automatic
 * once {@link VersionTarget} chose the pinned release); the pinned rules above apply to a pinned policy given as is.
 */
public final class ReleaseWindowPlanner {

    public PlannedWindow plan(DeviceFacts device, TenantPolicy policy, RingSchedule rings, TenantGates gates,
            Instant now, Instant horizon) {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(rings, "rings");
        Objects.requireNonNull(gates, "gates");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(horizon, "horizon");

        int ring = device.ring();
        Optional<RingOpening> opening = rings.opening(ring);
        boolean forecast = opening.map(RingOpening::forecast).orElse(false);
        List<Reason> reasons = new ArrayList<>();

        if (policy.paused()) {
            reasons.add(new Reason(null, Reason.PAUSED, "tenant paused: nothing new is offered"));
            return PlannedWindow.blocked(ring, forecast, Reason.PAUSED, null, reasons);
        }
        boolean pinned = policy.mode() == PolicyMode.PINNED;
        if (pinned && policy.pinExpiresAt() == null) {
            reasons.add(new Reason(null, Reason.PINNED, "pinned to " + pinnedVersion(policy) + " until unpinned"));
            return PlannedWindow.blocked(ring, forecast, Reason.PINNED, null, reasons);
        }
        boolean approval = policy.mode() == PolicyMode.APPROVAL;
        if (approval && gates.declined()) {
            reasons.add(new Reason(null, Reason.APPROVAL_DECLINED, "release declined by a tenant admin"));
            return PlannedWindow.blocked(ring, forecast, Reason.APPROVAL_DECLINED, null, reasons);
        }
        if (opening.isEmpty()) {
            reasons.add(new Reason(null, Reason.RING_UNKNOWN, "ring " + ring
                    + " has not opened and cannot be forecast (rollout halted or awaiting vendor approval)"));
            return PlannedWindow.blocked(ring, false, Reason.RING_UNKNOWN, null, reasons);
        }

        Instant opens = opening.get().at();
        reasons.add(forecast
                ? new Reason(opens, Reason.FORECAST, "ring " + ring + " forecast to open " + opens)
                : new Reason(opens, Reason.RING_OPENED, "ring " + ring + " opened " + opens));
        Duration deferral = device.pilot() ? policy.pilotDeferral() : policy.deferral();
        Instant earliest = opens.plus(deferral);
        if (!deferral.isZero()) {
            reasons.add(new Reason(earliest, Reason.DEFERRAL, "+" + WindowWording.duration(deferral)
                    + (device.pilot() ? " pilot deferral" : " tenant deferral")));
        }

        if (!device.pilot() && gates.pilotGateApplies()) {
            Instant passed = gates.pilotGatePassedAt();
            if (passed == null) {
                reasons.add(new Reason(null, Reason.PILOT_GATE_PENDING, "waiting for the tenant's pilot gate"));
                return PlannedWindow.blocked(ring, forecast, Reason.PILOT_GATE_PENDING, null, reasons);
            }
            reasons.add(new Reason(passed, Reason.PILOT_GATE, passed.isAfter(earliest)
                    ? "waited for pilot gate (passed " + passed + ")"
                    : "pilot gate passed " + passed));
            earliest = later(earliest, passed);
        }

        if (approval) {
            Instant approvedAt = gates.approvedAt();
            if (approvedAt == null) {
                reasons.add(new Reason(null, Reason.APPROVAL_PENDING, "waiting for a tenant admin's approval"));
                return PlannedWindow.blocked(ring, forecast, Reason.APPROVAL_PENDING, null, reasons);
            }
            reasons.add(new Reason(approvedAt, Reason.APPROVAL, approvedAt.isAfter(earliest)
                    ? "waited for tenant approval (approved " + approvedAt + ")"
                    : "approved by the tenant " + approvedAt));
            earliest = later(earliest, approvedAt);
        }

        if (pinned) {
            Instant expires = policy.pinExpiresAt();
            reasons.add(new Reason(expires, Reason.PINNED, expires.isAfter(earliest)
                    ? "waited for the pin to " + pinnedVersion(policy) + " to expire " + expires
                    : "pin to " + pinnedVersion(policy) + " expired " + expires));
            earliest = later(earliest, expires);
        }

        Instant searchFrom = earliest;
        if (now.isAfter(earliest)) {
            reasons.add(new Reason(now, Reason.NOW, "earliest start has passed; planned from " + now));
            searchFrom = now;
        }

        ZoneId zone = device.zoneOr(policy.tenantZone());
        MaintenanceCalendar calendar = new MaintenanceCalendar(policy.windows(), policy.freezes(), zone);
        Optional<TimeRange> window = calendar.firstWindow(searchFrom, horizon);
        if (window.isEmpty()) {
            reasons.add(new Reason(null, Reason.NO_WINDOW, "no maintenance window free of freezes before "
                    + horizon));
            return PlannedWindow.blocked(ring, forecast, Reason.NO_WINDOW, earliest, reasons);
        }
        reasons.addAll(freezesSkipped(policy, zone, searchFrom, horizon, window.get()));
        reasons.add(new Reason(window.get().start(), Reason.MAINTENANCE_WINDOW, policy.windows().isEmpty()
                ? "no maintenance windows: " + WindowWording.range(window.get(), zone)
                : "next window " + WindowWording.range(window.get(), zone)));
        return new PlannedWindow(earliest, window.get(), ring, forecast, null, reasons);
    }

    /**
     * The freezes that pushed the window later than the windows alone would have put it, found by asking the same
     * calendar without freezes: a freeze only matters to the explanation if it moved the answer.
     */
    private static List<Reason> freezesSkipped(TenantPolicy policy, ZoneId zone, Instant from, Instant horizon,
            TimeRange window) {
        Optional<Instant> unfrozenStart = new MaintenanceCalendar(policy.windows(), List.of(), zone)
                .firstWindow(from, horizon).map(TimeRange::start);
        if (unfrozenStart.isEmpty() || !unfrozenStart.get().isBefore(window.start())) {
            return List.of();
        }
        List<Reason> reasons = new ArrayList<>();
        for (Freeze freeze : policy.freezes().stream()
                .sorted(Comparator.comparing((Freeze f) -> f.from().toInstant())).toList()) {
            Instant freezeFrom = freeze.from().toInstant();
            Instant freezeTo = freeze.to().toInstant();
            boolean overlapsSkippedTime = freezeFrom.isBefore(window.start()) && freezeTo.isAfter(unfrozenStart.get());
            if (freezeFrom.isBefore(freezeTo) && overlapsSkippedTime) {
                reasons.add(new Reason(freezeTo, Reason.FREEZE, "skipped freeze"
                        + (freeze.reason() == null || freeze.reason().isBlank() ? "" : " '" + freeze.reason() + "'")
                        + " " + freezeFrom + " – " + freezeTo));
            }
        }
        return reasons;
    }

    private static String pinnedVersion(TenantPolicy policy) {
        return policy.pinnedVersion() == null ? "the installed version" : policy.pinnedVersion();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
