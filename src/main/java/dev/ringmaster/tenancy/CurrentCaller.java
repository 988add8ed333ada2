package dev.ringmaster.tenancy;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The caller of the current request, from the verified token. The tenant comes from here and nowhere else. */
@RequestScoped
public class CurrentCaller {

    static final String ORGANIZATION_CLAIM = "organization";

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken token;

    private Caller caller;

    public Caller get() {
        if (caller == null) {
            caller = resolve();
        }
        return caller;
    }

    public boolean isAuthenticated() {
        return !identity.isAnonymous();
    }

    /**
     * The caller's tenant, for endpoints that act on one tenant's data. Vendor staff have none and are
     * refused here; they reach tenant data through vendor endpoints.
     */
    public String tenantId() {
        return get().tenantSlug().orElseThrow(() -> new ForbiddenException(
                "this endpoint acts on the caller's own tenant; vendor accounts have none"));
    }

    private Caller resolve() {
        Set<Role> roles = identity.getRoles().stream()
                .map(Role::fromKey).flatMap(Optional::stream)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
        return fromClaims(token.getSubject(), identity.getPrincipal().getName(), roles, organizations());
    }

    private List<String> organizations() {
        Object claim = token.getClaim(ORGANIZATION_CLAIM);
        if (claim instanceof Collection<?> values) {
            return values.stream().map(CurrentCaller::unquote).toList();
        }
        return claim == null ? List.of() : List.of(unquote(claim));
    }

    private static String unquote(Object value) {
        String text = value.toString();
        return text.length() > 1 && text.startsWith("\"") && text.endsWith("\"") ? text.substring(1, text.length() - 1) : text;
    }

    /**
     * A customer user must belong to exactly one organization; vendor staff to none. Anything else is a
     * misconfigured account, refused rather than guessed at.
     */
    static Caller fromClaims(String subject, String username, Set<Role> roles, List<String> organizations) {
        boolean vendor = roles.stream().anyMatch(Role::isVendor);
        boolean customer = roles.stream().anyMatch(role -> !role.isVendor());
        if (vendor && (customer || !organizations.isEmpty())) {
            throw new ForbiddenException("vendor roles cannot be combined with a tenant role or an organization");
        }
        if (customer && organizations.size() != 1) {
            throw new ForbiddenException("a tenant user must belong to exactly one organization, this token names "
                    + organizations.size());
        }
        if (!vendor && !customer) {
            throw new ForbiddenException("the token carries no Ringmaster role");
        }
        return new Caller(subject, username, roles, customer ? Optional.of(organizations.getFirst()) : Optional.empty());
    }
}
