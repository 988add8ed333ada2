package dev.ringmaster.replicas;

import dev.ringmaster.localstack.KeycloakDistribution;
import dev.ringmaster.localstack.LocalKeycloak;
import dev.ringmaster.localstack.Ports;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * What the tests of packaged replicas share: one Keycloak (its data in a database on the machine's PostgreSQL),
 * started once per test JVM because it takes 20-30 s, and stopped when JUnit finishes. Each test class brings its
 * own service database ({@link SharedPostgres}) and its own deployment's secrets, so no class sees another's rows.
 * A class asks for it as a parameter of its {@code @BeforeAll}, with {@code @ExtendWith(ReplicaStack.Shared.class)}.
 */
final class ReplicaStack implements AutoCloseable {

    private static final Path WORK = Path.of("target", "replicas");

    private final String keycloakDatabase;
    private final LocalKeycloak keycloak;
    private final RealmApi api;

    private ReplicaStack(String keycloakDatabase, LocalKeycloak keycloak) {
        this.keycloakDatabase = keycloakDatabase;
        this.keycloak = keycloak;
        this.api = new RealmApi(keycloak);
    }

    private static ReplicaStack start() {
        String database = SharedPostgres.createPlain("ringmaster_replicas_kc");
        try {
            Files.createDirectories(WORK);
            return new ReplicaStack(database, LocalKeycloak.start(KeycloakDistribution.defaultHome(), Ports.free(),
                    SharedPostgres.server(), database, WORK));
        } catch (IOException e) {
            SharedPostgres.dropPlain(database);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            SharedPostgres.dropPlain(database);
            throw e;
        }
    }

    LocalKeycloak keycloak() {
        return keycloak;
    }

    RealmApi api() {
        return api;
    }

    /**
     * What every replica of one deployment is given alike: its database, the identity server and the deployment's
     * own secrets; {@code deployment} names its data directory under target/replicas.
     */
    Map<String, String> configuration(SharedPostgres database, String deployment) {
        Map<String, String> env = new HashMap<>();
        // The Keycloak here is the local one, with the realm file's client secrets, which only the local profile accepts.
        env.put("QUARKUS_PROFILE", "local");
        env.put("RINGMASTER_DB_URL", database.jdbcUrl());
        env.put("RINGMASTER_DB_USER", database.application());
        env.put("RINGMASTER_DB_PASSWORD", database.password());
        env.put("RINGMASTER_DB_OWNER_USER", database.owner());
        env.put("RINGMASTER_DB_OWNER_PASSWORD", database.password());
        env.put("RINGMASTER_OIDC_URL", keycloak.issuer());
        env.put("RINGMASTER_KEYCLOAK_URL", keycloak.baseUrl());
        env.put("RINGMASTER_KEYCLOAK_ADMIN_SECRET", LocalKeycloak.ADMIN_CLIENT_SECRET);
        env.put("RINGMASTER_SIGNING_KEY", signingKey());
        env.put("RINGMASTER_CONSOLE_STATE_SECRET", secret());
        env.put("RINGMASTER_CONSOLE_SESSION_SECRET", secret());
        env.put("RINGMASTER_RECONCILER_EVERY", "1s");
        // A success counts once the device is seen again after it; by default last-seen moves once a minute.
        env.put("RINGMASTER_DEVICE_LAST_SEEN_PRECISION", "PT0S");
        env.put("RINGMASTER_DATA_DIR", WORK.resolve(deployment).toAbsolutePath().toString());
        return env;
    }

    private static String signingKey() {
        try {
            return Base64.getEncoder().encodeToString(
                    KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String secret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        try {
            keycloak.close();
        } finally {
            SharedPostgres.dropPlain(keycloakDatabase);
        }
    }

    /** Hands every test class the one stack of this JVM; JUnit closes it when the whole run ends. */
    static final class Shared implements ParameterResolver {

        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ReplicaStack.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == ReplicaStack.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(NAMESPACE)
                    .computeIfAbsent(ReplicaStack.class, key -> ReplicaStack.start(), ReplicaStack.class);
        }
    }
}
