package dev.ringmaster.boot;

import dev.ringmaster.localstack.LocalStack;
import dev.ringmaster.localstack.LocalSigningKey;
import dev.ringmaster.localstack.LocalStackException;
import dev.ringmaster.localstack.StackPidFile;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Starts Ringmaster. Whatever is not configured externally — the database, the OIDC server — is started
 * locally first (embedded PostgreSQL, a real Keycloak), so a fresh clone runs with nothing but a JDK.
 * Configuration mistakes end here with one line on stderr and exit code 2; outside the local profile, so does a
 * secret left at its shipped value ({@link ProductionSecrets}).
 */
@QuarkusMain
public final class RingmasterMain {

    private RingmasterMain() {
    }

    public static void main(String... args) {
        try {
            ProductionSecrets.require(StartupSettings.lookup(System.getenv(), System.getProperties()));
            prepare(StartupSettings.from(System.getenv(), System.getProperties()));
        } catch (StartupProblem | LocalStackException e) {
            System.err.println("ringmaster: " + e.getMessage());
            System.exit(2);
        }
        Quarkus.run(args);
    }

    private static void prepare(StartupSettings settings) {
        // Before the port checks: an earlier run killed without stopping its children still holds its ports.
        StackPidFile.stopLeftovers(settings.dataDir().toAbsolutePath()).forEach(stopped ->
                System.out.println("ringmaster: stopped " + stopped + " left running by an earlier run that did not stop cleanly"));
        Preflight.requireFreePort(settings.httpPort(), "Ringmaster's HTTP server", "RINGMASTER_HTTP_PORT");
        Preflight.requireFreePort(settings.managementPort(), "Ringmaster's management interface (metrics)",
                "RINGMASTER_MANAGEMENT_PORT");
        settings.databaseUrl().ifPresent(url -> Preflight.requireDatabase(url,
                settings.databaseUser().orElse("ringmaster_app"), settings.databasePassword().orElse(null)));
        settings.oidcUrl().ifPresent(Preflight::requireOidcServer);

        boolean embeddedDatabase = settings.databaseUrl().isEmpty();
        Optional<Integer> keycloakPort = settings.oidcUrl().isEmpty() ? Optional.of(settings.keycloakPort()) : Optional.empty();
        keycloakPort.ifPresent(port -> Preflight.requireFreePort(port, "the local Keycloak", "RINGMASTER_KEYCLOAK_PORT"));
        if (!embeddedDatabase && keycloakPort.isEmpty()) {
            return;
        }
        Path dataDir = settings.dataDir().toAbsolutePath();
        if (embeddedDatabase) {
            System.out.println("ringmaster: no RINGMASTER_DB_URL; starting the embedded PostgreSQL with its data in "
                    + dataDir.resolve("postgres"));
        }
        keycloakPort.ifPresent(port -> System.out.println("ringmaster: no RINGMASTER_OIDC_URL; starting Keycloak from "
                + settings.keycloakHome() + " on port " + port + " (log: " + dataDir.resolve("keycloak.log") + ")"));
        LocalStack stack = LocalStack.start(Optional.of(dataDir), embeddedDatabase, keycloakPort,
                settings.keycloakHome(), dataDir);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
        stack.configuration().forEach(System::setProperty);
        if (System.getenv("RINGMASTER_SIGNING_KEY") == null && System.getProperty("ringmaster.signing.private-key") == null) {
            System.setProperty("ringmaster.signing.private-key", LocalSigningKey.readOrCreate(dataDir.resolve("signing-key.pk8.b64")));
        }
        System.setProperty("ringmaster.local-stack.active", "true");
        System.setProperty("ringmaster.data-dir", dataDir.toString());
    }
}
