package dev.ringmaster.error;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityRecorder.DefaultAuthFailureHandler;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Hands a request's authentication failures on exactly as Quarkus REST does, without the route table Quarkus REST
 * builds anew for every request on the way.
 *
 * <p>Once authentication has passed, a filter of Quarkus REST (3.33) swaps the request's default auth-failure handler
 * for one that fails the request into the exception mappers. With Micrometer present it first works out the
 * request's route template for the metrics, and to do so builds a new {@code RequestMapper} over every resource class
 * ({@code ObservabilityIntegrationRecorder.setTemplatePath}) — for every request, although the template matters only
 * for a request refused before it reaches its resource, which then labels its metrics itself. Under
 * {@code ./ringmaster bench} (JFR, 10,000 devices) that rebuild was 17 % of the service's CPU samples.
 *
 * <p>So here the first authentication mechanism to run wraps the default handler: failures during authentication
 * still reach it and get its challenge, but Quarkus REST's filter no longer recognises it and does nothing; the filter
 * right after that one then puts the failing handler in place, as Quarkus REST would have. Paths under an HTTP
 * permission ({@code /console}) keep Quarkus's own way: a refusal there (the sign-in redirect) happens before any
 * resource and is labelled with the template worked out here.
 */
@ApplicationScoped
public class AuthFailureHandoff implements HttpAuthenticationMechanism {

    /** The filters of Quarkus REST run at {@code AUTHENTICATION - 1}; this one right after them. */
    static final int AFTER_QUARKUS_REST = SecurityHandlerPriorities.AUTHENTICATION - 2;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        if (!underPermission(context)
                && context.get(QuarkusHttpUser.AUTH_FAILURE_HANDLER) instanceof DefaultAuthFailureHandler authenticating) {
            context.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, new WhileAuthenticating(authenticating));
        }
        return Uni.createFrom().nullItem(); // authenticates no one: the next mechanism decides
    }

    void install(@Observes Filters filters) {
        filters.register(context -> {
            if (context.get(QuarkusHttpUser.AUTH_FAILURE_HANDLER) instanceof WhileAuthenticating) {
                context.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, new IntoExceptionMappers());
            }
            context.next();
        }, AFTER_QUARKUS_REST);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }

    /** Before every other mechanism, so the handler is wrapped whichever of them authenticates the request. */
    @Override
    public int getPriority() {
        return Integer.MAX_VALUE;
    }

    private static boolean underPermission(RoutingContext context) {
        String path = context.normalizedPath();
        return path.equals("/console") || path.startsWith("/console/");
    }

    /** Quarkus's default handler under another type: what answers a failure during authentication. */
    private record WhileAuthenticating(DefaultAuthFailureHandler handler) implements BiConsumer<RoutingContext, Throwable> {

        @Override
        public void accept(RoutingContext context, Throwable failure) {
            handler.accept(context, failure);
        }
    }

    /** What Quarkus REST puts in place once authentication has passed: the failure goes to the exception mappers. */
    private static final class IntoExceptionMappers implements BiConsumer<RoutingContext, Throwable> {

        @Override
        public void accept(RoutingContext context, Throwable failure) {
            DefaultAuthFailureHandler.markIfOtherAuthenticationFailure(context, failure);
            if (!context.failed()) {
                context.fail(DefaultAuthFailureHandler.extractRootCause(failure));
            }
        }
    }
}
