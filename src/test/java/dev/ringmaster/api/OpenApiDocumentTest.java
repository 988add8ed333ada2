package dev.ringmaster.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringmaster.error.Problem;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API description as a client generator reads it: every operation names the credential it takes, describes
 * what it answers on success, and points its errors at the problem schema. Each check lists every offender, so a
 * new endpoint without a schema fails here by name.
 */
@QuarkusTest
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBLEM = "#/components/schemas/Problem";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete", "head", "options");
    /**
     * Open to callers without a credential, with the schemes they may still send: a device enrolls with its tenant's
     * key in the body (and its current token when it enrolls again); agents fetch the manifest key before they hold one.
     */
    private static final Map<String, Set<String>> PUBLIC = Map.of(
            "POST /api/device/v1/enroll", Set.of("DeviceToken"),
            "GET /api/v1/signing-key", Set.of());
    /** hawkBit answers a device's feedback and configData 200 with an empty body, and its agents expect exactly that. */
    private static final Set<String> EMPTY_SUCCESS = Set.of(
            "POST /{tenant}/controller/v1/{controllerId}/deploymentBase/{actionId}/feedback",
            "POST /{tenant}/controller/v1/{controllerId}/cancelAction/{actionId}/feedback",
            "PUT /{tenant}/controller/v1/{controllerId}/configData");

    private static JsonNode document;

    /** One operation of the document: its method and path template, and its object. */
    private record Operation(String method, String path, JsonNode body) {
        String name() {
            return method.toUpperCase() + " " + path;
        }
    }

    /** Read once, when the first test runs (the service's port is known only then). */
    private static synchronized JsonNode document() throws Exception {
        if (document != null) {
            return document;
        }
        String text = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "openapi.json"), text);
        document = JSON.readTree(text);
        return document;
    }

    @Test
    void describesTheApiAndNotTheConsole() throws Exception {
        document();
        assertThat(operations()).as("operations").hasSizeGreaterThan(50);
        assertThat(document.path("paths").properties()).as("paths")
                .noneMatch(path -> path.getKey().startsWith("/console"))
                .anyMatch(path -> path.getKey().contains("/controller/v1/"))
                .anyMatch(path -> path.getKey().startsWith("/api/device/v1/"))
                .anyMatch(path -> path.getKey().startsWith("/api/v1/webhooks"));
    }

    @Test
    void everySuccessWithABodyHasASchema() throws Exception {
        document();
        List<String> offenders = new ArrayList<>();
        for (Operation operation : operations()) {
            boolean described = false;
            for (Map.Entry<String, JsonNode> response : operation.body().path("responses").properties()) {
                String status = response.getKey();
                if (!status.startsWith("2")) {
                    continue;
                }
                described = true;
                boolean empty = !response.getValue().has("content");
                if (empty && (status.equals("204") || status.equals("202") || operation.method().equals("head")
                        || EMPTY_SUCCESS.contains(operation.name()))) {
                    continue;
                }
                JsonNode content = response.getValue().path("content");
                if (content.isEmpty()) {
                    offenders.add(operation.name() + " " + status + ": no content");
                }
                content.properties().forEach(media -> {
                    if (!hasSchema(media.getValue().path("schema"))) {
                        offenders.add(operation.name() + " " + status + " " + media.getKey() + ": no schema");
                    }
                });
            }
            if (!described) {
                offenders.add(operation.name() + ": no success response");
            }
        }
        assertThat(offenders).as("successes without a response schema").isEmpty();
    }

    @Test
    void everyOperationNamesTheCredentialItTakes() throws Exception {
        document();
        JsonNode schemes = document.path("components").path("securitySchemes");
        assertThat(schemes.path("bearer").path("type").asText()).isEqualTo("http");
        assertThat(schemes.path("bearer").path("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.path("bearer").path("bearerFormat").asText()).isEqualTo("JWT");
        for (String scheme : List.of("TargetToken", "GatewayToken", "DeviceToken")) {
            assertThat(schemes.path(scheme).path("type").asText()).as(scheme).isEqualTo("apiKey");
            assertThat(schemes.path(scheme).path("in").asText()).as(scheme).isEqualTo("header");
            assertThat(schemes.path(scheme).path("name").asText()).as(scheme).isEqualTo("Authorization");
        }
        List<String> offenders = new ArrayList<>();
        for (Operation operation : operations()) {
            JsonNode security = operation.body().path("security");
            Set<String> named = new TreeSet<>();
            boolean anonymous = false;
            for (JsonNode requirement : security) {
                anonymous |= requirement.isEmpty();
                requirement.fieldNames().forEachRemaining(named::add);
            }
            Set<String> expected = PUBLIC.containsKey(operation.name()) ? PUBLIC.get(operation.name())
                    : operation.path().contains("/controller/v1/") ? Set.of("GatewayToken", "TargetToken")
                    : operation.path().startsWith("/api/device/") ? Set.of("DeviceToken")
                    : Set.of("bearer");
            if (!security.isArray() || !named.equals(expected) || anonymous != PUBLIC.containsKey(operation.name())) {
                offenders.add(operation.name() + ": " + (security.isMissingNode() ? "no security" : security)
                        + ", expected " + expected + (PUBLIC.containsKey(operation.name()) ? " or none" : ""));
            }
            if (named.contains("bearer") && security.path(0).path("bearer").isEmpty()) {
                offenders.add(operation.name() + ": the bearer requirement names no roles");
            }
        }
        assertThat(offenders).as("operations without the security they take").isEmpty();
    }

    @Test
    void everyErrorIsProblemDetails() throws Exception {
        document();
        // The schema is written by hand in api/ApiDescription: it must name exactly what ProblemMapper answers.
        assertThat(document.path("components").path("schemas").path("Problem").path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrder(Arrays.stream(Problem.class.getRecordComponents()).map(RecordComponent::getName).toArray(String[]::new));
        assertThat(document.path("components").path("schemas").path("FieldError").path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrder(Arrays.stream(Problem.FieldError.class.getRecordComponents()).map(RecordComponent::getName)
                        .toArray(String[]::new));
        List<String> offenders = new ArrayList<>();
        for (Operation operation : operations()) {
            JsonNode responses = operation.body().path("responses");
            List<String> expected = new ArrayList<>(List.of("400", "404"));
            if (!PUBLIC.containsKey(operation.name())) {
                expected.addAll(List.of("401", "403"));
            }
            if (operation.body().has("requestBody") || operation.body().path("parameters").findValues("in").stream()
                    .anyMatch(in -> in.asText().equals("query"))) {
                expected.add("422");
            }
            if (!operation.method().equals("get") && !operation.method().equals("head")) {
                expected.add("409");
            }
            for (String status : expected) {
                if (!responses.has(status)) {
                    offenders.add(operation.name() + ": no " + status);
                }
            }
            for (Map.Entry<String, JsonNode> response : responses.properties()) {
                if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                    JsonNode schema = response.getValue().path("content").path("application/problem+json").path("schema");
                    if (!PROBLEM.equals(schema.path("$ref").asText())) {
                        offenders.add(operation.name() + " " + response.getKey() + ": not " + PROBLEM);
                    }
                }
            }
        }
        assertThat(offenders).as("error responses that are not problem details").isEmpty();
    }

    private static List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = path.getValue().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> method = it.next();
                if (METHODS.contains(method.getKey())) {
                    operations.add(new Operation(method.getKey(), path.getKey(), method.getValue()));
                }
            }
        }
        return operations;
    }

    /** A schema that says something: a reference, a type, or a composition of them. */
    private static boolean hasSchema(JsonNode schema) {
        return schema.has("$ref") || schema.has("type") || schema.has("allOf") || schema.has("oneOf") || schema.has("anyOf");
    }
}
