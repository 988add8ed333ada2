package dev.ringmaster.web.vendor;

import dev.ringmaster.error.ConflictException;
import dev.ringmaster.error.Problem;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.release.Products;
import dev.ringmaster.rollout.RingPlanResource;
import dev.ringmaster.rollout.RingPlans;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/**
 * The vendor's ring plans per product, and the editor for one plan: rings as rows with share, soak and gate.
 * Saving goes through {@link RingPlans}, so the API's plan rules, the in-use check and the audit apply.
 */
@Path("/console/vendor/ring-plans")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({"vendor-admin", "vendor-release-manager", "vendor-viewer"})
public class RingPlanPages {

    public record ProductPlans(String product, String name, List<RingPlanResource.PlanView> plans) {
    }

    /** {@code existing} false while creating a plan, whose name is then editable. */
    public record Editor(String product, boolean existing, RingPlanForm form, List<Problem.FieldError> errors) {

        public int newRow() {
            return form.rings().size();
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<ProductPlans> products);

        static native TemplateInstance edit(Editor editor);
    }

    @Inject
    Products products;

    @Inject
    RingPlans plans;

    @GET
    public TemplateInstance list() {
        return Templates.list(products.list().stream()
                .map(product -> new ProductPlans(product.key(), product.name(), plans.list(product.key()))).toList());
    }

    @GET
    @Path("/{product}/new")
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    public TemplateInstance create(@PathParam("product") String product) {
        return Templates.edit(new Editor(products.require(product).key, false, RingPlanForm.empty(), List.of()));
    }

    @GET
    @Path("/{product}/{name}")
    public TemplateInstance edit(@PathParam("product") String product, @PathParam("name") String name) {
        RingPlanResource.PlanView plan = plans.get(product, name);
        return Templates.edit(new Editor(plan.product(), true, RingPlanForm.of(plan), List.of()));
    }

    @POST
    @Path("/{product}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    public Response saveNew(@PathParam("product") String product, MultivaluedMap<String, String> fields) {
        return save(product, null, RingPlanForm.read(fields));
    }

    @POST
    @Path("/{product}/{name}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    public Response save(@PathParam("product") String product, @PathParam("name") String name, MultivaluedMap<String, String> fields) {
        return save(product, plans.get(product, name).name(), RingPlanForm.read(fields));
    }

    private Response save(String product, String existingName, RingPlanForm form) {
        String key = products.require(product).key;
        RingPlanForm.Parsed parsed = form.parse();
        List<Problem.FieldError> errors = parsed.errors();
        if (errors.isEmpty()) {
            try {
                RingPlanResource.PlanView saved = existingName == null
                        ? plans.create(key, new RingPlanResource.CreatePlan(form.name(), form.emergency(), parsed.rings(), null,
                                parsed.internalRing()))
                        : plans.replace(key, existingName, new RingPlanResource.ReplacePlan(form.emergency(), parsed.rings(),
                                form.reshuffle(), null, parsed.internalRing()));
                return Response.seeOther(URI.create("/console/vendor/ring-plans/" + key + "/" + saved.name())).build();
            } catch (UnprocessableException refused) {
                errors = refused.errors();
            } catch (ConflictException conflict) {
                errors = List.of(new Problem.FieldError("plan", conflict.getMessage()));
            }
        }
        return Response.status(422).entity(Templates.edit(new Editor(key, existingName != null, form, errors))).build();
    }
}
