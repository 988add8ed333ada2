package dev.ringmaster.tenancy;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;

import java.util.function.Supplier;

/**
 * Work the service does off a request that reaches Hibernate: its tenant scope ({@link BackgroundScope}) and a request
 * context, through which Hibernate resolves the tenant of a session. A background thread (a worker's, a virtual
 * thread a route started) has no request context of its own; one already active is used as it is.
 */
public final class BackgroundWork {

    private BackgroundWork() {
    }

    public static void asSystem(Runnable work) {
        inRequestContext(() -> {
            BackgroundScope.asSystem(work);
            return null;
        });
    }

    public static <T> T asTenant(String tenantId, Supplier<T> work) {
        return inRequestContext(() -> BackgroundScope.asTenant(tenantId, work));
    }

    private static <T> T inRequestContext(Supplier<T> work) {
        ManagedContext requestContext = Arc.container().requestContext();
        boolean activated = !requestContext.isActive();
        if (activated) {
            requestContext.activate();
        }
        try {
            return work.get();
        } finally {
            if (activated) {
                requestContext.terminate();
            }
        }
    }
}
