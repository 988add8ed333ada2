package dev.ringmaster.tenancy;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/**
 * Refuses a token the {@link TokenRules} refused before any resource is chosen, so no endpoint — whatever its
 * role annotations — answers such a caller with anything but 403.
 */
public class RefusedTokenFilter {

    @Inject
    SecurityIdentity identity;

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHORIZATION)
    public void refuse() {
        refusal(identity).ifPresent(reason -> {
            throw new ForbiddenException(reason);
        });
    }

    /** Why the identity's token is refused, if it is. */
    public static Optional<String> refusal(SecurityIdentity identity) {
        return TokenRulesAugmentor.verdictOf(identity)
                .filter(TokenRules.Refused.class::isInstance).map(verdict -> ((TokenRules.Refused) verdict).reason());
    }
}
