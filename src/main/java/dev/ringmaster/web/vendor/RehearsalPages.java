package dev.ringmaster.web.vendor;

import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.error.ConflictException;
import dev.ringmaster.rehearsal.RehearsalRequest;
import dev.ringmaster.rehearsal.RehearsalRunView;
import dev.ringmaster.rehearsal.RehearsalRuns;
import dev.ringmaster.release.Products;
import dev.ringmaster.release.ProductResource;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/**
 * Rehearsals in the console: the set-up form with the kept runs (to open or compare two), the run's page (its
 * progress while it plays in the background, then its result) and the comparison of two. Nothing real changes; the
 * service audits each request. For vendor admins and release
 * managers, as the API; a viewer or a tenant gets 403.
 */
@Path("/console/vendor/rehearsals")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({"vendor-admin", "vendor-release-manager"})
public class RehearsalPages {

    /** The form's fields, bound by name. */
    public static class Fields {
        @FormParam("product") String product;
        @FormParam("version") String version;
        @FormParam("plan") String plan;
        @FormParam("scale") String scale;
        @FormParam("horizonHours") String horizonHours;
        @FormParam("seed") String seed;
        @FormParam("selector") String selector;
        @FormParam("share") String share;
        @FormParam("tenant") String tenant;
        @FormParam("timeZone") String timeZone;
        @FormParam("attributes") String attributes;
        @FormParam("behaviour") String behaviour;
        @FormParam("probability") String probability;
        @FormParam("delayHours") String delayHours;
        @FormParam("fromHours") String fromHours;
        @FormParam("untilHours") String untilHours;

        RehearsalForm form() {
            return new RehearsalForm(product, version, plan, scale, horizonHours, seed, selector, share, tenant, timeZone,
                    attributes, behaviour, probability, delayHours, fromHours, untilHours);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance form(RehearsalForm form, List<String> products, List<String> selectors,
                                            List<String> behaviours, List<String> errors, List<RehearsalRunView> runs);

        static native TemplateInstance result(RehearsalRequest request, RehearsalView result);

        static native TemplateInstance progress(RehearsalRunView run, RehearsalRequest request);

        static native TemplateInstance compare(RehearsalComparisonView comparison);
    }

    @Inject
    RehearsalRuns runs;

    @Inject
    Products products;

    @GET
    public TemplateInstance form(@QueryParam("product") String product) {
        return form(RehearsalForm.blank(product == null ? "" : product), List.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response run(@BeanParam Fields fields) {
        RehearsalForm form = fields.form();
        RehearsalForm.Parsed parsed = form.parse();
        if (!parsed.errors().isEmpty()) {
            return Response.status(422).entity(form(form, parsed.errors())).build();
        }
        RehearsalRunView run;
        try {
            run = runs.submit(parsed.request());
        } catch (UnprocessableException e) {
            return Response.status(422).entity(form(form, e.errors().stream()
                    .map(error -> error.field() + ": " + error.message()).toList())).build();
        } catch (NotFoundException e) {
            return Response.status(404).entity(form(form, List.of(e.getMessage()))).build();
        } catch (ConflictException e) {
            return Response.status(409).entity(form(form, List.of(e.getMessage()))).build();
        }
        return Response.seeOther(URI.create("/console/vendor/rehearsals/" + run.id())).build();
    }

    /** Two kept rehearsals side by side; chosen on the form page. */
    @GET
    @Path("/compare")
    public TemplateInstance compare(@QueryParam("a") String a, @QueryParam("b") String b) {
        if (a == null || b == null) {
            throw new NotFoundException("choose two rehearsals to compare");
        }
        return Templates.compare(RehearsalComparisonView.of(runs.compare(a, b)));
    }

    /** Its progress while it plays (the page reloads itself), its result once done. */
    @GET
    @Path("/{id}")
    public TemplateInstance run(@PathParam("id") String id) {
        RehearsalRunView run = runs.get(id);
        RehearsalRequest request = runs.request(id);
        if (run.done()) {
            return Templates.result(request, RehearsalView.of(run.result()));
        }
        return Templates.progress(run, request);
    }

    private TemplateInstance form(RehearsalForm form, List<String> errors) {
        return Templates.form(form, products.list().stream().map(ProductResource.ProductView::key).toList(),
                RehearsalForm.SELECTORS, RehearsalForm.BEHAVIOURS, errors, runs.list());
    }
}
