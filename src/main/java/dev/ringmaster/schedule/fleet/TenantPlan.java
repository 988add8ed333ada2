package dev.ringmaster.schedule.fleet;

import dev.ringmaster.policy.PolicyMode;
import dev.ringmaster.rollout.ring.RingPlacement;
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
import java.util.UUID;

/**
 * One tenant's windows for one product at one instant: which release each of its devices is planned for, and each
 * device's window. Plain Java; the same facts and instant always give equal windows, whether the tenant's devices
 * are planned all at once or a few at a time (which is what makes incremental recomputation safe).
 *
 * <p>Rules beyond {@link ReleaseWindowPlanner}:
 * <ul>
 *   <li><b>Which release.</b> {@link VersionTarget} over the product's candidates (releases with a rollout): the
 *       tenant's target for its devices, except where {@link VersionTarget#forDevice} says otherwise for a device
 *       that ran or was offered a halted release (the rollback release; the halted release while its action is
 *       open). A device with none gets no window. Each release is planned through its own rollout's rings.</li>
 *   <li><b>Pins.</b> While a pin holds, the target is the pinned release and its window is planned like automatic
 *       (the pin decided <em>which</em> release, not when); one more reason says the devices are pinned.</li>
 *   <li><b>Ring.</b> {@link RingPlacement}: the vendor's own devices in ring 0, a customer's by its bucket on the
 *       plan's ladder, its pilots moved up to ring 1 at most. Naming pilot groups in a policy is the tenant's
 *       opt-in.</li>
 *   <li><b>Gates.</b> The pilot gate applies when the policy's pilot groups have at least one active device (a
 *       gate nobody can pass would block the tenant forever). A pilots-only approval counts for pilot devices
 *       only.</li>
 *   <li><b>Concurrency.</b> The share cap is enforced at check-in; a window whose policy caps it gets one more
 *       reason saying so.</li>
 * </ul>
 * The planner's answer depends only on (release, zone, ring, pilot), so devices sharing them share one computation.
 */
public final class TenantPlan {

    /** How far ahead a window is searched; a policy whose windows and freezes leave nothing within is blocked. */
    public static final Duration HORIZON = Duration.ofDays(400);
    public static final String CONCURRENCY = "concurrency";

    private static final ReleaseWindowPlanner PLANNER = new ReleaseWindowPlanner();

    private record Key(UUID releaseId, ZoneId zone, int ring, boolean pilot) {
    }

    private record Answer(PlannedWindow plan, List<Reason> reasons) {
    }

    /** One release the tenant's devices are planned for, with the tenant's gates for it. */
    private record Subject(ReleaseCandidate release, TenantGates pilotGates, TenantGates otherGates, Reason why) {
    }

    private final String productKey;
    private final TenantFacts tenant;
    private final Subject subject;
    /** Devices planned for a rollback release, or held on a halted one they have an open action for. */
    private final Map<UUID, Subject> exceptions;
    private final TenantPolicy timing;
    private final Instant now;
    private final Instant horizon;
    private final Map<Key, Answer> answers = new HashMap<>();

    private TenantPlan(String productKey, TenantFacts tenant, ReleaseCandidate subject,
            Map<UUID, ReleaseCandidate> exceptions, Instant now) {
        this.productKey = productKey;
        this.tenant = tenant;
        this.now = now;
        this.horizon = now.plus(HORIZON);
        this.timing = timing(tenant.policy());
        this.subject = subject == null ? null : subject(subject, pinReason(tenant.policy(), subject, now));
        Map<UUID, Subject> bySubject = new HashMap<>();
        Map<UUID, Subject> byDevice = new HashMap<>();
        exceptions.forEach((device, release) -> byDevice.put(device, bySubject.computeIfAbsent(release.releaseId(),
                id -> subject(release, exceptionReason(release)))));
        this.exceptions = Map.copyOf(byDevice);
    }

    private static Reason exceptionReason(ReleaseCandidate release) {
        return release.facts().rollback()
                ? new Reason(null, Reason.ROLLBACK, "ran or was offered " + release.facts().rollbackOf()
                        + ", which was rolled back: " + release.facts().version() + " replaces it")
                : new Reason(null, Reason.HALTED, release.facts().version()
                        + " was halted: its open action is to be stopped, nothing of it is offered");
    }

    private Subject subject(ReleaseCandidate release, Reason why) {
        boolean gateApplies = !tenant.pilotDevices().isEmpty();
        Instant gatePassed = tenant.pilotGatePassedAt().get(release.releaseId());
        TenantFacts.Approval approval = tenant.approvals().get(release.releaseId());
        boolean declined = approval != null && !approval.approved();
        Instant approvedForPilots = approval != null && approval.approved() ? approval.decidedAt() : null;
        Instant approvedForAll = approval != null && approval.approved() && !approval.pilotOnly() ? approval.decidedAt() : null;
        return new Subject(release, new TenantGates(gateApplies, gatePassed, approvedForPilots, declined),
                new TenantGates(gateApplies, gatePassed, approvedForAll, declined), why);
    }

    /**
     * The tenant's plan, or empty when no release applies to any of its devices (its stored windows for the product
     * go).
     */
    public static Optional<TenantPlan> of(ProductFacts product, TenantFacts tenant, Instant now) {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(now, "now");
        Optional<ReleaseCandidate> subject = subject(product, tenant.policy(), now);
        Map<UUID, ReleaseCandidate> exceptions = exceptions(product, tenant, subject, now);
        if (subject.isEmpty() && exceptions.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TenantPlan(product.productKey(), tenant, subject.orElse(null), exceptions, now));
    }

    static Optional<ReleaseCandidate> subject(ProductFacts product, TenantPolicy policy, Instant now) {
        return VersionTarget.target(policy, facts(product), now).flatMap(version -> candidate(product, version));
    }

    /** Devices planned for another release than the tenant's target, because of what they did with halted ones. */
    private static Map<UUID, ReleaseCandidate> exceptions(ProductFacts product, TenantFacts tenant,
            Optional<ReleaseCandidate> subject, Instant now) {
        if (tenant.halted().isEmpty()) {
            return Map.of();
        }
        List<ReleaseFacts> facts = facts(product);
        Optional<String> target = subject.map(candidate -> candidate.facts().version());
        Map<UUID, ReleaseCandidate> exceptions = new HashMap<>();
        tenant.halted().forEach((device, seen) -> VersionTarget.forDevice(target, seen.versions(),
                        Optional.ofNullable(seen.openAction()), facts, now)
                .filter(version -> target.isEmpty() || !version.equals(target.get()))
                .flatMap(version -> candidate(product, version))
                .ifPresent(release -> exceptions.put(device, release)));
        return exceptions;
    }

    private static List<ReleaseFacts> facts(ProductFacts product) {
        return product.candidates().stream().map(ReleaseCandidate::facts).toList();
    }

    private static Optional<ReleaseCandidate> candidate(ProductFacts product, String version) {
        return product.candidates().stream().filter(candidate -> candidate.facts().version().equals(version)).findFirst();
    }

    /** A pin chose the release; when it installs follows the rest of the policy, as automatic. */
    private static TenantPolicy timing(TenantPolicy policy) {
        return policy.mode() != PolicyMode.PINNED ? policy
                : new TenantPolicy(PolicyMode.AUTOMATIC, null, null, policy.deferral(), policy.pilotDeferral(),
                        policy.windows(), policy.freezes(), policy.paused(), policy.tenantZone());
    }

    private static Reason pinReason(TenantPolicy policy, ReleaseCandidate subject, Instant now) {
        if (policy.mode() != PolicyMode.PINNED) {
            return null;
        }
        Instant expires = policy.pinExpiresAt();
        if (expires != null && !now.isBefore(expires)) {
            return new Reason(expires, Reason.PINNED, "pin to " + policy.pinnedVersion() + " expired " + expires);
        }
        return new Reason(expires, Reason.PINNED, "pinned to " + subject.facts().version()
                + (expires == null ? " until unpinned" : " until " + expires));
    }

    /** The release the tenant's devices are planned for; empty when only some devices have one (see exceptions). */
    public Optional<ReleaseCandidate> subject() {
        return Optional.ofNullable(subject).map(Subject::release);
    }

    /**
     * Devices planned for another release than {@link #subject()} (a rollback release, or a halted one they have an
     * open action for), with that release's id.
     */
    public Map<UUID, UUID> exceptionReleases() {
        Map<UUID, UUID> releases = new HashMap<>();
        exceptions.forEach((device, planned) -> releases.put(device, planned.release().releaseId()));
        return releases;
    }

    public String tenantId() {
        return tenant.tenantId();
    }

    /** The device's window, or null when no release applies to it. */
    public DeviceWindow window(DeviceInput device) {
        Subject planned = exceptions.getOrDefault(device.id(), subject);
        if (planned == null) {
            return null;
        }
        boolean pilot = tenant.pilotDevices().contains(device.id());
        RolloutFacts rollout = planned.release().rollout();
        int ring = rollout.placement().ringOf(device.id(), productKey, tenant.internal(), pilot);
        Key key = new Key(planned.release().releaseId(), device.zone(), ring, pilot);
        Answer answer = answers.computeIfAbsent(key, found -> plan(found, planned));
        return new DeviceWindow(tenant.tenantId(), device.id(), planned.release().releaseId(), rollout.rolloutId(),
                answer.plan(), answer.reasons());
    }

    private Answer plan(Key key, Subject planned) {
        DeviceFacts facts = new DeviceFacts(new java.util.UUID(0, 0), key.zone(), key.ring(), key.pilot());
        PlannedWindow plan = PLANNER.plan(facts, timing, planned.release().rollout().schedule(),
                key.pilot() ? planned.pilotGates() : planned.otherGates(), now, horizon);
        List<Reason> reasons = new ArrayList<>();
        if (planned.why() != null) {
            reasons.add(planned.why());
        }
        reasons.addAll(plan.reasons());
        if (!plan.isBlocked() && tenant.maxConcurrent().compareTo(BigDecimal.ONE) < 0) {
            reasons.add(new Reason(null, CONCURRENCY, "at most " + tenant.maxConcurrent().movePointRight(2).stripTrailingZeros()
                    .toPlainString() + "% of the tenant's devices install at once (checked at check-in)"));
        }
        return new Answer(plan, List.copyOf(reasons));
    }
}
