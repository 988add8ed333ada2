package dev.ringmaster.localstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * The real Keycloak server (keycloak-quarkus-dist, unpacked by the build) run as a child process on loopback,
 * with the {@code ringmaster} realm imported from the classpath. Its own data lives in a PostgreSQL database,
 * so the run command keeps users and organizations between runs and the tests start from the realm file.
 */
public final class LocalKeycloak implements AutoCloseable {

    public static final String REALM = "ringmaster";
    /** The secret the realm file gives the {@code ringmaster-admin} client; only ever used on loopback. */
    public static final String ADMIN_CLIENT_SECRET = "ringmaster-admin-local-secret";
    /** The secret the realm file gives the {@code ringmaster-console} client; production must set its own. */
    public static final String CONSOLE_CLIENT_SECRET = "ringmaster-console-local-secret";
    private static final String REALM_RESOURCE = "/keycloak/ringmaster-realm.json";
    private static final Duration BOOT_LIMIT = Duration.ofMinutes(4);
    private static final String START_LOCK = ".ringmaster-start.lock";
    /** Written once a start built the distribution: later starts need no lock. */
    private static final String BUILT_MARKER = ".ringmaster-built";
    private static final ReentrantLock STARTING = new ReentrantLock();
    /**
     * Test JVMs set this to give the imported realm a cheap password hash: PBKDF2-SHA256 with this many iterations.
     * Keycloak's default hash is costly per sign-in and per password set by design, and the suite signs in and
     * creates users by the thousand on a 2-core machine. The algorithm is named too: Keycloak 26's default is Argon2,
     * which ignores an iteration count above 100 ("using default"), so the count alone saved nothing. The run
     * command leaves it unset and keeps the default.
     */
    public static final String HASH_ITERATIONS_PROPERTY = "ringmaster.keycloak.password-hash-iterations";
    private static final ObjectMapper REALM_JSON = new ObjectMapper();

    private final Process process;
    private final String baseUrl;
    private final Path logFile;

    private LocalKeycloak(Process process, String baseUrl, Path logFile) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.logFile = logFile;
    }

    /**
     * Starts Keycloak and waits until the realm answers.
     *
     * @param home     the unpacked distribution
     * @param port     the HTTP port on 127.0.0.1
     * @param database the PostgreSQL server holding Keycloak's own {@code keycloak} database
     * @param workDir  where its log and transaction store go
     * @param started  told the pid of the new process group as soon as it exists, long before Keycloak answers
     */
    public static LocalKeycloak start(Path home, int port, DatabaseEndpoint database, Path workDir, LongConsumer started) {
        return start(home, port, database, "keycloak", workDir, started);
    }

    /** As {@link #start(Path, int, DatabaseEndpoint, Path, LongConsumer)}, with no one to tell of its pid. */
    public static LocalKeycloak start(Path home, int port, DatabaseEndpoint database, String databaseName, Path workDir) {
        return start(home, port, database, databaseName, workDir, pid -> {
        });
    }

    /** As {@link #start(Path, int, DatabaseEndpoint, Path, LongConsumer)}, keeping Keycloak's data in the database named. */
    public static LocalKeycloak start(Path home, int port, DatabaseEndpoint database, String databaseName, Path workDir,
                                      LongConsumer started) {
        Path launcher = home.resolve("bin/kc.sh");
        if (!Files.isExecutable(launcher)) {
            throw new LocalStackException("Keycloak is not unpacked at " + home
                    + "; run `./mvnw package -DskipTests` once (it unpacks keycloak-quarkus-dist) or set RINGMASTER_OIDC_URL");
        }
        if (Ports.inUse(port)) {
            throw new LocalStackException("port " + port + " for Keycloak is already in use"
                    + " (a Keycloak from an earlier run?); stop it or set RINGMASTER_KEYCLOAK_PORT to a free port");
        }
        try {
            return awaitBuilt(home, () -> launch(launcher, home, port, database, databaseName, workDir, started));
        } catch (IOException e) {
            throw new LocalStackException("cannot start Keycloak from " + home + ": " + e.getMessage(), e);
        }
    }

    private interface Launch {
        LocalKeycloak start() throws IOException;
    }

    /**
     * Launches at once once the distribution was built; the first start builds it, one process at a time. kc.sh
     * augments the distribution's lib/quarkus in place on its first start (later starts with the same build options
     * reuse it), and two processes doing so at once — the run command, a test JVM, the integration tests' JVM beside
     * it — would write over each other. A file lock is held per process, so threads of this one queue on STARTING.
     */
    private static LocalKeycloak awaitBuilt(Path home, Launch launch) throws IOException {
        Path built = home.resolve(BUILT_MARKER);
        if (Files.exists(built)) {
            return launch.start();
        }
        STARTING.lock();
        try (FileChannel lockFile = FileChannel.open(home.resolve(START_LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
            if (Files.exists(built)) {
                return launch.start();
            }
            LocalKeycloak first = launch.start();
            Files.writeString(built, "lib/quarkus built by this distribution's first start\n");
            return first;
        } finally {
            STARTING.unlock();
        }
    }

    private static LocalKeycloak launch(Path launcher, Path home, int port, DatabaseEndpoint database, String databaseName,
                                        Path workDir, LongConsumer started) throws IOException {
        Files.createDirectories(workDir);
        installRealm(home);
        Path log = workDir.resolve("keycloak.log");
        String baseUrl = "http://localhost:" + port;
        // Its own process group (setsid execs in place, so the pid stays the same): kc.sh runs a build JVM
        // before the server JVM, and the watchdog must be able to stop both with one signal.
        List<String> command = new ArrayList<>(List.of("setsid", launcher.toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port, "--hostname=" + baseUrl,
                "--import-realm", "--db=postgres", "--db-url=" + database.jdbcUrl(databaseName),
                "--db-username=" + database.username(), "--db-password=" + database.password(),
                "--log-level=WARN,org.keycloak.exportimport:INFO,io.quarkus:INFO"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        // Two Keycloaks sharing one unpacked distribution (the run command and a test run) must not share
        // a transaction store. The client compiler only: a local Keycloak serves the sign-ins of a few people, and
        // the optimising compiler's work was a third of its start (27 CPU-s until its realm answered, 17
        // without, the same 16 s wall; docs/testing.md), which a test run pays for every Keycloak it starts.
        env.put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1 -Dquarkus.transaction-manager.object-store.directory="
                + workDir.resolve("keycloak-tx").toAbsolutePath());
        LocalKeycloak keycloak = new LocalKeycloak(builder.start(), baseUrl, log);
        started.accept(keycloak.process.pid());
        keycloak.awaitRealm();
        return keycloak;
    }

    private static void installRealm(Path home) throws IOException {
        Path importDir = Files.createDirectories(home.resolve("data/import"));
        Path staged = Files.createTempFile(importDir, "realm", ".tmp");
        try (InputStream realm = LocalKeycloak.class.getResourceAsStream(REALM_RESOURCE)) {
            if (realm == null) {
                throw new LocalStackException("the realm file " + REALM_RESOURCE + " is missing from the build");
            }
            String iterations = System.getProperty(HASH_ITERATIONS_PROPERTY);
            if (iterations == null) {
                Files.copy(realm, staged, StandardCopyOption.REPLACE_EXISTING);
            } else {
                ObjectNode file = (ObjectNode) REALM_JSON.readTree(realm);
                file.put("passwordPolicy", "hashAlgorithm(pbkdf2-sha256) and hashIterations(" + Integer.parseInt(iterations) + ")");
                REALM_JSON.writeValue(staged.toFile(), file);
            }
        }
        Files.move(staged, importDir.resolve(REALM + "-realm.json"),
                StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void awaitRealm() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(BOOT_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new LocalStackException("Keycloak exited with code " + process.exitValue() + " while starting: "
                        + lastError().orElse("see " + logFile));
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new LocalStackException("interrupted while waiting for Keycloak");
            }
            sleep(Duration.ofMillis(500));
        }
        close();
        throw new LocalStackException("Keycloak did not answer within " + BOOT_LIMIT.toMinutes() + " minutes; see " + logFile);
    }

    private Optional<String> lastError() {
        try (var lines = Files.lines(logFile)) {
            return lines.filter(line -> line.contains("ERROR")).reduce((first, second) -> second)
                    .map(line -> line.replaceFirst("^.*?ERROR\\s+", "").trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The OIDC issuer of the ringmaster realm; tokens carry exactly this {@code iss}. */
    public String issuer() {
        return baseUrl + "/realms/" + REALM;
    }

    @Override
    public void close() {
        Processes.stop(process.toHandle(), Duration.ofSeconds(20));
    }
}
