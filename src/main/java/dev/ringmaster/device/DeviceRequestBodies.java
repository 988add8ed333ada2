package dev.ringmaster.device;

import dev.ringmaster.error.BodySizeLimit;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Reads the body of a device's POST or PUT (check-in, report, DDI feedback) completely on the I/O thread, before
 * the endpoint runs on its own (virtual) thread. The JSON reader then parses bytes already in memory; otherwise
 * that thread blocks on the body while the event loop hands it over, a thread switch each way on every
 * check-in. Right after {@link BodySizeLimit}, which has already refused a body announced as too large; one
 * that was not announced stops at the same limit here.
 *
 * <p>HTTP/1.x only: over HTTP/2 the REST layer pauses the request when it takes it over, which Vert.x refuses
 * for a stream already read to its end, so an HTTP/2 body is still read by the endpoint's thread.
 */
@ApplicationScoped
public class DeviceRequestBodies {

    static final String NATIVE = "/api/device/v1/.*";
    static final String DDI = "/[^/]+/controller/v1/.*";

    void install(@Observes Router router) {
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(BodySizeLimit.LIMIT);
        for (String paths : new String[]{NATIVE, DDI}) {
            router.routeWithRegex(paths).method(HttpMethod.POST).method(HttpMethod.PUT)
                    .order(Integer.MIN_VALUE + 1).handler(context -> {
                        if (context.request().version() == HttpVersion.HTTP_2 || hasNoBody(context.request())) {
                            context.next();
                        } else {
                            bodies.handle(context);
                        }
                    });
        }
    }

    /**
     * A request that announces no body at all: the REST layer reads it itself and finds it empty. Read here, an
     * empty body left the request waiting for one forever.
     */
    private static boolean hasNoBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return "0".equals(length == null ? null : length.trim())
                || length == null && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null;
    }
}
