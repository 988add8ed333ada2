package dev.ringmaster.tenancy;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.arc.Unremovable;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * The tenant scope of the current request: from the user's token, or set by device authentication for a
 * device's request. Anonymous requests see no tenant at all.
 */
// Looked up programmatically from the persistence layer, so ArC must not remove it as unused.
@Unremovable
@RequestScoped
public class RequestTenant {

    @Inject
    SecurityIdentity identity;

    @Inject
    CurrentCaller caller;

    private TenantScope device;

    /** A device authenticated by its own token acts within its tenant only. */
    public void useDevice(String tenantId) {
        device = TenantScope.of(tenantId);
    }

    public TenantScope scope() {
        if (device != null) {
            return device;
        }
        if (identity.isAnonymous()) {
            return TenantScope.NONE;
        }
        try {
            Caller current = caller.get();
            return current.isVendor() ? TenantScope.ALL : TenantScope.of(current.tenantSlug().orElseThrow());
        } catch (RuntimeException refused) {
            // The resource refuses such a caller itself; the database shows it nothing meanwhile.
            return TenantScope.NONE;
        }
    }

    /** The scope of whatever runs on this thread now: system work, a request, or nothing. */
    public static TenantScope current() {
        Optional<TenantScope> background = BackgroundScope.current();
        if (background.isPresent()) {
            return background.get();
        }
        ManagedContext requestContext = Arc.container().requestContext();
        if (requestContext.isActive()) {
            return Arc.container().instance(RequestTenant.class).get().scope();
        }
        return TenantScope.NONE;
    }
}
