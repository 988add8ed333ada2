package dev.ringmaster.web;

import dev.ringmaster.artifact.ArtifactUploads;
import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * The console's guard against cross-site requests. Every state-changing console request (any method but GET,
 * HEAD and OPTIONS, whatever its Content-Type) must come from the console's own origin, and carry the session's
 * double-submit token: a form body (form-urlencoded, or multipart for the artifact upload) in its {@code csrf-token}
 * field, which quarkus-rest-csrf checks after the form is read (400 without it); any other request, no body and
 * no Content-Type included, in the {@code X-CSRF-TOKEN} header, checked here. quarkus-rest-csrf alone let every
 * body that is not a form through unchecked. Refusals here are 403 problems through the error mapper, before
 * the route is matched. The API under /api is bearer-only and carries no ambient credential: not guarded.
 */
public class ConsoleRequestGuard {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String MISSING = "a console request that changes something must carry the form's CSRF token";

    @ConfigProperty(name = "quarkus.rest-csrf.cookie-name", defaultValue = "csrf-token")
    String cookieName;

    @ConfigProperty(name = "quarkus.rest-csrf.token-header-name", defaultValue = "X-CSRF-TOKEN")
    String headerName;

    /** Before the route is matched, so a body the route would not accept is refused as forged, not answered 415. */
    @ServerRequestFilter(preMatching = true)
    public void originAndTokenHeader(ContainerRequestContext request) {
        if (!guarded(request)) {
            return;
        }
        SameOrigin.refusal(request.getHeaderString("Origin"), request.getHeaderString("Referer"), request.getUriInfo().getRequestUri())
                .ifPresent(reason -> {
                    throw new ForbiddenException(reason);
                });
        String header = request.getHeaderString(headerName);
        if (header != null) {
            requireSessionToken(request, header);
        } else if (!isForm(request.getMediaType(), request.getMethod(), request.getUriInfo().getPath())) {
            throw new ForbiddenException(MISSING);
        }
    }

    private void requireSessionToken(ContainerRequestContext request, String presented) {
        Cookie cookie = request.getCookies().get(cookieName);
        if (presented == null || presented.isEmpty() || cookie == null || !MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.UTF_8), cookie.getValue().getBytes(StandardCharsets.UTF_8))) {
            throw new ForbiddenException(MISSING);
        }
    }

    private static boolean guarded(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        return !SAFE_METHODS.contains(request.getMethod()) && (path.equals("/console") || path.startsWith("/console/"));
    }

    /**
     * The form the route takes, whose {@code csrf-token} field quarkus-rest-csrf reads and checks: multipart for the
     * artifact upload, form-urlencoded for every other route. Any other body would reach the route unchecked.
     */
    private static boolean isForm(MediaType type, String method, String path) {
        if (type == null) {
            return false;
        }
        return ArtifactUploads.isUpload(method, path)
                ? "multipart".equalsIgnoreCase(type.getType()) && "form-data".equalsIgnoreCase(type.getSubtype())
                : "application".equalsIgnoreCase(type.getType()) && "x-www-form-urlencoded".equalsIgnoreCase(type.getSubtype());
    }
}
