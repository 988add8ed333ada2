package dev.ringmaster.localstack;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts Ringmaster starts for itself when nothing external is configured: an embedded PostgreSQL
 * (databases {@code ringmaster} and {@code keycloak}) and a Keycloak that keeps its data in it.
 * It answers with the Quarkus configuration that points the service at them.
 */
public final class LocalStack implements AutoCloseable {

    public static final String APP_DATABASE = "ringmaster";
    private static final String KEYCLOAK_DATABASE = "keycloak";
    // Local-only credentials on a loopback server; production supplies its own through the environment.
    private static final String OWNER_ROLE = "ringmaster";
    private static final String APP_ROLE = "ringmaster_app";

    private final Deque<AutoCloseable> parts = new ArrayDeque<>();
    private final Map<String, String> configuration = new LinkedHashMap<>();
    private DatabaseEndpoint database;
    private LocalKeycloak keycloak;

    /**
     * @param dataDir        where the embedded PostgreSQL keeps its data; empty for a throwaway one
     * @param appDatabase    whether the service's own datasource should point at the embedded database
     * @param keycloakPort   the port for a local Keycloak; empty when an external OIDC server is configured
     * @param keycloakHome   the unpacked Keycloak distribution
     * @param workDir        where logs of the started processes go
     */
    public static LocalStack start(Optional<Path> dataDir, boolean appDatabase, Optional<Integer> keycloakPort,
                                   Path keycloakHome, Path workDir) {
        LocalStack stack = new LocalStack();
        try {
            // Pushed first so they are closed last: the pid record and the watchdog outlast the children.
            Optional<StackPidFile> pids = dataDir.map(StackPidFile::create);
            pids.ifPresent(file -> stack.parts.push(file::remove));
            ChildWatchdog watchdog = ChildWatchdog.start();
            stack.parts.push(watchdog);
            if (appDatabase || keycloakPort.isPresent()) {
                EmbeddedDatabase db = dataDir.map(dir -> EmbeddedDatabase.persistent(dir.resolve("postgres")))
                        .orElseGet(EmbeddedDatabase::throwaway);
                stack.parts.push(db);
                long postmaster = db.serverPid();
                // SIGINT is PostgreSQL's fast shutdown: it does not wait for the sessions of a dead Keycloak.
                watchdog.watchProcess("INT", postmaster);
                pids.ifPresent(file -> file.add("postgres", postmaster));
                db.ensureDatabases(List.of(APP_DATABASE, KEYCLOAK_DATABASE));
                stack.database = db.endpoint();
                if (appDatabase) {
                    DatabaseEndpoint owner = stack.database.as(OWNER_ROLE, OWNER_ROLE);
                    DatabaseEndpoint application = stack.database.as(APP_ROLE, APP_ROLE);
                    db.ensureRoles(APP_DATABASE, owner, application);
                    stack.configuration.put("quarkus.datasource.jdbc.url", application.jdbcUrl(APP_DATABASE));
                    stack.configuration.put("quarkus.datasource.username", application.username());
                    stack.configuration.put("quarkus.datasource.password", application.password());
                    stack.configuration.put("quarkus.flyway.username", owner.username());
                    stack.configuration.put("quarkus.flyway.password", owner.password());
                }
            }
            if (keycloakPort.isPresent()) {
                stack.keycloak = LocalKeycloak.start(keycloakHome, keycloakPort.get(), stack.database, workDir,
                        pid -> {
                            watchdog.watchGroup("TERM", pid);
                            pids.ifPresent(file -> file.add("keycloak", pid));
                        });
                stack.parts.push(stack.keycloak);
                stack.configuration.put("quarkus.oidc.auth-server-url", stack.keycloak.issuer());
                stack.configuration.put("quarkus.keycloak.admin-client.server-url", stack.keycloak.baseUrl());
                // The realm file's local secret for the provisioning client; production sets its own.
                stack.configuration.put("quarkus.keycloak.admin-client.client-secret", LocalKeycloak.ADMIN_CLIENT_SECRET);
            }
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** Quarkus configuration properties pointing at what this stack started. */
    public Map<String, String> configuration() {
        return Map.copyOf(configuration);
    }

    /** Stops what was started, Keycloak before the database it keeps its data in. */
    @Override
    public synchronized void close() {
        while (!parts.isEmpty()) {
            try {
                parts.pop().close();
            } catch (Exception e) {
                // keep stopping the rest
            }
        }
    }
}
