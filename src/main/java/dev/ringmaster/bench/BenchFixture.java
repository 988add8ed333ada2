package dev.ringmaster.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * What the benchmark needs in the service, made through the front door as a vendor and a tenant admin would:
 * a product of its own whose plan ends in one ring for the whole fleet, a published release whose artifact this
 * harness serves, the tenant's policy for it (no deferral, no cap, one weekly window) and the rollout, started.
 * A {@code proven} release has its first two rings (holding next to no devices) promoted at once, so the
 * vendor-wide blast-radius cap no longer applies to it, as for a release a week into its rollout.
 */
final class BenchFixture implements AutoCloseable {

    static final String INSTALLED = "1.0.0";
    static final String VERSION = "1.1.0";

    private final URI service;
    private final URI keycloak;
    private final String password;
    private final ObjectMapper json = new ObjectMapper();
    // HTTP/1.1 as devices speak it; the default h2c upgrade would enrol the whole fleet over one connection.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    final String product = "bench-" + UUID.randomUUID().toString().substring(0, 6);
    final String artifactName = product + "-" + VERSION + ".bin";
    private HttpServer artifacts;

    BenchFixture(URI service, URI keycloak, String password) {
        this.service = service;
        this.keycloak = keycloak;
        this.password = password;
    }

    /** Serves a random artifact of {@code size} bytes on 127.0.0.1 and answers its URL and SHA-256. */
    private String[] serveArtifact(int size) throws IOException, NoSuchAlgorithmException {
        byte[] content = new byte[size];
        new Random(7).nextBytes(content);
        artifacts = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        artifacts.createContext("/" + artifactName, exchange -> {
            exchange.sendResponseHeaders(200, content.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(content);
            }
        });
        artifacts.start();
        return new String[] {"http://127.0.0.1:" + artifacts.getAddress().getPort() + "/" + artifactName,
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content))};
    }

    /** Product, plan, release (published), the tenant's policy with a window a few days on, the rollout started. */
    void create(String vendorAdmin, String releaseManager, String tenantAdmin, boolean proven, int artifactSize) throws Exception {
        String[] artifact = serveArtifact(artifactSize);
        call(vendorAdmin, "POST", "/api/v1/products", Map.of("key", product, "name", "Benchmark " + product), 201);
        List<Map<String, Object>> rings = proven
                ? List.of(ring("canary", 0.00000001), ring("early", 0.00000002), ring("broad", 1))
                : List.of(ring("all", 1));
        call(vendorAdmin, "POST", "/api/v1/products/" + product + "/ring-plans",
                Map.of("name", "bench", "emergency", false, "rings", rings), 201);
        call(releaseManager, "POST", "/api/v1/products/" + product + "/releases", Map.of("version", VERSION, "notes", "benchmark",
                "artifacts", List.of(Map.of("name", artifactName, "sizeBytes", artifactSize, "sha256", artifact[1], "url", artifact[0]))), 201);
        call(releaseManager, "POST", "/api/v1/products/" + product + "/releases/" + VERSION + "/publish", null, 200);
        // A window three days on: until the burst, every device waits for it with its window stored.
        window(tenantAdmin, ZonedDateTime.now(ZoneOffset.UTC).plusDays(3).withHour(0).withMinute(0));
        String rollout = call(releaseManager, "POST", "/api/v1/rollouts", Map.of("product", product, "version", VERSION), 201).path("id").asText();
        call(releaseManager, "POST", "/api/v1/rollouts/" + rollout + "/start", Map.of("reason", "benchmark"), 200);
        for (int ring = 0; proven && ring < 2; ring++) {
            call(releaseManager, "POST", "/api/v1/rollouts/" + rollout + "/promote", Map.of("reason", "benchmark: proven release"), 200);
        }
    }

    /** Replaces the tenant's policy for the product: automatic, no deferral, no cap, one weekly window from {@code start} (UTC) for two hours. */
    void window(String tenantAdmin, ZonedDateTime start) throws Exception {
        DayOfWeek day = start.getDayOfWeek();
        call(tenantAdmin, "PUT", "/api/v1/policies/" + product, Map.of("mode", "automatic", "deferral", "PT0S", "maxConcurrent", 1,
                "maintenanceWindows", List.of(Map.of("days", List.of(day.name()), "start", start.format(DateTimeFormatter.ofPattern("HH:mm")),
                        "duration", "PT2H", "timeZone", "UTC"))), 200);
    }

    String enrollmentKey(String tenantAdmin, int devices) throws Exception {
        return call(tenantAdmin, "POST", "/api/v1/enrollment-keys", Map.of("name", "bench " + product, "validFor", "PT12H",
                "maxUses", devices), 201).path("secret").asText();
    }

    /** One native check-in of a device, as the devices of the benchmark send it. */
    JsonNode checkIn(String token) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(service.resolve("/api/device/v1/check-in"))
                .header("Authorization", "TargetToken " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("installed", Map.of(product, INSTALLED)))))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("check-in answered " + response.statusCode() + ": " + response.body());
        }
        return ((com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(response.body())).put("etag", response.headers().firstValue("ETag").orElse(""));
    }

    /** Checks the device in until its answer satisfies {@code settled}, for at most {@code within}. */
    JsonNode awaitAnswer(String token, java.util.function.Predicate<JsonNode> settled, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        JsonNode answer = checkIn(token);
        while (!settled.test(answer)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no expected answer within " + within + "; last: " + answer);
            }
            Thread.sleep(500);
            answer = checkIn(token);
        }
        return answer;
    }

    static Instant retryAt(JsonNode answer) {
        return answer.hasNonNull("retryAt") ? Instant.parse(answer.get("retryAt").asText()) : Instant.MAX;
    }

    private static Map<String, Object> ring(String name, double share) {
        return Map.of("name", name, "share", share, "minSoak", "PT0S", "manualApproval", false,
                "gate", Map.of("minFinished", 0, "minFinishedShare", 0, "maxFailureRate", 0.5, "silenceTimeout", "P7D"));
    }

    private JsonNode call(String user, String method, String path, Object body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(service.resolve(path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token(user)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
    }

    private String token(String user) throws Exception {
        String form = "grant_type=password&client_id=ringmaster-cli&scope=" + URLEncoder.encode("openid organization", StandardCharsets.UTF_8)
                + "&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(keycloak.resolve("/realms/ringmaster/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused a token for " + user + ": " + response.body());
        }
        return json.readTree(response.body()).path("access_token").asText();
    }

    @Override
    public void close() {
        if (artifacts != null) {
            artifacts.stop(0);
        }
    }
}
