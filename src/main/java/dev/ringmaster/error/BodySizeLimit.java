package dev.ringmaster.error;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import dev.ringmaster.artifact.ArtifactSettings;
import dev.ringmaster.artifact.ArtifactUploads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a body announced as larger than the limit before any of it is read, with problem details rather
 * than the HTTP server's bare 413. The HTTP server's own limit ({@code quarkus.http.limits.max-body-size}) is
 * the artifact size limit, for uploads; every other body, also one sent without a length, is held to 1 MiB:
 * the server's reader is told so per request, after the server has set its own limit.
 */
@ApplicationScoped
public class BodySizeLimit {

    public static final long LIMIT = 1024 * 1024;
    static final String TOO_LARGE = "the body is larger than the 1 MiB this service accepts";
    /** Where the HTTP server's readers look for the limit of the request at hand (set by Quarkus at order -2). */
    private static final String READ_LIMIT = "io.quarkus.max-request-size";

    @Inject
    ArtifactSettings artifacts;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            boolean upload = ArtifactUploads.isUpload(context.request().method().name(), context.request().path());
            long limit = upload ? artifacts.maxSize().asLongValue() : LIMIT;
            if (length != null && isOver(length, limit)) {
                EdgeAnswers.problem(context, 413, upload ? "an artifact may be at most " + limit + " bytes" : TOO_LARGE);
                return;
            }
            context.next();
        });
        router.route().order(-1).handler(context -> {
            if (!ArtifactUploads.isUpload(context.request().method().name(), context.request().path())) {
                context.put(READ_LIMIT, LIMIT);
            }
            context.next();
        });
    }

    private static boolean isOver(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
