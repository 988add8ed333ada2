package dev.ringmaster.rollout;

import dev.ringmaster.audit.AuditLog;
import dev.ringmaster.error.ConflictException;
import dev.ringmaster.error.Problem;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.release.Product;
import dev.ringmaster.release.Products;
import dev.ringmaster.rollout.engine.RolloutState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Creating and changing ring plans. Plans are vendor-wide, so their audit entries carry no tenant. */
@ApplicationScoped
public class RingPlans {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> ACTIVE_STATES = Arrays.stream(RolloutState.values())
            .filter(state -> !state.isTerminal()).map(RolloutState::code).toList();

    @Inject
    Products products;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Transactional
    public List<RingPlanResource.PlanView> list(String productKey) {
        Product product = products.require(productKey);
        return RingPlan.<RingPlan>list("product = ?1 order by name", product).stream().map(RingPlans::view).toList();
    }

    @Transactional
    public RingPlanResource.PlanView get(String productKey, String name) {
        return view(require(products.require(productKey), name, LockModeType.NONE));
    }

    /** A product's first plan becomes its default, so a product never has plans but no default. */
    @Transactional
    public RingPlanResource.PlanView create(String productKey, RingPlanResource.CreatePlan request) {
        return createWithSalt(productKey, request, newSalt());
    }

    /**
     * The same, with a salt fixed elsewhere: the sample file names its plans' salts, so sample devices fall
     * into the same rings on every machine.
     */
    @Transactional
    public RingPlanResource.PlanView createWithSalt(String productKey, RingPlanResource.CreatePlan request, String salt) {
        Product product = products.require(productKey);
        List<Problem.FieldError> errors = new ArrayList<>(RingPlanRules.checkName(request.name()));
        errors.addAll(RingPlanRules.check(request.emergency(), request.rings()));
        errors.addAll(RingPlanRules.checkCohorts(request.cohorts()));
        errors.addAll(RingPlanRules.checkInternalRing(request.internalRing()));
        if (!errors.isEmpty()) {
            throw new UnprocessableException(errors);
        }
        if (RingPlan.find(product, request.name()).isPresent()) {
            throw new ConflictException("product '" + productKey + "' already has a ring plan '" + request.name() + "'");
        }
        RingPlan plan = new RingPlan();
        plan.id = UUID.randomUUID();
        plan.product = product;
        plan.name = request.name();
        plan.salt = salt;
        plan.emergency = request.emergency();
        plan.isDefault = RingPlan.count("product = ?1 and isDefault = true", product) == 0;
        plan.createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        addRings(plan, required(request.internalRing()), request.rings());
        plan.cohorts(RingPlanRules.cohorts(request.cohorts()));
        plan.persist();
        audit.record(null, "ring-plan.create", "ring-plan", target(plan), null, view(plan));
        return view(plan);
    }

    /**
     * Replaces the rings whole. A running rollout reads its plan as it goes, so a plan in use by one that has
     * not ended is refused rather than changed under it.
     */
    @Transactional
    public RingPlanResource.PlanView replace(String productKey, String name, RingPlanResource.ReplacePlan request) {
        RingPlan plan = require(products.require(productKey), name, LockModeType.PESSIMISTIC_WRITE);
        List<Problem.FieldError> errors = new ArrayList<>(RingPlanRules.check(request.emergency(), request.rings()));
        errors.addAll(RingPlanRules.checkCohorts(request.cohorts()));
        errors.addAll(RingPlanRules.checkInternalRing(request.internalRing()));
        if (!errors.isEmpty()) {
            throw new UnprocessableException(errors);
        }
        refuseWhileInUse(plan);
        RingPlanResource.PlanView before = view(plan);
        RingPlanResource.InternalRingSpec internal = request.internalRing() == null ? before.internalRing()
                : required(request.internalRing());
        plan.rings.clear();
        // Hibernate inserts before it deletes; the old rings must be gone before new ones take their positions.
        RingPlan.flush();
        plan.emergency = request.emergency();
        if (request.reshuffle()) {
            plan.salt = newSalt();
        }
        addRings(plan, internal, request.rings());
        if (request.cohorts() != null) {
            plan.cohorts(RingPlanRules.cohorts(request.cohorts()));
        }
        RingPlanResource.PlanView after = view(plan);
        audit.record(null, "ring-plan.update", "ring-plan", target(plan), before, after);
        return after;
    }

    /** Already the default: answered as is, with nothing audited. */
    @Transactional
    public RingPlanResource.PlanView makeDefault(String productKey, String name) {
        Product product = products.require(productKey);
        RingPlan plan = require(product, name, LockModeType.PESSIMISTIC_WRITE);
        if (plan.isDefault) {
            return view(plan);
        }
        RingPlan previous = RingPlan.<RingPlan>find("product = ?1 and isDefault = true", product)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
        if (previous != null) {
            previous.isDefault = false;
            // The partial unique index allows one default per product at every moment, also within the flush.
            RingPlan.flush();
        }
        plan.isDefault = true;
        audit.record(null, "ring-plan.make-default", "ring-plan", target(plan),
                previous == null ? null : Map.of("default", previous.name),
                Map.of("default", plan.name));
        return view(plan);
    }

    private void refuseWhileInUse(RingPlan plan) {
        long active = ((Number) RingPlan.getEntityManager()
                .createNativeQuery("SELECT count(*) FROM rollouts WHERE ring_plan_id = ?1 AND state IN (?2)")
                .setParameter(1, plan.id).setParameter(2, ACTIVE_STATES).getSingleResult()).longValue();
        if (active > 0) {
            throw new ConflictException("ring plan '" + plan.name + "' is used by " + active
                    + " rollout(s) that have not ended; change it once they complete, or create a new plan");
        }
    }

    private static RingPlan require(Product product, String name, LockModeType lock) {
        return RingPlan.<RingPlan>find("product = ?1 and name = ?2", product, name).withLock(lock).firstResultOptional()
                .orElseThrow(() -> new NotFoundException("product '" + product.key + "' has no ring plan '" + name + "'"));
    }

    private static RingPlanResource.InternalRingSpec required(RingPlanResource.InternalRingSpec internal) {
        return internal != null && internal.isRequired() ? internal : null;
    }

    /** The internal ring, when there is one, goes first: its position is the rollout ring its devices are in. */
    private static void addRings(RingPlan plan, RingPlanResource.InternalRingSpec internal,
                                 List<RingPlanResource.RingSpec> rings) {
        if (internal != null) {
            Ring ring = ring(plan, 0, internal.asRing());
            ring.internal = true;
            plan.rings.add(ring);
        }
        int first = plan.rings.size();
        for (int i = 0; i < rings.size(); i++) {
            plan.rings.add(ring(plan, first + i, rings.get(i)));
        }
    }

    private static Ring ring(RingPlan plan, int position, RingPlanResource.RingSpec spec) {
        Ring ring = new Ring();
        ring.id = UUID.randomUUID();
        ring.plan = plan;
        ring.position = position;
        ring.name = spec.name();
        ring.cumulativeShare = spec.share();
        ring.minSoakSeconds = spec.minSoak().toSeconds();
        ring.gateMinFinished = spec.gate().minFinished();
        ring.gateMinFinishedShare = spec.gate().minFinishedShare();
        ring.gateMaxFailureRate = spec.gate().maxFailureRate();
        ring.silenceTimeoutSeconds = spec.gate().silenceTimeout().toSeconds();
        ring.gateMinReportsForHalt = spec.gate().minReportsForHaltOrDefault();
        ring.installTimeoutSeconds = spec.gate().installTimeoutOrDefault().toSeconds();
        ring.manualApproval = spec.manualApproval();
        return ring;
    }

    /** 128 random bits: a salt nobody can guess, so nobody can pick device ids that land in ring 0. */
    private static String newSalt() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String target(RingPlan plan) {
        return plan.product.key + "/" + plan.name;
    }

    static RingPlanResource.PlanView view(RingPlan plan) {
        List<RingPlanResource.RingSpec> rings = plan.rings.stream().filter(ring -> !ring.internal)
                .map(ring -> new RingPlanResource.RingSpec(ring.name, ring.cumulativeShare.stripTrailingZeros(),
                        Duration.ofSeconds(ring.minSoakSeconds), gate(ring), ring.manualApproval))
                .toList();
        RingPlanResource.InternalRingSpec internal = plan.rings.stream().filter(ring -> ring.internal).findFirst()
                .map(ring -> new RingPlanResource.InternalRingSpec(true, Duration.ofSeconds(ring.minSoakSeconds), gate(ring),
                        ring.manualApproval))
                .orElse(null);
        return new RingPlanResource.PlanView(plan.product.key, plan.name, plan.salt, plan.isDefault, plan.emergency,
                rings, plan.createdAt, RingPlanResource.CohortSpec.of(plan.cohorts()), internal);
    }

    private static RingPlanResource.GateSpec gate(Ring ring) {
        return new RingPlanResource.GateSpec(ring.gateMinFinished, ring.gateMinFinishedShare.stripTrailingZeros(),
                ring.gateMaxFailureRate.stripTrailingZeros(), Duration.ofSeconds(ring.silenceTimeoutSeconds),
                ring.gateMinReportsForHalt, Duration.ofSeconds(ring.installTimeoutSeconds));
    }
}
