package dev.ringmaster.error;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Answers what the HTTP layer refuses or fails on its own (no route for the path, a method or a body the server
 * takes nowhere, a body cut off at the limit, a failure before the REST layer) with problem details, like every
 * answer of {@link ProblemMapper}, rather than the server's own pages.
 */
@ApplicationScoped
public class FrameworkErrors {

    private static final Logger LOG = Logger.getLogger(FrameworkErrors.class);

    void install(@Observes Router router) {
        for (int status : new int[]{400, 404, 405, 406, 413, 414, 415, 431, 500}) {
            router.errorHandler(status, context -> answer(context, status));
        }
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            if (isSecurity(context.failure())) {
                // Sign-in redirects and challenges are the security layer's to answer.
                context.next();
                return;
            }
            int status = context.statusCode() > 0 ? context.statusCode()
                    : context.failure() instanceof HttpException http ? http.getStatusCode() : 500;
            answer(context, status);
        });
    }

    private static boolean isSecurity(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String name = cause.getClass().getName();
            if (name.startsWith("io.quarkus.security.") || name.startsWith("io.quarkus.oidc.")
                    || name.contains("Authentication") || name.contains("Redirect") || name.contains("Forbidden")) {
                return true;
            }
        }
        return false;
    }

    private static void answer(RoutingContext context, int status) {
        if (status >= 500 && context.failure() != null) {
            LOG.error("unexpected failure answering " + context.request().path(), context.failure());
        }
        EdgeAnswers.problem(context, status, detail(status));
    }

    private static String detail(int status) {
        return switch (status) {
            case 404 -> "there is nothing at this path";
            case 405 -> "this path does not take this method";
            case 406 -> "this path answers in none of the media types accepted";
            case 413 -> BodySizeLimit.TOO_LARGE;
            case 414 -> "the request line is too long";
            case 415 -> "this path does not take a body of this media type";
            case 431 -> "the request's headers are too large";
            default -> status >= 500 ? "the server failed; the error is logged" : "the request is malformed";
        };
    }
}
