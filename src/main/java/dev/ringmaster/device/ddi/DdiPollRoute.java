package dev.ringmaster.device.ddi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ringmaster.device.CurrentDevice;
import dev.ringmaster.device.DeviceApiSettings;
import dev.ringmaster.device.DeviceTokenFilter;
import dev.ringmaster.device.DeviceTokens;
import dev.ringmaster.device.IoThreadAnswers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.Optional;

/**
 * Answers a DDI poll ({@code GET /{tenant}/controller/v1/{controllerId}}) on the HTTP server's I/O thread when all
 * its answer needs is in memory: the device's target token known and naming the path's tenant and controller, the
 * decision it was told at an earlier poll still holding, what its attributes are wanted for known. A steady fleet
 * of hawkBit agents polls far more often than anything changes for it; answered here, those polls skip the
 * hand-over to the endpoint's virtual thread and the REST layer's filters and writers, as native check-ins do
 * ({@code checkin.HeldDecisionRoute}).
 *
 * <p>Everything else goes on to {@link DdiResource}, which answers it exactly as if this route were not there,
 * refusals included: a gateway token, a token not in memory or not for this path, no decision held, an
 * {@code Accept} that needs content negotiation. This route refuses nothing itself, and the answer it gives is
 * {@link Ddi}'s own, written by the {@link ObjectMapper} the REST layer uses.
 */
@ApplicationScoped
public class DdiPollRoute {

    private static final Logger LOG = Logger.getLogger(DdiPollRoute.class);

    static final String PATH = "/:tenant/controller/v1/:controllerId";

    @Inject
    Ddi ddi;

    @Inject
    DeviceTokens tokens;

    @Inject
    ObjectMapper json;

    @Inject
    DeviceApiSettings settings;

    @Inject
    MeterRegistry registry;

    private Counter answered;

    void install(@Observes Router router) {
        if (!settings.revalidateOnIoThread()) {
            return;
        }
        answered = registry.counter("ringmaster.device.ddi.polls.io.thread");
        router.get(PATH).order(Integer.MIN_VALUE + 2).handler(this::handle);
    }

    void handle(RoutingContext context) {
        Buffer body = null;
        try {
            Optional<ObjectNode> answer = answer(context);
            if (answer.isPresent()) {
                body = Buffer.buffer(json.writeValueAsBytes(answer.get()));
            }
        } catch (IOException | RuntimeException e) {
            // The endpoint takes the same request again and says what is wrong with it in its own words.
            LOG.tracef(e, "DDI poll left to the endpoint");
        }
        if (body == null) {
            context.next();
            return;
        }
        answered.increment();
        context.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, IoThreadAnswers.JSON_UTF8).end(body);
    }

    private Optional<ObjectNode> answer(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (!IoThreadAnswers.acceptsJson(request.getHeader(HttpHeaders.ACCEPT))) {
            return Optional.empty();
        }
        String tenant = context.pathParam("tenant");
        String controllerId = context.pathParam("controllerId");
        // A gateway token (or none) is the endpoint's to check: DeviceTokenFilter reads target tokens only.
        Optional<CurrentDevice.AuthenticatedDevice> device = DeviceTokenFilter.tokenHash(request.getHeader(HttpHeaders.AUTHORIZATION))
                .flatMap(tokens::known)
                .filter(known -> known.tenantId().equals(tenant) && known.externalId().equals(controllerId));
        if (device.isEmpty()) {
            return Optional.empty();
        }
        return ddi.fromMemory(device.get(), base(request), tenant);
    }

    /** The request's base, as the endpoint's {@code UriInfo#getBaseUri} gives it: scheme and authority, then "/". */
    private static String base(HttpServerRequest request) {
        String absolute = request.absoluteURI();
        return absolute.substring(0, absolute.length() - request.uri().length()) + "/";
    }
}
