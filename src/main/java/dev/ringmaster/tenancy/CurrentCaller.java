package dev.ringmaster.tenancy;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * The caller of the current request, as {@link TokenRulesAugmentor} judged its verified token. The tenant comes
 * from here and nowhere else, so this is also where a token whose organization is no tenant of ours is refused.
 */
@RequestScoped
public class CurrentCaller {

    @Inject
    SecurityIdentity identity;

    @Inject
    KnownTenants tenants;

    public Caller get() {
        return switch (TokenRulesAugmentor.verdictOf(identity).orElse(null)) {
            case TokenRules.Admitted admitted -> known(admitted.caller());
            case TokenRules.Refused refused -> throw new ForbiddenException(refused.reason());
            case null -> throw new ForbiddenException("the request carries no user token");
        };
    }

    private Caller known(Caller caller) {
        caller.tenantSlug().filter(slug -> !tenants.exists(slug)).ifPresent(slug -> {
            throw new ForbiddenException("the organization '" + slug + "' is not a tenant of this service");
        });
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
}
