package dev.ringmaster.tenancy;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The tenant scope of work the service does by itself, without a request: system work (loading samples,
 * the reconciler) sees every tenant; work for one tenant (recomputing its windows) sees only that one.
 * Marked on the thread; it takes precedence over any request scope on the same thread.
 */
public final class BackgroundScope {

    private static final ThreadLocal<TenantScope> CURRENT = new ThreadLocal<>();

    private BackgroundScope() {
    }

    public static <T> T asSystem(Supplier<T> work) {
        return call(TenantScope.ALL, work);
    }

    public static void asSystem(Runnable work) {
        call(TenantScope.ALL, () -> {
            work.run();
            return null;
        });
    }

    public static <T> T asTenant(String tenantId, Supplier<T> work) {
        return call(TenantScope.of(tenantId), work);
    }

    private static <T> T call(TenantScope scope, Supplier<T> work) {
        TenantScope outer = CURRENT.get();
        CURRENT.set(scope);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    static Optional<TenantScope> current() {
        return Optional.ofNullable(CURRENT.get());
    }
}
