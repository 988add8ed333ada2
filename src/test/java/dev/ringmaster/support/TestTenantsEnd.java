package dev.ringmaster.support;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;

/**
 * When a {@code @QuarkusTest} class starts its first test, suspends the tenants the classes before it created
 * (as a vendor admin would, through the service behind the vendor API): their devices then leave every later window computation and ring count, so no class
 * sees another's fleet in a ring's health or pays for it in a recompute. Done at the next class's start: Quarkus
 * calls no after-all callback while the application is still up. Registered in
 * {@code META-INF/services}.
 */
public class TestTenantsEnd implements QuarkusTestBeforeEachCallback {

    private static Class<?> current;

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        Class<?> testClass = context.getTestInstance().getClass();
        if (testClass != current) {
            current = testClass;
            TestTenant.suspendAllCreated();
        }
    }
}
