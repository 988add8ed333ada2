package dev.ringmaster.error;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a body announced as larger than the limit before any of it is read, with problem details rather
 * than the HTTP server's bare 413. Bodies sent without a length are still cut off by the server at the same
 * limit ({@code quarkus.http.limits.max-body-size}).
 */
@ApplicationScoped
public class BodySizeLimit {

    public static final long LIMIT = 1024 * 1024;
    static final String TOO_LARGE = "the body is larger than the 1 MiB this service accepts";

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length)) {
                EdgeAnswers.problem(context, 413, TOO_LARGE);
                return;
            }
            context.next();
        });
    }

    private static boolean isOver(String length) {
        try {
            return Long.parseLong(length.trim()) > LIMIT;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
