package dev.ringmaster.rollout;

import dev.ringmaster.api.Page;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.release.ProductKey;
import dev.ringmaster.rollout.engine.RolloutState;
import dev.ringmaster.tenancy.CurrentCaller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The vendor's rollouts: create, list, detail with ring health and gate numbers, the health time series, and
 * the actions. Tenants never see rollouts; what reaches them are their devices' release windows.
 */
@Path("/api/v1/rollouts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({"vendor-admin", "vendor-release-manager", "vendor-viewer"})
public class RolloutResource {

    /** Why the vendor acts; required for promote, rollback and the emergency stop. */
    public record ActionRequest(@Size(max = 2000) String reason) {
    }

    /** Names the quarantined cohort as the cohorts view shows it ("osBuild=21.3"). */
    public record LiftRequest(@Size(max = 1000) String cohort, @Size(max = 2000) String reason) {
    }

    public record HealthView(UUID rollout, List<RingHealthSamples.Series> rings) {
    }

    @Inject
    Rollouts rollouts;

    @Inject
    Rollbacks rollbacks;

    @Inject
    CurrentCaller caller;

    @Inject
    Clock clock;

    @Inject
    CohortJudgement cohorts;

    @Inject
    CohortQuarantines quarantines;

    /** Newest first, a page at a time; {@code state} and {@code product} narrow the list. */
    @GET
    public Page<RolloutView> list(@QueryParam("state") @Pattern(regexp = "scheduled|running|paused|on_hold|halted|completed|aborted",
                                          message = "one of scheduled, running, paused, on_hold, halted, completed, aborted") String state,
                                  @QueryParam("product") @Pattern(regexp = ProductKey.REGEX, message = "a product key") String product,
                                  @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
                                  @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return rollouts.find(new Rollouts.Filter(Optional.ofNullable(state).map(RolloutState::fromCode), Optional.ofNullable(product)),
                page, size);
    }

    @POST
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    @APIResponseSchema(value = RolloutView.class, responseCode = "201", responseDescription = "Created; scheduled, or running at once")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Rollouts.CreateRollout.class),
            examples = @ExampleObject(name = "default-plan", summary = "Version 4.2.0 of agent on the product's default ring plan, starting now",
                    value = "{\"product\": \"agent\", \"version\": \"4.2.0\"}")))
    public Response create(Rollouts.CreateRollout request) {
        return Response.status(Response.Status.CREATED)
                .entity(rollouts.create(request, caller.get().username(), clock.instant())).build();
    }

    @GET
    @Path("/{id}")
    public RolloutView get(@PathParam("id") UUID id) {
        return rollouts.get(id, clock.instant());
    }

    @GET
    @Path("/{id}/health")
    public HealthView health(@PathParam("id") UUID id) {
        return new HealthView(id, rollouts.health(id));
    }

    /** Where each tenant's devices stand, ring by ring (vendor staff see every tenant; tenants never see rollouts). */
    /** Each ring's gate verdicts as they changed, oldest first, with the reasons and numbers behind each. */
    @GET
    @Path("/{id}/verdicts")
    public List<GateVerdicts.Entry> verdicts(@PathParam("id") UUID id) {
        return rollouts.verdicts(id);
    }

    @GET
    @Path("/{id}/tenants")
    public TenantRings tenants(@PathParam("id") UUID id) {
        return rollouts.byTenant(id, clock.instant());
    }

    /** Ring health per cohort, the coverage of later rings' cohorts, and the quarantines (DESIGN.md, "Cohorts"). */
    @GET
    @Path("/{id}/cohorts")
    public CohortJudgement.CohortsView cohorts(@PathParam("id") UUID id) {
        return cohorts.view(id, clock.instant());
    }

    /** Lifts a standing quarantine; the cohort is offered the release again. Reason required, audited. */
    @POST
    @Path("/{id}/cohorts/lift")
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    public List<CohortQuarantines.QuarantineView> lift(@PathParam("id") UUID id, @Valid @NotNull LiftRequest request) {
        return quarantines.lift(id, request.cohort(), caller.get().username(), request.reason());
    }

    /**
     * Accepts the cohorts the current ring leaves uncovered, so the ring passes on its own gate despite the coverage
     * shortfall. Reason required, audited.
     */
    @POST
    @Path("/{id}/cohorts/accept")
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    public CohortJudgement.CohortsView acceptUncovered(@PathParam("id") UUID id, @Valid @NotNull ActionRequest request) {
        return cohorts.acceptUncovered(id, caller.get().username(), reason(request), clock.instant());
    }

    @POST
    @Path("/{id}/rollback")
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    public Rollbacks.RollbackView rollBack(@PathParam("id") UUID id, @Valid @NotNull ActionRequest request) {
        return rollbacks.rollBack(id, caller.get().username(), reason(request), clock.instant());
    }

    @POST
    @Path("/{id}/{action}")
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    public RolloutView act(@PathParam("id") UUID id, @PathParam("action") String action, @Valid @NotNull ActionRequest request) {
        RolloutAction parsed = RolloutAction.fromPath(action)
                .orElseThrow(() -> new NotFoundException("no rollout action '" + action + "'"));
        return rollouts.act(id, parsed, caller.get().username(), reason(request), clock.instant());
    }

    /** Halts every running, paused or held rollout at once; only with a reason. */
    @POST
    @Path("/emergency-stop")
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    public List<RolloutView> emergencyStopAll(@Valid @NotNull ActionRequest request) {
        String reason = reason(request);
        if (reason == null || reason.isBlank()) {
            throw new UnprocessableException("reason", "the global emergency stop needs a reason");
        }
        return rollouts.emergencyStopAll(caller.get().username(), reason, clock.instant());
    }

    private static String reason(@Valid ActionRequest request) {
        return request == null ? null : request.reason();
    }
}
