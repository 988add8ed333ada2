package dev.ringmaster.support;

import dev.ringmaster.localstack.KeycloakDistribution;
import dev.ringmaster.localstack.LocalStack;
import dev.ringmaster.localstack.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The real parts under every {@code @QuarkusTest}: a throwaway embedded PostgreSQL and a Keycloak importing
 * the repository's realm. Started once per test JVM — even when Quarkus restarts for another test profile —
 * and stopped when the JVM ends. Its logs go in a folder named for the surefire fork, so two test JVMs never write
 * one Keycloak transaction store.
 */
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.GLOBAL)
public class LocalStackTestResource implements QuarkusTestResourceLifecycleManager {

    private static LocalStack stack;

    @Override
    public Map<String, String> start() {
        Map<String, String> configuration = new HashMap<>(shared().configuration());
        configuration.put("ringmaster.samples.dir", "tenants-sample");
        // Tests in parallel builds on one machine must not share the management port's fixed default.
        configuration.put("quarkus.management.test-port", Integer.toString(Ports.free()));
        return configuration;
    }

    static synchronized LocalStack shared() {
        if (stack == null) {
            stack = LocalStack.start(Optional.empty(), true, Optional.of(Ports.free()),
                    KeycloakDistribution.defaultHome(), Path.of("target", "local-stack-" + System.getProperty("ringmaster.test.fork", "fork-1")));
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "test-local-stack-shutdown"));
        }
        return stack;
    }

    @Override
    public void stop() {
        // The stack outlives one Quarkus application; the shutdown hook stops it with the JVM.
    }
}
