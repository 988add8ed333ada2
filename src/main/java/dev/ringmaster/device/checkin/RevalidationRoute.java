package dev.ringmaster.device.checkin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringmaster.device.CurrentDevice;
import dev.ringmaster.device.DeviceApiSettings;
import dev.ringmaster.device.DeviceTokenFilter;
import dev.ringmaster.device.DeviceTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.Optional;

/**
 * Answers a revalidating check-in 304 on the HTTP server's I/O thread when all its answer needs is in memory:
 * the device's token known, its last decision cached and still holding for the versions it reports. In a steady
 * fleet most polls are such revalidations; answered here they skip the hand-over to the endpoint's virtual
 * thread and the REST layer's filters and readers (docs/device-api.md, load figures of 4 Dec).
 *
 * <p>Everything else goes on to {@link CheckInResource}, which answers it exactly as if this route were not
 * there, errors included: no tag sent, a token not in memory, a body or headers the endpoint would refuse or
 * that need a closer look, a request over HTTP/2 (its body is not read ahead, see
 * {@code DeviceRequestBodies}). So this route never refuses anything itself; it can only say "not modified"
 * where the endpoint would say it too: both go by the same rules and the same cached decision in {@link CheckIns}.
 */
@ApplicationScoped
public class RevalidationRoute {

    private static final Logger LOG = Logger.getLogger(RevalidationRoute.class);

    /** A check-in body is a few hundred bytes; a larger one is left to the endpoint, off the I/O thread. */
    static final int MAX_BODY = 16 * 1024;

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

    private Counter answered;

    void install(@Observes Router router) {
        if (!settings.revalidateOnIoThread()) {
            return;
        }
        answered = registry.counter("ringmaster.device.revalidations.io.thread");
        // After DeviceRequestBodies (Integer.MIN_VALUE + 1), which has read an HTTP/1.x body by then.
        router.post(CheckInResource.PATH).order(Integer.MIN_VALUE + 2).handler(this::handle);
    }

    void handle(RoutingContext context) {
        Optional<CheckIns.Result> result;
        try {
            result = answer(context);
        } catch (IOException | RuntimeException e) {
            // The endpoint reads the same request again and says what is wrong with it in its own words.
            LOG.tracef(e, "revalidation left to the endpoint");
            result = Optional.empty();
        }
        if (result.isEmpty()) {
            context.next();
            return;
        }
        answered.increment();
        context.response().setStatusCode(304)
                .putHeader(HttpHeaders.ETAG, result.get().etag())
                .putHeader(HttpHeaders.RETRY_AFTER, Long.toString(result.get().retryAfterSeconds()))
                .putHeader(HttpHeaders.CACHE_CONTROL, CheckIns.CACHE_CONTROL)
                .end();
    }

    private Optional<CheckIns.Result> answer(RoutingContext context) throws IOException {
        HttpServerRequest request = context.request();
        String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch == null || !isJson(request.getHeader(HttpHeaders.CONTENT_TYPE))
                || !acceptsJson(request.getHeader(HttpHeaders.ACCEPT))) {
            return Optional.empty();
        }
        Buffer body = bodyRead(context.body());
        if (body == null) {
            return Optional.empty();
        }
        Optional<CurrentDevice.AuthenticatedDevice> device = DeviceTokenFilter.tokenHash(request.getHeader(HttpHeaders.AUTHORIZATION))
                .flatMap(tokens::known);
        if (device.isEmpty()) {
            return Optional.empty();
        }
        CheckInRequest checkIn = json.readValue(body.getBytes(), CheckInRequest.class);
        return checkIns.revalidate(device.get(), checkIn, ifNoneMatch);
    }

    private static Buffer bodyRead(RequestBody body) {
        if (body == null || !body.available()) {
            return null;
        }
        Buffer buffer = body.buffer();
        return buffer == null || buffer.length() == 0 || buffer.length() > MAX_BODY ? null : buffer;
    }

    /** {@code application/json}, with parameters or none: what {@link CheckInResource} consumes. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip().equalsIgnoreCase("application/json");
    }

    /**
     * No {@code Accept}, or one that names JSON or a wildcard outright. Anything subtler (weights, lists without
     * JSON) is left to the endpoint's content negotiation.
     */
    static boolean acceptsJson(String accept) {
        if (accept == null) {
            return true;
        }
        if (accept.indexOf(',') >= 0 || accept.indexOf(';') >= 0) {
            return false;
        }
        String type = accept.strip();
        return type.equalsIgnoreCase("application/json") || type.equals("*/*") || type.equalsIgnoreCase("application/*");
    }
}
