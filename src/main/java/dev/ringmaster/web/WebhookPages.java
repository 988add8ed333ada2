package dev.ringmaster.web;

import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.webhook.EventType;
import dev.ringmaster.webhook.Subscriptions;
import dev.ringmaster.webhook.WebhookResource;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Webhook subscriptions in the console, for vendor admins (the vendor's) and tenant admins (their tenant's), through
 * the same service as the API. A new subscription's secret is shown once, in the answer to the POST that made it.
 */
@Path("/console/webhooks")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({"vendor-admin", "tenant-admin"})
public class WebhookPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<Subscriptions.Subscription> subscriptions, List<EventType> eventTypes,
                                            String secret, String notice, List<String> errors);

        static native TemplateInstance log(Subscriptions.Subscription subscription, List<Subscriptions.Attempt> attempts);
    }

    @Inject
    Subscriptions subscriptions;

    @Inject
    FormCheck check;

    @GET
    public TemplateInstance list() {
        return page(null, null, List.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@FormParam("url") String url, @FormParam("events") List<String> events,
                           @FormParam("description") String description) {
        WebhookResource.CreateSubscription request = new WebhookResource.CreateSubscription(url,
                events == null ? List.of() : events, description == null || description.isBlank() ? null : description);
        List<String> errors = new ArrayList<>(check.problems(request));
        if (errors.isEmpty()) {
            try {
                Subscriptions.Created created = subscriptions.create(request.url(), request.events(), request.description());
                return Response.status(201).entity(page(created.secret(), null, List.of())).build();
            } catch (UnprocessableException refused) {
                refused.errors().forEach(error -> errors.add(error.field() + ": " + error.message()));
            }
        }
        return Response.status(422).entity(page(null, null, errors)).build();
    }

    @GET
    @Path("/{id}")
    public TemplateInstance log(@PathParam("id") UUID id) {
        return Templates.log(subscriptions.get(id), subscriptions.deliveries(id));
    }

    @POST
    @Path("/{id}/test")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response test(@PathParam("id") UUID id) {
        UUID event = subscriptions.sendTest(id);
        return Response.status(202).entity(page(null, "Test event " + event + " queued; it goes out with the next"
                + " delivery pass. Its attempts show in the subscription's delivery log.", List.of())).build();
    }

    @POST
    @Path("/{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("id") UUID id) {
        subscriptions.delete(id);
        return Response.seeOther(URI.create("/console/webhooks")).build();
    }

    private TemplateInstance page(String secret, String notice, List<String> errors) {
        return Templates.list(subscriptions.list(), subscriptions.eventTypes(), secret, notice, errors);
    }
}
