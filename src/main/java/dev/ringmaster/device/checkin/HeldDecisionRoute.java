package dev.ringmaster.device.checkin;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.Optional;

/**
 * Answers a check-in on the HTTP server's I/O thread when all its answer needs is in memory: the device's token
 * known, its last decision cached and still holding for the versions and attributes it reports. A revalidation
 * whose tag holds gets 304; a check-in without a tag, or with an old one, gets the cached answer itself. In a
 * steady fleet nearly every poll is one of these; answered here they skip the hand-over to the endpoint's virtual
 * thread and the REST layer's filters, readers and writers (docs/device-api.md; load figures of 4 and 7 Dec).
 *
 * <p>Everything else goes on to {@link CheckInResource}, which answers it exactly as if this route were not
 * there, errors included: a token not in memory, no decision held, a body or headers the endpoint would refuse or
 * that need a closer look, a request over HTTP/2 (its body is not read ahead, see
 * {@code DeviceRequestBodies}). So this route never refuses anything itself; it only gives the answer the
 * endpoint would give: both go by the same rules and the same cached decision in {@link CheckIns}, and the body
 * is written by the same {@link ObjectMapper} the REST layer uses.
 */
@ApplicationScoped
public class HeldDecisionRoute {

    private static final Logger LOG = Logger.getLogger(HeldDecisionRoute.class);

    @Inject
    CheckIns checkIns;

    @Inject
    DeviceTokens tokens;

    @Inject
    ObjectMapper json;

    @Inject
    DeviceApiSettings settings;

    @Inject
    MeterRegistry registry;

    /** 304s given here, and answers with a body. */
    private Counter revalidated;
    private Counter answered;

    void install(@Observes Router router) {
        if (!settings.revalidateOnIoThread()) {
            return;
        }
        revalidated = registry.counter("ringmaster.device.revalidations.io.thread");
        answered = registry.counter("ringmaster.device.answers.io.thread");
        // After DeviceRequestBodies (Integer.MIN_VALUE + 1), which has read an HTTP/1.x body by then.
        router.post(CheckInResource.PATH).order(Integer.MIN_VALUE + 2).handler(this::handle);
    }

    void handle(RoutingContext context) {
        Optional<CheckIns.Result> result;
        Buffer body = null;
        try {
            result = answer(context);
            if (result.isPresent() && !result.get().notModified()) {
                body = Buffer.buffer(json.writeValueAsBytes(result.get().answer()));
            }
        } catch (IOException | RuntimeException e) {
            // The endpoint reads the same request again and says what is wrong with it in its own words.
            LOG.tracef(e, "check-in left to the endpoint");
            result = Optional.empty();
        }
        if (result.isEmpty()) {
            context.next();
            return;
        }
        HttpServerResponse response = context.response()
                .putHeader(HttpHeaders.ETAG, result.get().etag())
                .putHeader(HttpHeaders.RETRY_AFTER, Long.toString(result.get().retryAfterSeconds()))
                .putHeader(HttpHeaders.CACHE_CONTROL, CheckIns.CACHE_CONTROL);
        if (body == null) {
            revalidated.increment();
            response.setStatusCode(304).end();
        } else {
            answered.increment();
            response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, IoThreadAnswers.JSON_UTF8).end(body);
        }
    }

    private Optional<CheckIns.Result> answer(RoutingContext context) throws IOException {
        HttpServerRequest request = context.request();
        if (!IoThreadAnswers.isJson(request.getHeader(HttpHeaders.CONTENT_TYPE))
                || !IoThreadAnswers.acceptsJson(request.getHeader(HttpHeaders.ACCEPT))) {
            return Optional.empty();
        }
        Buffer body = IoThreadAnswers.smallBody(context.body());
        if (body == null) {
            return Optional.empty();
        }
        Optional<CurrentDevice.AuthenticatedDevice> device = DeviceTokenFilter.tokenHash(request.getHeader(HttpHeaders.AUTHORIZATION))
                .flatMap(tokens::known);
        if (device.isEmpty()) {
            return Optional.empty();
        }
        CheckInRequest checkIn = json.readValue(body.getBytes(), CheckInRequest.class);
        return checkIns.fromMemory(device.get(), checkIn, request.getHeader(HttpHeaders.IF_NONE_MATCH));
    }
}
