package dev.ringmaster.webhook;

import dev.ringmaster.api.SafeText;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

import java.util.List;
import java.util.UUID;

/**
 * Webhook subscriptions. Vendor admins manage the vendor's (vendor-wide events), tenant admins their own tenant's
 * (that tenant's events only): which one comes from the credential, as everywhere (docs/webhooks.md).
 */
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({"vendor-admin", "tenant-admin"})
public class WebhookResource {

    /** {@code events} are event type keys such as {@code ring.halted} (see {@code GET /api/v1/webhooks/event-types}). */
    public record CreateSubscription(@NotBlank @Size(max = EndpointRule.MAX_LENGTH) String url,
                                     @NotNull @Size(min = 1, max = 20) List<@NotBlank @Size(max = 100) String> events,
                                     @SafeText @Size(max = 200) String description) {
    }

    public record TestSent(UUID eventId) {
    }

    @Inject
    Subscriptions subscriptions;

    @GET
    public List<Subscriptions.Subscription> list() {
        return subscriptions.list();
    }

    /** Answers the subscription with its signing secret, which is shown only in this answer. */
    @POST
    @APIResponseSchema(value = Subscriptions.Created.class, responseCode = "201", responseDescription = "Subscribed; the signing secret is shown only here")
    public Response create(@Valid @NotNull CreateSubscription request) {
        return Response.status(Response.Status.CREATED)
                .entity(subscriptions.create(request.url(), request.events(), request.description())).build();
    }

    @GET
    @Path("/event-types")
    public List<EventType> eventTypes() {
        return subscriptions.eventTypes();
    }

    @GET
    @Path("/{id}")
    public Subscriptions.Subscription get(@PathParam("id") UUID id) {
        return subscriptions.get(id);
    }

    @DELETE
    @Path("/{id}")
    @APIResponse(responseCode = "204", description = "Unsubscribed")
    public Response delete(@PathParam("id") UUID id) {
        subscriptions.delete(id);
        return Response.noContent().build();
    }

    /** The delivery log: every attempt, newest first, with the receiver's status code, latency and error. */
    @GET
    @Path("/{id}/deliveries")
    public List<Subscriptions.Attempt> deliveries(@PathParam("id") UUID id) {
        return subscriptions.deliveries(id);
    }

    /** Queues a {@code webhook.test} event for this subscription alone; it goes out with the dispatcher's next pass. */
    @POST
    @Path("/{id}/test")
    @APIResponseSchema(value = TestSent.class, responseCode = "202", responseDescription = "A test event is queued for delivery")
    public Response test(@PathParam("id") UUID id) {
        return Response.accepted(new TestSent(subscriptions.sendTest(id))).build();
    }
}
