package dev.ringmaster.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.ArtifactServer;
import dev.ringmaster.support.DdiAgent;
import dev.ringmaster.support.RolloutStage;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.Tokens;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.ringmaster.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks every operation of the service's OpenAPI document (path × method) with real ids of this class's own tenant
 * and product in its path parameters and the credential the operation takes, and sends each malformed-input class
 * that applies to it. Every one must be answered 4xx {@code application/problem+json}, and the tenant's, product's
 * and devices' state read before and after the operation's cases must be equal.
 */
@QuarkusTest
class EveryEndpointBadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}.*");
    private static final Pattern DURATION = Pattern.compile("P(T\\d+[HMS])+");
    /**
     * What moves without any request of the test: times that move with the wall clock or with reading itself, and
     * a ring's live health counts, which count the devices of every tenant that plans windows for the product (the
     * sample tenants' too), as their windows land.
     */
    private static final Pattern VOLATILE = Pattern.compile("\"(lastSeen\\w*|checkedAt|now|generatedAt|asOf|nextPoll\\w*)\":(\"[^\"]*\"|null|\\d+)"
            + "|\"health\":\\{[^}]*\\}");

    @TestHTTPResource("/")
    URL root;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    /** The ids and credentials the table fills in. */
    private record Fixture(RolloutStage stage, Agent device, DdiAgent ddi, long ddiAction, String groupId, String keyId,
                           String userId, String enrollmentKey, String artifact, String webhookId) {
    }

    /** One operation of the document. */
    private record Operation(String method, String template, JsonNode operation, JsonNode body, boolean bodyRequired) {
        String name() {
            return method.toUpperCase() + " " + template;
        }
    }

    /** One request of the table: the class of malformed input, and what is sent. */
    private record Case(String inputClass, String path, String contentType, byte[] body, Map<String, String> headers) {
    }

    private record Failure(String operation, String inputClass, String answer) {
    }

    @Test
    void everyOperationRefusesEveryMalformedInputWithProblemDetailsAndChangesNothing() throws Exception {
        JsonNode document = JSON.readTree(send("GET", "/q/openapi?format=json", null, null, Map.of(), null).body());
        try (ArtifactServer downloads = new ArtifactServer()) {
            Fixture fixture = fixture(downloads);
            // Frozen, so what the reads show moves only with what a request changed (a soak, a gate's reasons).
            TimeMachine.freeze();
            try {
                walk(document, fixture);
            } finally {
                TimeMachine.clock().thaw();
            }
        }
    }

    private void walk(JsonNode document, Fixture fixture) throws Exception {
        List<Operation> operations = operations(document);
        assertThat(operations).as("operations in the OpenAPI document").hasSizeGreaterThan(50);
        assertThat(operations).as("DDI is in the document").anyMatch(op -> op.template().contains("/controller/v1/"));

        Map<String, Integer> casesPerClass = new TreeMap<>();
        List<Failure> failures = new ArrayList<>();
        int cases = 0;
        // The first reads after the freeze settle what the running rollout shows at the frozen instant, once the
        // windows of the fixture's devices (planned on the store's worker) and their notifications are in.
        Api.awaitEnrolledWindows();
        String[] last = {state(fixture)};
        eventually(() -> {
            String previous = last[0];
            last[0] = stateNow(fixture);
            return previous.equals(last[0]);
        }, settled -> settled);
        // Each operation's state afterwards is the next one's state before: nothing else runs in between.
        String before = state(fixture);
        for (Operation operation : operations) {
            for (Case c : cases(operation, fixture, document)) {
                cases++;
                casesPerClass.merge(c.inputClass(), 1, Integer::sum);
                HttpResponse<byte[]> answer;
                try {
                    answer = send(operation.method().toUpperCase(), c.path(), c.contentType(), c.body(), c.headers(),
                            credential(operation.template(), fixture));
                } catch (java.io.IOException e) {
                    failures.add(new Failure(operation.name(), c.inputClass(), "no answer: " + e));
                    continue;
                }
                String type = answer.headers().firstValue("Content-Type").orElse("");
                boolean refused = answer.statusCode() >= 400 && answer.statusCode() < 500 && answer.statusCode() != 401
                        && answer.statusCode() != 403;
                if (!refused || !type.startsWith("application/problem+json")) {
                    failures.add(new Failure(operation.name(), c.inputClass(), answer.statusCode() + " " + type + " "
                            + new String(answer.body(), StandardCharsets.UTF_8).lines().findFirst().orElse("")));
                }
            }
            String after = state(fixture);
            if (!before.equals(after)) {
                failures.add(new Failure(operation.name(), "(any)", "changed state: " + difference(before, after)));
            }
            before = after;
        }
        System.out.printf("bad input table: %d operations, %d input classes, %d cases, %d failed%n",
                operations.size(), casesPerClass.size(), cases, failures.size());
        casesPerClass.forEach((inputClass, count) -> System.out.printf("  %-22s %4d%n", inputClass, count));
        failures.forEach(failure -> System.out.printf("  FAIL %-70s %-20s %s%n", failure.operation(), failure.inputClass(),
                failure.answer().length() > 200 ? failure.answer().substring(0, 200) : failure.answer()));
        assertThat(casesPerClass).as("input classes walked").hasSizeGreaterThanOrEqualTo(25);
        assertThat(cases).as("cases: operations × the classes that apply to each").isGreaterThanOrEqualTo(600);
        assertThat(failures).as("cases not answered 4xx problem+json, or that changed state").isEmpty();
    }

    // --- The table -------------------------------------------------------------------------------------------------

    private List<Case> cases(Operation operation, Fixture fixture, JsonNode document) {
        List<Case> cases = new ArrayList<>();
        String path = fill(operation.template(), fixture, Function.identity());
        String json = "application/json";
        JsonNode sample = operation.body() == null ? null
                : bodyOfKnownShape(operation.template(), sample(document, operation.body(), null, 0), fixture);
        if (sample != null) {
            byte[] good = text(sample);
            cases.add(new Case("nul-in-string", path, json, text(mapStrings(sample, s -> s + "\u0000")), Map.of()));
            // Escaped, as a JSON client sends it: a lone surrogate has no UTF-8 form to send raw.
            cases.add(new Case("lone-surrogate", path, json, mapStrings(sample, s -> s + "__surrogate__").toString()
                    .replace("__surrogate__", "\\ud800").getBytes(StandardCharsets.UTF_8), Map.of()));
            cases.add(new Case("duplicate-keys", path, json, duplicateKeys(sample), Map.of()));
            cases.add(new Case("trailing-garbage", path, json, concat(good, " xyz".getBytes(StandardCharsets.UTF_8)), Map.of()));
            cases.add(new Case("two-documents", path, json, concat(good, good), Map.of()));
            cases.add(new Case("wrong-charset", path, json + "; charset=ISO-8859-1", good, Map.of()));
            cases.add(new Case("unknown-charset", path, json + "; charset=x-klingon", good, Map.of()));
            cases.add(new Case("overlong-utf8", path, json, withRawBytes(sample, new byte[]{(byte) 0xC0, (byte) 0x80}), Map.of()));
            cases.add(new Case("invalid-utf8", path, json, withRawBytes(sample, new byte[]{(byte) 0xFF, (byte) 0xFE}), Map.of()));
            cases.add(new Case("wrong-types", path, json, text(wrongTypes(sample)), Map.of()));
            cases.add(new Case("huge-strings", path, json, text(mapStrings(sample, s -> "x".repeat(100_000))), Map.of()));
            cases.add(new Case("wrong-content-type", path, "text/plain", good, Map.of()));
            if (operation.bodyRequired()) {
                cases.add(new Case("empty-body", path, json, new byte[0], Map.of()));
            }
            if (hasNumbers(sample)) {
                cases.add(new Case("huge-number", path, json, replaceNumbers(sample, "1e309"), Map.of()));
                cases.add(new Case("long-overflow", path, json, replaceNumbers(sample, "9223372036854775808"), Map.of()));
                cases.add(new Case("negative-number", path, json, replaceNumbers(sample, "-1"), Map.of()));
            }
            if (text(sample).length != text(mapStrings(sample, s -> DATE.matcher(s).matches() || DURATION.matcher(s).matches() ? "changed" : s)).length) {
                cases.add(new Case("extreme-dates", path, json, text(mapStrings(sample, s -> DATE.matcher(s).matches()
                        ? "+999999999-12-31T23:59:59Z" : DURATION.matcher(s).matches() ? "PT2562047788015215H30M7S" : s)), Map.of()));
                cases.add(new Case("negative-years", path, json, text(mapStrings(sample, s -> DATE.matcher(s).matches()
                        ? "-999999999-01-01T00:00:00Z" : DURATION.matcher(s).matches() ? "-PT2562047788015215H" : s)), Map.of()));
            }
            if (sample.toString().contains("\"k1\"") || sample.toString().contains("[")) {
                cases.add(new Case("huge-map-or-array", path, json, text(hugeCollections(sample)), Map.of()));
            }
        }
        if (operation.template().contains("{")) {
            cases.add(new Case("nul-in-path", fill(operation.template(), fixture, v -> v + "%00"), null, null, Map.of()));
            cases.add(new Case("surrogate-in-path", fill(operation.template(), fixture, v -> v + "%ED%A0%80"), null, null, Map.of()));
        }
        for (JsonNode parameter : operation.operation().path("parameters")) {
            if ("query".equals(parameter.path("in").asText())) {
                String name = parameter.path("name").asText();
                cases.add(new Case("nul-in-query", path + "?" + name + "=a%00", null, null, Map.of()));
                cases.add(new Case("surrogate-in-query", path + "?" + name + "=a%ED%A0%80", null, null, Map.of()));
            }
        }
        if (!operation.template().contains("/artifacts/")) {
            // An artifact is served as whatever file it is, whatever an agent's Accept header says.
            cases.add(new Case("not-acceptable", path, null, null, Map.of("Accept", "image/png")));
        }
        if (operation.template().contains("/artifacts/")) {
            cases.add(new Case("range-20-digits", path, null, null, Map.of("Range", "bytes=12345678901234567890-")));
        }
        // Path, query and header classes carry the operation's well-formed body, so that is not what they are refused for.
        byte[] good = sample == null ? null : text(sample);
        return cases.stream().map(c -> c.body() != null || good == null ? c
                : new Case(c.inputClass(), c.path(), json, good, c.headers())).toList();
    }

    /** Methods a path lacks: each is a case of its own ({@code method-not-allowed}). */
    @Test
    void methodsAPathLacksAndUnknownPathsAreProblems() throws Exception {
        JsonNode document = JSON.readTree(send("GET", "/q/openapi?format=json", null, null, Map.of(), null).body());
        List<Failure> failures = new ArrayList<>();
        int cases = 0;
        String token = Tokens.of(VendorApi.ADMIN);
        for (Iterator<Map.Entry<String, JsonNode>> it = document.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            if (path.getKey().startsWith("/console")) {
                continue;
            }
            String concrete = path.getKey().replaceAll("\\{[^}]+}", "x");
            for (String method : List.of("PATCH", "DELETE", "PUT")) {
                if (!path.getValue().has(method.toLowerCase())) {
                    cases++;
                    HttpResponse<byte[]> answer = send(method, concrete, null, null, Map.of(), "Bearer " + token);
                    String type = answer.headers().firstValue("Content-Type").orElse("");
                    if (answer.statusCode() < 400 || answer.statusCode() >= 500 || !type.startsWith("application/problem+json")) {
                        failures.add(new Failure(method + " " + path.getKey(), "method-not-allowed", answer.statusCode() + " " + type));
                    }
                }
            }
        }
        for (String unknown : List.of("/api/v1/no-such-thing", "/api/device/v1/no-such-thing", "/no/such/page", "/api/v1/%00")) {
            cases++;
            HttpResponse<byte[]> answer = send("GET", unknown, null, null, Map.of(), "Bearer " + token);
            String type = answer.headers().firstValue("Content-Type").orElse("");
            if (answer.statusCode() != 404 && answer.statusCode() != 400 || !type.startsWith("application/problem+json")) {
                failures.add(new Failure("GET " + unknown, "unknown-path", answer.statusCode() + " " + type));
            }
        }
        System.out.printf("method and path table: %d cases, %d failed%n", cases, failures.size());
        failures.forEach(failure -> System.out.printf("  FAIL %-60s %-20s %s%n", failure.operation(), failure.inputClass(), failure.answer()));
        assertThat(failures).isEmpty();
    }

    // --- The document ----------------------------------------------------------------------------------------------

    private static List<Operation> operations(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (path.getKey().startsWith("/console")) {
                    continue; // the browser's pages: a session and a CSRF token, not this table's input (see CSRF tests)
                }
                if (!List.of("get", "post", "put", "patch", "delete", "head").contains(method.getKey())) {
                    continue;
                }
                JsonNode content = method.getValue().path("requestBody").path("content");
                JsonNode schema = content.has("application/json") ? content.path("application/json").path("schema") : null;
                operations.add(new Operation(method.getKey(), path.getKey(), method.getValue(),
                        schema == null || schema.isMissingNode() ? null : schema,
                        method.getValue().path("requestBody").path("required").asBoolean(false)));
            }
        }
        return operations;
    }

    /** A well-formed value for the schema, with real values for the fields whose name says what they are. */
    private static JsonNode sample(JsonNode document, JsonNode schema, String name, int depth) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText().replace("#/components/schemas/", "");
            return depth > 6 ? NODES.nullNode() : sample(document, document.path("components").path("schemas").path(ref), name, depth + 1);
        }
        if (schema.has("allOf")) {
            return sample(document, schema.get("allOf").get(0), name, depth);
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        String type = schema.path("type").asText("object");
        String format = schema.path("format").asText("");
        return switch (type) {
            case "string" -> switch (format) {
                case "date-time" -> TextNode.valueOf("2030-01-01T00:00:00Z");
                case "date" -> TextNode.valueOf("2030-01-01");
                case "duration" -> TextNode.valueOf("PT1H");
                case "uuid" -> TextNode.valueOf("00000000-0000-4000-8000-000000000000");
                default -> TextNode.valueOf(name != null && name.toLowerCase().contains("zone") ? "UTC" : "s");
            };
            case "integer" -> NODES.numberNode(1);
            case "number" -> NODES.numberNode(0.5);
            case "boolean" -> NODES.booleanNode(false);
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                array.add(sample(document, schema.path("items"), name, depth + 1));
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields(); properties.hasNext(); ) {
                    Map.Entry<String, JsonNode> property = properties.next();
                    object.set(property.getKey(), sample(document, property.getValue(), property.getKey(), depth + 1));
                }
                if (schema.path("additionalProperties").isObject()) {
                    object.set("k1", sample(document, schema.get("additionalProperties"), "k1", depth + 1));
                }
                yield object;
            }
        };
    }

    /**
     * Real values where a made-up one would be refused for what it names rather than for its form (a key, a
     * product), and the shape of bodies the document leaves open (hawkBit's feedback and configData).
     */
    private static JsonNode bodyOfKnownShape(String template, JsonNode sample, Fixture fixture) {
        if (template.endsWith("/feedback")) {
            return json("{\"id\":\"" + fixture.ddiAction() + "\",\"status\":{\"execution\":\"proceeding\",\"result\":"
                    + "{\"finished\":\"none\",\"progress\":{\"cnt\":1,\"of\":2}},\"details\":[\"d\"]}}");
        }
        if (template.endsWith("/configData")) {
            return json("{\"mode\":\"merge\",\"data\":{\"k1\":\"v\"}}");
        }
        if (template.endsWith("/emergency-stop")) {
            // A blank reason: were a malformed request taken, the global stop would still be refused for it.
            return json("{\"reason\":\" \"}");
        }
        if (sample instanceof ObjectNode object) {
            Map<String, String> known = Map.of("enrollmentKey", fixture.enrollmentKey(), "product", fixture.stage().product(),
                    "version", "9.9.9", "deviceId", "probe-device", "timeZone", "UTC");
            known.forEach((field, value) -> {
                if (object.has(field) && object.get(field).isTextual()) {
                    object.put(field, value);
                }
            });
        }
        return sample;
    }

    // --- Mutations -------------------------------------------------------------------------------------------------

    private static JsonNode mapStrings(JsonNode node, UnaryOperator<String> change) {
        if (node.isTextual()) {
            return TextNode.valueOf(change.apply(node.asText()));
        }
        if (node instanceof ObjectNode object) {
            ObjectNode copy = NODES.objectNode();
            object.fields().forEachRemaining(field -> copy.set(field.getKey(), mapStrings(field.getValue(), change)));
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = NODES.arrayNode();
            array.forEach(element -> copy.add(mapStrings(element, change)));
            return copy;
        }
        return node;
    }

    private static JsonNode wrongTypes(JsonNode sample) {
        if (!(sample instanceof ObjectNode object) || object.isEmpty()) {
            return NODES.arrayNode().add(1);
        }
        ObjectNode copy = NODES.objectNode();
        object.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            copy.set(field.getKey(), value.isTextual() ? NODES.arrayNode().add(1) : value.isNumber() ? TextNode.valueOf("many")
                    : value.isBoolean() ? NODES.objectNode() : TextNode.valueOf("wrong"));
        });
        return copy;
    }

    private static boolean hasNumbers(JsonNode node) {
        if (node.isNumber()) {
            return true;
        }
        for (JsonNode child : node) {
            if (hasNumbers(child)) {
                return true;
            }
        }
        return false;
    }

    /** Every number written as {@code literal}, which no Java type may hold as it stands. */
    private static byte[] replaceNumbers(JsonNode sample, String literal) {
        String marker = "\"__number__\"";
        JsonNode marked = mapNumbers(sample);
        return marked.toString().replace(marker, literal).getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode mapNumbers(JsonNode node) {
        if (node.isNumber()) {
            return TextNode.valueOf("__number__");
        }
        if (node instanceof ObjectNode object) {
            ObjectNode copy = NODES.objectNode();
            object.fields().forEachRemaining(field -> copy.set(field.getKey(), mapNumbers(field.getValue())));
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = NODES.arrayNode();
            array.forEach(element -> copy.add(mapNumbers(element)));
            return copy;
        }
        return node;
    }

    private static JsonNode hugeCollections(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode copy = NODES.objectNode();
            object.fields().forEachRemaining(field -> copy.set(field.getKey(), hugeCollections(field.getValue())));
            if (object.has("k1")) {
                for (int i = 2; i <= 10_001; i++) {
                    copy.set("k" + i, object.get("k1"));
                }
            }
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = NODES.arrayNode();
            // The element as it is: a huge collection nested in each of 10,001 copies squared the body (10,001 × 10,001),
            // which the body-size limit refused before any collection rule was reached, after seconds of serialising.
            JsonNode first = array.isEmpty() ? TextNode.valueOf("s") : array.get(0);
            for (int i = 0; i < 10_001; i++) {
                copy.add(first);
            }
            return copy;
        }
        return node;
    }

    /** The first key of the outermost object written twice; an empty object gets a key of its own twice. */
    private static byte[] duplicateKeys(JsonNode sample) {
        String body = sample.toString();
        if (sample instanceof ObjectNode object && !object.isEmpty()) {
            Map.Entry<String, JsonNode> first = object.fields().next();
            String pair = JSON.valueToTree(Map.of(first.getKey(), first.getValue())).toString();
            return ("{" + pair.substring(1, pair.length() - 1) + "," + body.substring(1)).getBytes(StandardCharsets.UTF_8);
        }
        return "{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8);
    }

    /** The body with {@code raw} (not UTF-8) inside its first string, or as a string of its own. */
    private static byte[] withRawBytes(JsonNode sample, byte[] raw) {
        String marker = "__raw__";
        JsonNode marked = mapStrings(sample, s -> s + marker);
        String body = marked.toString();
        if (!body.contains(marker)) {
            body = "{\"a\":\"" + marker + "\"}";
        }
        int at = body.indexOf(marker);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(body.substring(0, at).replace(marker, "").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(raw);
        out.writeBytes(body.substring(at + marker.length()).replace(marker, "").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] text(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    // --- Ids, credentials and state ---------------------------------------------------------------------------------

    private Fixture fixture(ArtifactServer downloads) {
        byte[] content = "bad input build".getBytes(StandardCharsets.UTF_8);
        RolloutStage stage = RolloutStage.open("badin", 1, "agent.bin", content, downloads.serve("agent.bin", content));
        Agent device = stage.enroll("badin-native");
        String key = Api.enrollmentKey(stage.tenant().admin(), 5);
        DdiAgent ddi = DdiAgent.enroll(stage.tenant().id(), key, "badin-ddi", stage.product(), "1.0.0");
        Api.awaitEnrolledWindows();
        ddi.poll();
        Long action = ddi.deploymentAction();
        String groupId = stage.tenant().api().body(Map.of("name", "badin group")).post("/api/v1/groups")
                .then().statusCode(201).extract().path("id");
        String keyId = stage.tenant().api().get("/api/v1/enrollment-keys").then().statusCode(200).extract().path("[0].id");
        String viewer = stage.tenant().user("tenant-viewer");
        String userId = stage.tenant().api().get("/api/v1/users").then().statusCode(200)
                .extract().path("find { it.username == '" + viewer + "' }.id");
        String webhookId = stage.tenant().api().body(Map.of("url", "http://127.0.0.1:9/badin", "events", List.of("tenant.paused")))
                .post("/api/v1/webhooks").then().statusCode(201).extract().path("subscription.id");
        return new Fixture(stage, device, ddi, action == null ? 1 : action, groupId, keyId, userId, key, "agent.bin",
                webhookId);
    }

    private static String fill(String template, Fixture fixture, Function<String, String> change) {
        Matcher matcher = PARAMETER.matcher(template);
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String before = template.substring(0, matcher.start());
            String value = switch (matcher.group(1)) {
                case "tenant" -> fixture.stage().tenant().id();
                case "controllerId" -> "badin-ddi";
                case "actionId" -> String.valueOf(fixture.ddiAction());
                case "releaseId" -> fixture.stage().releaseId().toString();
                case "fileName" -> fixture.artifact();
                case "key", "product" -> fixture.stage().product();
                case "version" -> fixture.stage().version();
                case "name" -> "standard";
                case "action" -> "pause";
                case "id" -> before.contains("/tenants") ? fixture.stage().tenant().id()
                        : before.contains("/groups") ? fixture.groupId()
                        : before.contains("/enrollment-keys") ? fixture.keyId()
                        : before.contains("/users") ? fixture.userId()
                        : before.contains("/devices") ? fixture.device().id().toString()
                        : before.contains("/rollouts") ? fixture.stage().rollout().toString()
                        : before.contains("/webhooks") ? fixture.webhookId()
                        : "unknown";
                default -> "unknown";
            };
            matcher.appendReplacement(path, Matcher.quoteReplacement(change.apply(value)));
        }
        matcher.appendTail(path);
        return path.toString();
    }

    private static String credential(String template, Fixture fixture) {
        if (template.endsWith("/enroll")) {
            return null;
        }
        if (template.contains("/controller/v1/")) {
            return "TargetToken " + fixture.ddi().token();
        }
        if (template.startsWith("/api/device/")) {
            return "TargetToken " + fixture.device().token();
        }
        if (template.startsWith("/api/v1/tenants") || template.startsWith("/api/v1/products") || template.startsWith("/api/v1/rollouts")
                || template.startsWith("/api/v1/rehearsals")
                || template.startsWith("/api/v1/signing-key")) {
            return "Bearer " + Tokens.of(VendorApi.ADMIN);
        }
        return "Bearer " + Tokens.of(fixture.stage().tenant().admin());
    }

    /** What the tenant, the product and the devices look like through the API, without clock-driven fields. */
    private String state(Fixture fixture) throws Exception {
        String tenant = "Bearer " + Tokens.of(fixture.stage().tenant().admin());
        String vendor = "Bearer " + Tokens.of(VendorApi.ADMIN);
        String product = fixture.stage().product();
        Map<String, String> reads = new LinkedHashMap<>();
        for (String path : List.of("/api/v1/groups", "/api/v1/devices?size=200", "/api/v1/enrollment-keys", "/api/v1/users",
                "/api/v1/policies", "/api/v1/gateway-token", "/api/v1/audit?size=200", "/api/v1/webhooks",
                "/api/v1/devices/" + fixture.device().id() + "/events", "/api/v1/devices/" + fixture.ddi().id() + "/events",
                "/api/v1/devices/" + fixture.device().id(), "/api/v1/devices/" + fixture.ddi().id())) {
            reads.put(path, read(path, tenant));
        }
        for (String path : List.of("/api/v1/tenants/" + fixture.stage().tenant().id(), "/api/v1/products",
                "/api/v1/products/" + product + "/releases", "/api/v1/products/" + product + "/ring-plans",
                "/api/v1/rollouts/" + fixture.stage().rollout())) {
            reads.put(path, read(path, vendor));
        }
        return reads.toString();
    }

    /** {@link #state} for callers that take no checked exceptions ({@code Eventually}). */
    private String stateNow(Fixture fixture) {
        try {
            return state(fixture);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String read(String path, String credential) throws Exception {
        HttpResponse<byte[]> answer = send("GET", path, null, null, Map.of(), credential);
        return answer.statusCode() + " " + VOLATILE.matcher(new String(answer.body(), StandardCharsets.UTF_8)).replaceAll("");
    }

    private static String difference(String before, String after) {
        int at = 0;
        while (at < before.length() && at < after.length() && before.charAt(at) == after.charAt(at)) {
            at++;
        }
        int from = Math.max(0, at - 80);
        return "before …" + before.substring(from, Math.min(before.length(), at + 120)) + "… after …"
                + after.substring(from, Math.min(after.length(), at + 120)) + "…";
    }

    private HttpResponse<byte[]> send(String method, String path, String contentType, byte[] body, Map<String, String> headers,
                                      String credential) throws Exception {
        URI base = root.toURI();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.getScheme() + "://" + base.getAuthority() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (!headers.containsKey("Accept")) {
            request.header("Accept", "application/json");
        }
        headers.forEach(request::header);
        if (credential != null) {
            request.header("Authorization", credential);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
