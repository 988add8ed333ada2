package dev.ringmaster.schedule.fleet;

import dev.ringmaster.policy.PolicyMode;
import dev.ringmaster.rollout.ring.DeviceBucket;
import dev.ringmaster.schedule.DeviceFacts;
import dev.ringmaster.schedule.PlannedWindow;
import dev.ringmaster.schedule.Reason;
import dev.ringmaster.schedule.ReleaseFacts;
import dev.ringmaster.schedule.ReleaseWindowPlanner;
import dev.ringmaster.schedule.TenantGates;
import dev.ringmaster.schedule.TenantPolicy;
import dev.ringmaster.schedule.VersionTarget;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One tenant's windows for one product at one instant: which release its devices are planned for, and each
 * device's window. Plain Java; the same facts and instant always give equal windows, whether the tenant's devices
 * are planned all at once or a few at a time (which is what makes incremental recomputation safe).
 *
 * <p>Rules beyond {@link ReleaseWindowPlanner}:
 * <ul>
 *   <li><b>Which release.</b> {@link VersionTarget} over the product's candidates (releases with a rollout). A
 *       pinned policy is planned against the release automatic mode would pick, so the planner can say "pinned"
 *       (and, for a pin with an expiry, when it ends) instead of the device having no window at all.</li>
 *   <li><b>Ring.</b> {@link DeviceBucket} over the rollout plan's ladder. A device in one of the policy's pilot
 *       groups is moved up to the earliest customer ring (ring 1) when its bucket put it later; ring 0 stays the
 *       vendor's: a pilot already there stays. Naming pilot groups in a policy is the tenant's opt-in.</li>
 *   <li><b>Gates.</b> The pilot gate applies when the policy's pilot groups have at least one active device (a
 *       gate nobody can pass would block the tenant forever). A pilots-only approval counts for pilot devices
 *       only.</li>
 *   <li><b>Concurrency.</b> The share cap is enforced at check-in; a window whose policy caps it gets one more
 *       reason saying so.</li>
 * </ul>
 * The planner's answer depends only on (zone, ring, pilot), so devices sharing them share one computation.
 */
public final class TenantPlan {

    /** How far ahead a window is searched; a policy whose windows and freezes leave nothing within is blocked. */
    public static final Duration HORIZON = Duration.ofDays(400);
    public static final String CONCURRENCY = "concurrency";
    /** Vendor-internal devices; customers' pilots are moved to the ring after it at most. */
    private static final int EARLIEST_CUSTOMER_RING = 1;

    private static final ReleaseWindowPlanner PLANNER = new ReleaseWindowPlanner();

    private record Key(ZoneId zone, int ring, boolean pilot) {
    }

    private record Answer(PlannedWindow plan, List<Reason> reasons) {
    }

    private final String productKey;
    private final TenantFacts tenant;
    private final ReleaseCandidate subject;
    private final Instant now;
    private final Instant horizon;
    private final TenantGates pilotGates;
    private final TenantGates otherGates;
    private final Map<Key, Answer> answers = new HashMap<>();

    private TenantPlan(String productKey, TenantFacts tenant, ReleaseCandidate subject, Instant now) {
        this.productKey = productKey;
        this.tenant = tenant;
        this.subject = subject;
        this.now = now;
        this.horizon = now.plus(HORIZON);
        boolean gateApplies = !tenant.pilotDevices().isEmpty();
        Instant gatePassed = tenant.pilotGatePassedAt().get(subject.releaseId());
        TenantFacts.Approval approval = tenant.approvals().get(subject.releaseId());
        boolean declined = approval != null && !approval.approved();
        Instant approvedForPilots = approval != null && approval.approved() ? approval.decidedAt() : null;
        Instant approvedForAll = approval != null && approval.approved() && !approval.pilotOnly() ? approval.decidedAt() : null;
        this.pilotGates = new TenantGates(gateApplies, gatePassed, approvedForPilots, declined);
        this.otherGates = new TenantGates(gateApplies, gatePassed, approvedForAll, declined);
    }

    /** The tenant's plan, or empty when no release applies to it (its stored windows for the product go). */
    public static Optional<TenantPlan> of(ProductFacts product, TenantFacts tenant, Instant now) {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(now, "now");
        return subject(product, tenant.policy(), now).map(subject -> new TenantPlan(product.productKey(), tenant, subject, now));
    }

    static Optional<ReleaseCandidate> subject(ProductFacts product, TenantPolicy policy, Instant now) {
        TenantPolicy targeting = policy.mode() == PolicyMode.PINNED
                ? new TenantPolicy(PolicyMode.AUTOMATIC, null, null, policy.deferral(), policy.pilotDeferral(),
                        policy.windows(), policy.freezes(), policy.paused(), policy.tenantZone())
                : policy;
        List<ReleaseFacts> facts = product.candidates().stream().map(ReleaseCandidate::facts).toList();
        return VersionTarget.target(targeting, facts, now).flatMap(version -> product.candidates().stream()
                .filter(candidate -> candidate.facts().version().equals(version)).findFirst());
    }

    public ReleaseCandidate subject() {
        return subject;
    }

    public String tenantId() {
        return tenant.tenantId();
    }

    public DeviceWindow window(DeviceInput device) {
        boolean pilot = tenant.pilotDevices().contains(device.id());
        RolloutFacts rollout = subject.rollout();
        int ring = rollout.ladder().ringOf(DeviceBucket.of(device.id(), productKey, rollout.planSalt()));
        if (pilot && ring > EARLIEST_CUSTOMER_RING) {
            ring = EARLIEST_CUSTOMER_RING;
        }
        Key key = new Key(device.zone(), ring, pilot);
        Answer answer = answers.computeIfAbsent(key, this::plan);
        return new DeviceWindow(tenant.tenantId(), device.id(), subject.releaseId(), rollout.rolloutId(), answer.plan(),
                answer.reasons());
    }

    private Answer plan(Key key) {
        DeviceFacts facts = new DeviceFacts(new java.util.UUID(0, 0), key.zone(), key.ring(), key.pilot());
        PlannedWindow plan = PLANNER.plan(facts, tenant.policy(), subject.rollout().schedule(),
                key.pilot() ? pilotGates : otherGates, now, horizon);
        List<Reason> reasons = plan.reasons();
        if (!plan.isBlocked() && tenant.maxConcurrent().compareTo(BigDecimal.ONE) < 0) {
            reasons = new ArrayList<>(reasons);
            reasons.add(new Reason(null, CONCURRENCY, "at most " + tenant.maxConcurrent().movePointRight(2).stripTrailingZeros()
                    .toPlainString() + "% of the tenant's devices install at once (checked at check-in)"));
            reasons = List.copyOf(reasons);
        }
        return new Answer(plan, reasons);
    }
}
