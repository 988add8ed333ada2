package dev.ringmaster.schedule.store;

import dev.ringmaster.error.Problem;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.policy.PolicyDocument;
import dev.ringmaster.policy.PolicyRules;
import dev.ringmaster.release.Product;
import dev.ringmaster.release.Products;
import dev.ringmaster.schedule.PlannedWindow;
import dev.ringmaster.schedule.TenantPolicy;
import dev.ringmaster.schedule.fleet.DeviceInput;
import dev.ringmaster.schedule.fleet.DeviceWindow;
import dev.ringmaster.schedule.fleet.PilotGateRule;
import dev.ringmaster.schedule.fleet.ProductFacts;
import dev.ringmaster.schedule.fleet.TenantFacts;
import dev.ringmaster.schedule.fleet.ReleaseCandidate;
import dev.ringmaster.schedule.fleet.TenantPlan;
import dev.ringmaster.tenancy.CurrentCaller;
import dev.ringmaster.tenancy.DeviceGroup;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import org.hibernate.Session;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What-if for a draft policy (DESIGN.md, "Preview"): the caller's tenant's devices planned under the draft and under
 * the saved policy at the same instant, compared. Nothing is written.
 */
@ApplicationScoped
public class PolicyPreviews {

    /** Days shown, starting with today in the tenant's zone. */
    public static final int DAYS = 30;
    /** Devices listed by name among those that move; the counts cover all. */
    public static final int LISTED_MOVES = 100;

    @Inject
    CurrentCaller caller;

    @Inject
    Products products;

    public record ReleaseRef(UUID id, String version) {
    }

    /** @param forecast how many of that day's devices rest on a forecast ring opening */
    public record Day(LocalDate date, long devices, long forecast) {
    }

    /** @param before the window start under the saved policy; null when it has none (blocked) */
    public record Move(UUID deviceId, String externalId, Instant before, Instant after) {
    }

    public record Moves(long earlier, long later, long unchanged, List<Move> devices, boolean truncated) {
    }

    /**
     * @param release      the release the draft plans the tenant's devices for (null: none)
     * @param savedRelease the release the saved policy plans them for
     * @param blocked      devices the draft gives no window (with their reasons' codes counted in {@code blockedBy})
     * @param later        devices whose window starts after the last day shown
     */
    public record Preview(String product, Instant at, String timeZone, ReleaseRef release, ReleaseRef savedRelease,
                          long devices, List<Day> days, long later, long blocked, Map<String, Long> blockedBy, Moves moves) {
    }

    @Transactional
    public Preview preview(String productKey, PolicyDocument draft, Instant now) {
        String tenantId = caller.tenantId();
        Product product = products.require(productKey);
        Map<String, DeviceGroup> groups = DeviceGroup.<DeviceGroup>list("tenantId", tenantId).stream()
                .collect(Collectors.toMap(group -> group.name, Function.identity()));
        List<Problem.FieldError> errors = PolicyRules.check(draft, groups.values().stream()
                        .collect(Collectors.toMap(group -> group.name, group -> group.pilot))).stream()
                .map(violation -> new Problem.FieldError(violation.field(), violation.message())).toList();
        if (!errors.isEmpty()) {
            throw new UnprocessableException(errors);
        }
        List<UUID> pilotGroupIds = draft.pilotGroups().stream().map(name -> groups.get(name).id).toList();
        return Panache.getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            FleetReader reader = new FleetReader(connection);
            ZoneId zone = reader.tenantZone(tenantId).orElseThrow(() -> new NotFoundException("tenant " + tenantId + " is not active"));
            ProductFacts facts = reader.product(product.id, now).orElseThrow();
            TenantFacts saved = reader.tenants(facts, List.of(tenantId), now).get(tenantId);
            TenantFacts drafted = reader.draft(facts, tenantId, policy(draft, zone), gate(draft), pilotGroupIds,
                    draft.maxConcurrent(), saved.approvals(), now);
            List<DeviceInput> devices = new ArrayList<>();
            reader.devices(List.of(tenantId), null, device -> devices.add(device.device()));
            return compare(product.key, zone, TenantPlan.of(facts, saved, now), TenantPlan.of(facts, drafted, now),
                    devices, now);
        });
    }

    static Preview compare(String productKey, ZoneId zone, Optional<TenantPlan> saved, Optional<TenantPlan> draft,
            List<DeviceInput> devices, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        long[] perDay = new long[DAYS];
        long[] forecastPerDay = new long[DAYS];
        long later = 0;
        long blocked = 0;
        Map<String, Long> blockedBy = new java.util.TreeMap<>();
        long earlier = 0;
        long moved = 0;
        long unchanged = 0;
        List<Move> moves = new ArrayList<>();
        for (DeviceInput device : devices.stream().sorted(Comparator.comparing(DeviceInput::externalId)).toList()) {
            PlannedWindow after = draft.map(plan -> plan.window(device)).map(DeviceWindow::plan).orElse(null);
            PlannedWindow before = saved.map(plan -> plan.window(device)).map(DeviceWindow::plan).orElse(null);
            Instant afterStart = start(after);
            Instant beforeStart = start(before);
            if (afterStart == null) {
                blocked++;
                blockedBy.merge(after == null ? "no-release" : after.blockedBy(), 1L, Long::sum);
            } else {
                long day = java.time.temporal.ChronoUnit.DAYS.between(today, LocalDate.ofInstant(afterStart, zone));
                if (day < DAYS) {
                    perDay[(int) Math.max(0, day)]++;
                    if (after.forecast()) {
                        forecastPerDay[(int) Math.max(0, day)]++;
                    }
                } else {
                    later++;
                }
            }
            int order = compare(afterStart, beforeStart);
            if (order == 0) {
                unchanged++;
                continue;
            }
            if (order < 0) {
                earlier++;
            } else {
                moved++;
            }
            if (moves.size() < LISTED_MOVES) {
                moves.add(new Move(device.id(), device.externalId(), beforeStart, afterStart));
            }
        }
        List<Day> days = new ArrayList<>();
        for (int i = 0; i < DAYS; i++) {
            days.add(new Day(today.plusDays(i), perDay[i], forecastPerDay[i]));
        }
        return new Preview(productKey, now, zone.getId(), draft.flatMap(TenantPlan::subject).map(PolicyPreviews::ref).orElse(null),
                saved.flatMap(TenantPlan::subject).map(PolicyPreviews::ref).orElse(null), devices.size(), days, later, blocked, blockedBy,
                new Moves(earlier, moved, unchanged, moves, earlier + moved > moves.size()));
    }

    /** Earlier first; no window counts as never. */
    private static int compare(Instant a, Instant b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        return a.compareTo(b);
    }

    private static Instant start(PlannedWindow plan) {
        return plan == null || plan.window() == null ? null : plan.window().start();
    }

    private static ReleaseRef ref(ReleaseCandidate subject) {
        return new ReleaseRef(subject.releaseId(), subject.facts().version());
    }

    /** The draft as the merge reads a stored policy (see {@code PolicyDocument.applyTo} for the same defaults). */
    static TenantPolicy policy(PolicyDocument draft, ZoneId zone) {
        PolicyDocument.Pilot pilot = draft.pilot();
        return new TenantPolicy(draft.mode(), draft.pinnedVersion(), draft.pinExpiresAt(),
                orZero(draft.deferral()), pilot == null ? Duration.ZERO : orZero(pilot.deferral()),
                draft.maintenanceWindows(), draft.freezes(), draft.paused(), zone);
    }

    static PilotGateRule gate(PolicyDocument draft) {
        PolicyDocument.Gate gate = draft.pilot() == null ? null : draft.pilot().gate();
        return gate == null ? new PilotGateRule(0, BigDecimal.ZERO, Duration.ZERO)
                : new PilotGateRule(gate.minSucceeded(), gate.maxFailureRate() == null ? BigDecimal.ZERO : gate.maxFailureRate(),
                        orZero(gate.soak()));
    }

    private static Duration orZero(Duration duration) {
        return duration == null ? Duration.ZERO : duration;
    }
}
