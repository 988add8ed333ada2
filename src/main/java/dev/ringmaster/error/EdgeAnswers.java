package dev.ringmaster.error;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * Problem details written straight onto the HTTP response, for what is refused or fails before the REST layer
 * takes the request (or after it gave up on it): the same body {@link ProblemMapper} writes.
 */
public final class EdgeAnswers {

    private EdgeAnswers() {
    }

    /** Ends the exchange with a problem. */
    public static void problem(RoutingContext context, int status, String detail) {
        problem(context, status, detail, null, null);
    }

    /** Ends the exchange with a problem naming the part of the request at fault ({@code field}) and what is wrong with it. */
    public static void problem(RoutingContext context, int status, String detail, String field, String fieldMessage) {
        if (context.response().ended() || context.response().closed()) {
            return;
        }
        if (context.response().headWritten()) {
            context.response().end();
            return;
        }
        List<Problem.FieldError> errors = field == null ? null : List.of(new Problem.FieldError(field, fieldMessage));
        Problem problem = new Problem("about:blank", ProblemMapper.title(status), status, detail, safePath(context), errors);
        context.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (status == 413 || status == 431 || status == 414) {
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        context.response().end(Json.encode(problem));
    }

    /** The request's path when it is printable text; a refused path is not echoed. */
    private static String safePath(RoutingContext context) {
        String path = context.request().path();
        return path == null || !path.matches("[\\x21-\\x7e]*") || path.contains("%") ? null : path;
    }
}
