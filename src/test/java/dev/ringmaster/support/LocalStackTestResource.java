package dev.ringmaster.support;

import dev.ringmaster.localstack.KeycloakDistribution;
import dev.ringmaster.localstack.LocalStack;
import dev.ringmaster.localstack.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The real parts under every {@code @QuarkusTest}: a throwaway embedded PostgreSQL and a Keycloak importing
 * the repository's realm. Started once per test JVM — even when Quarkus restarts for another test profile —
 * and stopped when the JVM ends. Its logs go in a folder named for the surefire fork, so two test JVMs never write
 * one Keycloak transaction store.
 *
 * <p>A test profile loads this class again in a new class loader, where a static field starts out empty: the
 * stack's configuration is therefore kept in a system property, which every class loader of the JVM sees. (Kept
 * in the static field only, the one profile test class started a second PostgreSQL and Keycloak, about 40 s at the
 * end of the service part.)
 */
@WithTestResource(value = LocalStackTestResource.class, scope = TestResourceScope.GLOBAL)
public class LocalStackTestResource implements QuarkusTestResourceLifecycleManager {

    /** The stack's configuration, {@code key=value} lines with URL-encoded parts; set once the stack answers. */
    private static final String STARTED = "ringmaster.test.local-stack";

    @Override
    public Map<String, String> start() {
        Map<String, String> configuration = new HashMap<>(shared());
        configuration.put("ringmaster.samples.dir", "tenants-sample");
        // Tests in parallel builds on one machine must not share the management port's fixed default.
        configuration.put("quarkus.management.test-port", Integer.toString(Ports.free()));
        return configuration;
    }

    /** Synchronized on a class every class loader shares, so two profiles never start two stacks. */
    static Map<String, String> shared() {
        synchronized (System.class) {
            String started = System.getProperty(STARTED);
            if (started != null) {
                return decode(started);
            }
            LocalStack stack = LocalStack.start(Optional.empty(), true, Optional.of(Ports.free()),
                    KeycloakDistribution.defaultHome(), TestJvmFolder.of("local-stack"));
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "test-local-stack-shutdown"));
            System.setProperty(STARTED, encode(stack.configuration()));
            return stack.configuration();
        }
    }

    private static String encode(Map<String, String> configuration) {
        StringBuilder text = new StringBuilder();
        configuration.forEach((key, value) -> text.append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('\n'));
        return text.toString();
    }

    private static Map<String, String> decode(String text) {
        Map<String, String> configuration = new HashMap<>();
        text.lines().forEach(line -> {
            int equals = line.indexOf('=');
            configuration.put(URLDecoder.decode(line.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(line.substring(equals + 1), StandardCharsets.UTF_8));
        });
        return configuration;
    }

    @Override
    public void stop() {
        // The stack outlives one Quarkus application; the shutdown hook stops it with the JVM.
    }
}
