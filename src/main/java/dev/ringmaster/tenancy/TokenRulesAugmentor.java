package dev.ringmaster.tenancy;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where every signed-in request — API bearer token or console session — gets its caller: the {@link TokenRules}
 * are applied once, here, and the verdict travels with the identity. A refused token keeps no role at all, so no
 * role check anywhere (resources, HTTP permissions) can let it through; {@link RefusedTokenFilter} answers it.
 */
@ApplicationScoped
public class TokenRulesAugmentor implements SecurityIdentityAugmentor {

    /** The identity attribute holding the {@link TokenRules.Verdict}. */
    static final String VERDICT = "ringmaster.token-verdict";
    static final String ORGANIZATION_CLAIM = "organization";

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        Set<Role> roles = identity.getRoles().stream()
                .map(Role::fromKey).flatMap(Optional::stream)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
        TokenRules.Verdict verdict = TokenRules.judge(token.getSubject(), token.getName(), roles, organizations(token));
        QuarkusSecurityIdentity.Builder judged = verdict instanceof TokenRules.Refused
                ? QuarkusSecurityIdentity.builder().setPrincipal(identity.getPrincipal())
                        .addCredentials(identity.getCredentials()).addAttributes(identity.getAttributes())
                : QuarkusSecurityIdentity.builder(identity);
        return Uni.createFrom().item(judged.addAttribute(VERDICT, verdict).build());
    }

    /** The verdict on the identity's token; none for anonymous callers and devices. */
    static Optional<TokenRules.Verdict> verdictOf(SecurityIdentity identity) {
        return Optional.ofNullable(identity.getAttribute(VERDICT));
    }

    private static List<String> organizations(JsonWebToken token) {
        Object claim = token.getClaim(ORGANIZATION_CLAIM);
        if (claim instanceof Collection<?> values) {
            return values.stream().map(TokenRulesAugmentor::unquote).toList();
        }
        return claim == null ? List.of() : List.of(unquote(claim));
    }

    private static String unquote(Object value) {
        String text = value.toString();
        return text.length() > 1 && text.startsWith("\"") && text.endsWith("\"") ? text.substring(1, text.length() - 1) : text;
    }
}
