package dev.ringmaster.rollout;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ringmaster.rollout.gate.CohortFailure;
import dev.ringmaster.rollout.gate.CohortPlan;
import dev.ringmaster.rollout.gate.GateRule;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.fasterxml.jackson.annotation.JsonFormat.Shape.STRING;

/**
 * The vendor's ring plan editor. Plans are vendor data: tenants see only which plan is a product's default
 * (in the product list), never the rings, shares or salt. The rules are in {@link RingPlanRules}, checked all at
 * once so a client fixes every field in one round.
 */
@Path("/api/v1/products/{key}/ring-plans")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({"vendor-admin", "vendor-release-manager", "vendor-viewer"})
public class RingPlanResource {

    /**
     * Null {@code minFinished} and shares are refused rather than defaulted: a gate should be written out.
     * {@code minReportsForHalt} may be left out; it then is {@value GateRule#DEFAULT_MIN_REPORTS_FOR_HALT}.
     * {@code installTimeout} may be left out; it then is {@link GateRule#DEFAULT_INSTALL_TIMEOUT} (two hours).
     */
    public record GateSpec(Integer minFinished, BigDecimal minFinishedShare, BigDecimal maxFailureRate,
                           @JsonFormat(shape = STRING) Duration silenceTimeout, Integer minReportsForHalt,
                           @JsonFormat(shape = STRING) Duration installTimeout) {

        public GateSpec(Integer minFinished, BigDecimal minFinishedShare, BigDecimal maxFailureRate, Duration silenceTimeout) {
            this(minFinished, minFinishedShare, maxFailureRate, silenceTimeout, null, null);
        }

        public GateSpec(Integer minFinished, BigDecimal minFinishedShare, BigDecimal maxFailureRate, Duration silenceTimeout,
                        Integer minReportsForHalt) {
            this(minFinished, minFinishedShare, maxFailureRate, silenceTimeout, minReportsForHalt, null);
        }

        public int minReportsForHaltOrDefault() {
            return minReportsForHalt == null ? GateRule.DEFAULT_MIN_REPORTS_FOR_HALT : minReportsForHalt;
        }

        public Duration installTimeoutOrDefault() {
            return installTimeout == null ? GateRule.DEFAULT_INSTALL_TIMEOUT : installTimeout;
        }
    }

    /** {@code share} is cumulative: the ring holds the buckets from the previous ring's share up to this one. */
    public record RingSpec(String name, BigDecimal share, @JsonFormat(shape = STRING) Duration minSoak, GateSpec gate,
                           boolean manualApproval) {
    }

    /**
     * How the plan judges cohorts (DESIGN.md, "Cohorts"). {@code keys} are well-known attributes ({@link CohortPlan#KEYS});
     * left out, {@code minSample} is {@value CohortPlan#DEFAULT_MIN_SAMPLE}, {@code onFailure} is {@code quarantine}
     * and {@code coverageMin} (k) is 0.
     */
    public record CohortSpec(List<String> keys, Integer minSample, String onFailure, Integer coverageMin) {

        public static CohortSpec of(CohortPlan plan) {
            return new CohortSpec(plan.keys(), plan.minSample(), plan.onFailure().code(), plan.coverageMin());
        }

        public int minSampleOrDefault() {
            return minSample == null ? CohortPlan.DEFAULT_MIN_SAMPLE : minSample;
        }

        public int coverageMinOrDefault() {
            return coverageMin == null ? 0 : coverageMin;
        }

        public String onFailureOrDefault() {
            return onFailure == null ? CohortFailure.QUARANTINE.code() : onFailure;
        }
    }

    /**
     * The vendor's own devices first (DESIGN.md, "The merge", point 1). {@code required: true}: every rollout on the
     * plan opens a ring named {@value #INTERNAL_RING} before its customer rings, holding only the internal tenants'
     * devices, with its own soak and gate (written out, like a ring's); customer ring 0 opens only once it passed.
     * {@code required: false}: no such ring, the internal devices sit in ring 0 beside that ring's customer share
     * ({@code minSoak} and {@code gate} are then not read).
     */
    public record InternalRingSpec(Boolean required, @JsonFormat(shape = STRING) Duration minSoak, GateSpec gate,
                                   boolean manualApproval) {

        public boolean isRequired() {
            return Boolean.TRUE.equals(required);
        }

        /** As a ring of the plan: named {@value #INTERNAL_RING}, with no share of the buckets. */
        public RingSpec asRing() {
            return new RingSpec(INTERNAL_RING, java.math.BigDecimal.ZERO, minSoak, gate, manualApproval);
        }
    }

    /** The name of a plan's internal ring; no customer ring may take it. */
    public static final String INTERNAL_RING = "internal";

    /**
     * {@code cohorts} left out: the plan judges rings as a whole only. {@code internalRing} left out: no internal
     * ring.
     */
    public record CreatePlan(String name, boolean emergency, List<RingSpec> rings, CohortSpec cohorts,
                             InternalRingSpec internalRing) {

        public CreatePlan(String name, boolean emergency, List<RingSpec> rings) {
            this(name, emergency, rings, null, null);
        }

        public CreatePlan(String name, boolean emergency, List<RingSpec> rings, CohortSpec cohorts) {
            this(name, emergency, rings, cohorts, null);
        }
    }

    /**
     * Replaces the rings and the emergency flag; the salt stays unless {@code reshuffle} asks for a new one.
     * {@code cohorts} and {@code internalRing} left out keep the plan's settings (the console's ring editor does not
     * show them); {@code internalRing: {required: false}} removes the internal ring.
     */
    public record ReplacePlan(boolean emergency, List<RingSpec> rings, boolean reshuffle, CohortSpec cohorts,
                              InternalRingSpec internalRing) {

        public ReplacePlan(boolean emergency, List<RingSpec> rings, boolean reshuffle) {
            this(emergency, rings, reshuffle, null, null);
        }

        public ReplacePlan(boolean emergency, List<RingSpec> rings, boolean reshuffle, CohortSpec cohorts) {
            this(emergency, rings, reshuffle, cohorts, null);
        }
    }

    /**
     * @param rings        the customer rings
     * @param internalRing the internal ring that goes before them; null when the plan has none
     */
    public record PlanView(String product, String name, String salt, @JsonProperty("isDefault") boolean isDefault,
                           boolean emergency, List<RingSpec> rings, Instant createdAt, CohortSpec cohorts,
                           InternalRingSpec internalRing) {

        public PlanView(String product, String name, String salt, boolean isDefault, boolean emergency,
                        List<RingSpec> rings, Instant createdAt) {
            this(product, name, salt, isDefault, emergency, rings, createdAt, CohortSpec.of(CohortPlan.NONE), null);
        }
    }

    @Inject
    RingPlans plans;

    @GET
    public List<PlanView> list(@PathParam("key") String product) {
        return plans.list(product);
    }

    @GET
    @Path("/{name}")
    public PlanView get(@PathParam("key") String product, @PathParam("name") String name) {
        return plans.get(product, name);
    }

    @POST
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    @APIResponseSchema(value = PlanView.class, responseCode = "201", responseDescription = "Created")
    public Response create(@PathParam("key") String product, @NotNull CreatePlan request) {
        return Response.status(Response.Status.CREATED).entity(plans.create(product, request)).build();
    }

    @PUT
    @Path("/{name}")
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    public PlanView replace(@PathParam("key") String product, @PathParam("name") String name, @NotNull ReplacePlan request) {
        return plans.replace(product, name, request);
    }

    @POST
    @Path("/{name}/make-default")
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    public PlanView makeDefault(@PathParam("key") String product, @PathParam("name") String name) {
        return plans.makeDefault(product, name);
    }
}
