package dev.ringmaster.support;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;

/**
 * When a {@code @QuarkusTest} class starts its first test, undoes what the classes before it left behind in the
 * one running service: a frozen clock flows again (from where it stands: time never goes back), and the tenants
 * they created are suspended, as a vendor admin would through the service behind the vendor API, so their
 * devices leave every later window computation and ring count, and the rollouts they left open are aborted
 * ({@link LeftoverRollouts}). Done at the next class's start, inside the running application. Registered in
 * {@code META-INF/services}.
 */
public class BetweenTestClasses implements QuarkusTestBeforeEachCallback {

    private static Class<?> current;

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        Class<?> testClass = context.getTestInstance().getClass();
        if (testClass != current) {
            current = testClass;
            TimeMachine.clock().thaw();
            TestTenant.suspendAllCreated();
            LeftoverRollouts.abort();
        }
    }
}
