package dev.ringmaster.api.input;

import dev.ringmaster.error.EdgeAnswers;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;

/**
 * Applies {@link RequestLine} to every request (API, device API, DDI, console) before anything reads it, so no
 * endpoint ever sees a NUL, half a surrogate pair or bytes that are not UTF-8 in its path, query or headers.
 */
@ApplicationScoped
public class RequestEdge {

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            try {
                RequestLine.checkPath(context.request().path());
                RequestLine.checkQuery(context.request().query());
                for (Map.Entry<String, String> header : context.request().headers()) {
                    RequestLine.checkHeader(header.getKey(), header.getValue());
                }
                RequestLine.checkContentType(context.request().getHeader(HttpHeaders.CONTENT_TYPE));
            } catch (InputRefused refused) {
                EdgeAnswers.problem(context, refused.status(), refused.detail(), refused.field(), refused.getMessage());
                return;
            }
            context.next();
        });
    }
}
