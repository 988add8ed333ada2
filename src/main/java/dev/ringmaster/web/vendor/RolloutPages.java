package dev.ringmaster.web.vendor;

import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.rollout.CohortJudgement;
import dev.ringmaster.rollout.TenantRings;
import dev.ringmaster.web.RolloutConsole;
import dev.ringmaster.web.chart.HealthChart;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import dev.ringmaster.error.ConflictException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Rollouts for the vendor: the list with the global emergency stop, and one rollout's rings with their gate
 * numbers, a health chart over time, where each tenant's devices stand ring by ring, and the actions its state
 * allows; a scheduled rollout can be cancelled. Works through {@link RolloutConsole}.
 */
@Path("/console/vendor/rollouts")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({"vendor-admin", "vendor-release-manager", "vendor-viewer"})
public class RolloutPages {

    /** A ring with its chart, ready for the template. */
    public record Ring(RolloutConsole.RingView ring, HealthChart chart) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<RolloutConsole.Summary> rollouts, String notice, List<String> errors);

        static native TemplateInstance detail(RolloutConsole.Detail rollout, List<Ring> rings, TenantRings tenants,
                                              CohortJudgement.CohortsView cohorts, String notice, List<String> errors);
    }

    @Inject
    RolloutConsole rollouts;

    @GET
    public TemplateInstance list(@QueryParam("notice") String notice) {
        return Templates.list(rollouts.list(), "stopped".equals(notice) ? "Emergency stop: every running rollout is halted." : null, List.of());
    }

    @GET
    @Path("/{id}")
    public TemplateInstance detail(@PathParam("id") UUID id, @QueryParam("notice") String notice) {
        String said = switch (notice == null ? "" : notice) {
            case "not-started" -> "The rollout is created but could not start yet; it stays scheduled until it can (see its state).";
            case "lifted" -> "Quarantine lifted: the cohort's devices are offered the release again.";
            case "accepted" -> "Uncovered cohorts accepted: the ring passes once its own gate holds.";
            default -> null;
        };
        return page(id, said, List.of());
    }

    /**
     * Cancels a rollout that has not started (the engine's abort, which a scheduled rollout allows). One that
     * started meanwhile is left alone: stopping a running rollout is the abort on its own page, with its own confirmation.
     */
    @POST
    @Path("/{id}/cancel")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    public Response cancel(@PathParam("id") UUID id, @FormParam("confirm") String confirm) {
        RolloutConsole.Detail detail = rollouts.detail(id).orElseThrow(() -> new NotFoundException("no rollout " + id));
        if (!"cancel".equals(confirm)) {
            return Response.status(422).entity(page(id, null, List.of("tick the confirmation to cancel the scheduled rollout"))).build();
        }
        if (!detail.summary().scheduled()) {
            return Response.status(409).entity(page(id, null, List.of("the rollout is " + detail.summary().state()
                    + ", no longer scheduled; to stop it, abort it here"))).build();
        }
        try {
            rollouts.act(id, RolloutConsole.Action.ABORT, "scheduled rollout cancelled before its start");
        } catch (ConflictException e) {
            return Response.status(409).entity(page(id, null, List.of(e.getMessage()))).build();
        }
        return Response.seeOther(URI.create("/console/vendor/releases?notice=cancelled#" + detail.summary().product())).build();
    }

    @POST
    @Path("/{id}/{action}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    public Response act(@PathParam("id") UUID id, @PathParam("action") String action, @FormParam("reason") String reason,
                        @FormParam("confirm") String confirm) {
        RolloutConsole.Action chosen = Arrays.stream(RolloutConsole.Action.values()).filter(a -> a.key().equals(action)).findFirst()
                .orElseThrow(() -> new NotFoundException("no action " + action));
        if (chosen.stopsUpdates() && !chosen.key().equals(confirm)) {
            return Response.status(422).entity(page(id, null, List.of("tick the confirmation to " + chosen.key() + " this rollout"))).build();
        }
        String why = reason == null ? "" : reason.strip();
        if (chosen.needsReason() && why.isEmpty()) {
            return Response.status(422).entity(page(id, null, List.of("reason: " + chosen.key() + " needs a reason"))).build();
        }
        if (why.length() > 500) {
            return Response.status(422).entity(page(id, null, List.of("reason: at most 500 characters"))).build();
        }
        try {
            rollouts.act(id, chosen, why.isEmpty() ? null : why);
        } catch (ConflictException e) {
            return Response.status(409).entity(page(id, null, List.of(e.getMessage()))).build();
        }
        return Response.seeOther(URI.create("/console/vendor/rollouts/" + id)).build();
    }

    /**
     * Lifts a cohort's quarantine: its devices are offered the release again, so the service wants a reason (and
     * audits it); the page shows its refusal otherwise.
     */
    @POST
    @Path("/{id}/cohorts/lift")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    public Response liftQuarantine(@PathParam("id") UUID id, @FormParam("cohort") String cohort, @FormParam("reason") String reason) {
        try {
            rollouts.liftQuarantine(id, cohort, reason == null ? null : reason.strip());
        } catch (UnprocessableException e) {
            return Response.status(422).entity(page(id, null, List.of(e.getMessage()))).build();
        } catch (ConflictException e) {
            return Response.status(409).entity(page(id, null, List.of(e.getMessage()))).build();
        }
        return Response.seeOther(URI.create("/console/vendor/rollouts/" + id + "?notice=lifted")).build();
    }

    /**
     * Accepts the cohorts the current ring leaves uncovered; the service wants a reason (and audits it), and the page
     * shows its refusal otherwise.
     */
    @POST
    @Path("/{id}/cohorts/accept")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    public Response acceptUncovered(@PathParam("id") UUID id, @FormParam("reason") String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.length() > 500) {
            return Response.status(422).entity(page(id, null, List.of("reason: at most 500 characters"))).build();
        }
        try {
            rollouts.acceptUncovered(id, why);
        } catch (UnprocessableException e) {
            return Response.status(422).entity(page(id, null, List.of(e.getMessage()))).build();
        } catch (ConflictException e) {
            return Response.status(409).entity(page(id, null, List.of(e.getMessage()))).build();
        }
        return Response.seeOther(URI.create("/console/vendor/rollouts/" + id + "?notice=accepted")).build();
    }

    /** Halts everything; the form's confirmation box must be ticked, so a stray click (or no JavaScript) cannot do it. */
    @POST
    @Path("/emergency-stop")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    public Response emergencyStop(@FormParam("confirm") String confirm, @FormParam("reason") String reason) {
        String why = reason == null ? "" : reason.strip();
        if (!"halt-everything".equals(confirm) || why.isEmpty() || why.length() > 500) {
            return Response.status(422).entity(Templates.list(rollouts.list(), null,
                    List.of("tick the confirmation and give a reason (at most 500 characters) to halt every running rollout"))).build();
        }
        rollouts.emergencyStop(why);
        return Response.seeOther(URI.create("/console/vendor/rollouts?notice=stopped")).build();
    }

    private TemplateInstance page(UUID id, String notice, List<String> errors) {
        RolloutConsole.Detail detail = rollouts.detail(id).orElseThrow(() -> new NotFoundException("no rollout " + id));
        List<Ring> rings = detail.rings().stream().map(ring -> new Ring(ring, HealthChart.of(ring.health().stream()
                .map(p -> new HealthChart.Sample(p.at(), p.succeeded(), p.failed(), p.silent())).toList(), 320, 120))).toList();
        return Templates.detail(detail, rings, rollouts.tenants(id), rollouts.cohorts(id), notice, errors);
    }
}
