package dev.ringmaster.boot;

import dev.ringmaster.localstack.Ports;
import dev.ringmaster.support.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged service started as {@code ./ringmaster up} starts it (own data dir, free ports), killed with
 * SIGKILL: its embedded PostgreSQL and Keycloak must not outlive it, the next start on the same data dir must
 * come up with the data, and the run command's PostgreSQL must write durably. A webhook event committed with its
 * change before the kill but not yet sent waits in the outbox and is sent, once, by the next run.
 */
class CrashRecoveryIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Duration BOOT_LIMIT = Duration.ofMinutes(6);
    private static final Duration CHILDREN_LIMIT = Duration.ofSeconds(30);
    private static final Duration DELIVERY_LIMIT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<ProcessHandle> started = new ArrayList<>();
    private final List<ProcessHandle> children = new ArrayList<>();
    private final List<WebhookReceiver> receivers = new ArrayList<>();
    private Path data;
    private int httpPort;
    private int keycloakPort;

    @AfterEach
    void stopWhatIsLeft() {
        // Whatever the outcome, leave no server behind on a shared machine.
        started.forEach(ProcessHandle::destroyForcibly);
        children.forEach(ProcessHandle::destroyForcibly);
        receivers.forEach(WebhookReceiver::close);
    }

    @Test
    void aKilledRunLeavesNoChildrenAndTheNextRunKeepsTheData() throws Exception {
        data = Files.createTempDirectory("ringmaster-crash");
        httpPort = Ports.free();
        keycloakPort = Ports.free();
        String tenant = "crash-" + UUID.randomUUID().toString().substring(0, 8);

        // The first run delivers no webhooks at all (no scheduled pass, so no wake-up on commit either): killed after
        // a change committed, it stands for a crash between the change and its delivery.
        Process first = start(Map.of("RINGMASTER_WEBHOOKS_EVERY", "off"));
        createTenant(tenant);
        WebhookReceiver receiver = new WebhookReceiver();
        receivers.add(receiver);
        pauseAcmeWithASubscriber(receiver);
        Set<ProcessHandle> children = children(first);
        assertThat(children).as("PostgreSQL and Keycloak are running").hasSizeGreaterThanOrEqualTo(2);

        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        awaitGone(children);
        assertThat(receiver.received()).as("nothing was sent before the kill").isEmpty();

        Process second = start();
        assertThat(tenantIds()).as("the tenant created before the kill").contains(tenant);
        awaitDelivery(receiver);
        assertThat(receiver.accepted()).as("the pause's event, committed before the kill, sent once after it").singleElement()
                .satisfies(event -> assertThat(event.body()).contains("\"type\":\"dev.ringmaster.tenant.paused\""));
        assertThat(serverSettings()).as("the run command's PostgreSQL writes durably")
                .containsExactly("fsync=on", "synchronous_commit=on");

        // A harder crash: the watchdog dies with the JVM, so the children stay behind for the next start.
        Set<ProcessHandle> orphans = children(second);
        List<ProcessHandle> jvmAndWatchdog = Stream.concat(Stream.of(second.toHandle()),
                second.toHandle().children().filter(CrashRecoveryIT::isWatchdog)).toList();
        assertThat(jvmAndWatchdog).as("the JVM and its watchdog").hasSize(2);
        jvmAndWatchdog.forEach(ProcessHandle::destroyForcibly);
        second.waitFor(30, TimeUnit.SECONDS);
        assertThat(orphans).as("Keycloak and PostgreSQL orphaned").anyMatch(ProcessHandle::isAlive);

        Process third = start();
        awaitGone(orphans);
        assertThat(tenantIds()).contains(tenant);
        Set<ProcessHandle> thirdChildren = children(third);

        third.destroy();
        assertThat(third.waitFor(90, TimeUnit.SECONDS)).as("a graceful stop ends the service").isTrue();
        awaitGone(thirdChildren);
        assertThat(data.resolve("local-stack.pids")).as("a clean stop leaves nothing to clean up").doesNotExist();
    }

    private Process start() throws IOException, InterruptedException {
        return start(Map.of());
    }

    private Process start(Map<String, String> settings) throws IOException, InterruptedException {
        assertThat(JAR).as("the packaged service").exists();
        Path log = data.resolve("service-" + started.size() + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("RINGMASTER_") || name.startsWith("QUARKUS_"));
        builder.environment().put("QUARKUS_PROFILE", "local"); // as ./ringmaster up runs it
        builder.environment().put("RINGMASTER_DATA_DIR", data.toString());
        builder.environment().put("RINGMASTER_SAMPLES_DIR", Path.of("tenants-sample").toAbsolutePath().toString());
        builder.environment().put("RINGMASTER_HTTP_PORT", Integer.toString(httpPort));
        builder.environment().put("RINGMASTER_MANAGEMENT_PORT", Integer.toString(Ports.free()));
        builder.environment().put("RINGMASTER_KEYCLOAK_PORT", Integer.toString(keycloakPort));
        builder.environment().putAll(settings);
        Process process = builder.start();
        started.add(process.toHandle());
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(BOOT_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("the service exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return process;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the service was not ready within " + BOOT_LIMIT + ":\n" + Files.readString(log));
    }

    /** Keycloak (a descendant) and PostgreSQL (detached by pg_ctl, found by its pid file). */
    private Set<ProcessHandle> children(Process service) {
        Set<ProcessHandle> children = service.toHandle().descendants().filter(child -> !isWatchdog(child))
                .collect(Collectors.toSet());
        ProcessHandle.of(postmasterLine(0)).ifPresent(children::add);
        this.children.addAll(children);
        return children;
    }

    private static boolean isWatchdog(ProcessHandle process) {
        return process.info().commandLine().map(line -> line.contains("release")).orElse(false);
    }

    private static void awaitGone(Set<ProcessHandle> processes) throws InterruptedException {
        Instant deadline = Instant.now().plus(CHILDREN_LIMIT);
        while (Instant.now().isBefore(deadline) && processes.stream().anyMatch(ProcessHandle::isAlive)) {
            Thread.sleep(200);
        }
        assertThat(processes.stream().filter(ProcessHandle::isAlive).map(p -> p.pid() + " " + p.info().commandLine().orElse("")))
                .as("child processes still running " + CHILDREN_LIMIT.toSeconds() + " s after the service was killed")
                .isEmpty();
    }

    private long postmasterLine(int line) {
        try {
            return Long.parseLong(Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(line).trim());
        } catch (IOException e) {
            throw new AssertionError("no postmaster.pid in " + data, e);
        }
    }

    private List<String> serverSettings() throws SQLException {
        String url = "jdbc:postgresql://127.0.0.1:" + postmasterLine(3) + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            List<String> settings = new ArrayList<>();
            for (String name : List.of("fsync", "synchronous_commit")) {
                try (ResultSet rows = statement.executeQuery("SHOW " + name)) {
                    rows.next();
                    settings.add(name + "=" + rows.getString(1));
                }
            }
            return settings;
        }
    }

    private void createTenant(String id) throws IOException, InterruptedException {
        String body = """
                {"id":"%s","name":"Crash test","timeZone":"Europe/Berlin",
                 "admin":{"username":"%s-admin","email":"%s-admin@example.com","firstName":"Crash","lastName":"Test"}}"""
                .formatted(id, id, id);
        HttpResponse<String> response = http.send(api("/api/v1/tenants")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private List<String> tenantIds() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(api("/api/v1/tenants").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Matcher ids = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        List<String> found = new ArrayList<>();
        while (ids.find()) {
            found.add(ids.group(1));
        }
        return found;
    }

    private HttpRequest.Builder api(String path) throws IOException, InterruptedException {
        return request(path, token("vera.vendor"));
    }

    private HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
    }

    /** A sample user's token, from the Keycloak this run started (the password grant of the CLI client). */
    private String token(String username) throws IOException, InterruptedException {
        String form = Stream.of("grant_type=password", "client_id=ringmaster-cli", "username=" + username,
                        "password=ringmaster", "scope=" + URLEncoder.encode("openid organization", StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + keycloakPort + "/realms/ringmaster/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Matcher token = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        assertThat(token.find()).isTrue();
        return token.group(1);
    }

    /** The sample tenant acme's admin subscribes the receiver to pauses, then pauses the sample product agent. */
    private void pauseAcmeWithASubscriber(WebhookReceiver receiver) throws IOException, InterruptedException {
        String admin = token("acme-admin");
        HttpResponse<String> subscribed = http.send(request("/api/v1/webhooks", admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"%s\",\"events\":[\"tenant.paused\"]}"
                        .formatted(receiver.url()))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);
        HttpResponse<String> paused = http.send(request("/api/v1/policies/agent/pause", admin)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
    }

    /** The scheduled pass of the restarted service (every 5 s) sends what waits in the outbox. */
    private static void awaitDelivery(WebhookReceiver receiver) throws InterruptedException {
        Instant deadline = Instant.now().plus(DELIVERY_LIMIT);
        while (Instant.now().isBefore(deadline) && receiver.accepted().isEmpty()) {
            Thread.sleep(200);
        }
    }
}
