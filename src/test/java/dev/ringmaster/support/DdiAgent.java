package dev.ringmaster.support;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * A device speaking hawkBit's DDI over real HTTP, as an unmodified hawkBit agent would: enrolled through the native
 * enrollment (which issues the token a DDI agent sends as {@code TargetToken}), then polling its controller resource,
 * following the links it is given and posting feedback in hawkBit's shape.
 */
public final class DdiAgent {

    private final String tenant;
    private final String externalId;
    private final UUID id;
    private final String token;
    private JsonPath last;

    private DdiAgent(String tenant, String externalId, UUID id, String token) {
        this.tenant = tenant;
        this.externalId = externalId;
        this.id = id;
        this.token = token;
    }

    /** Enrolls a device with the tenant's key, running {@code version} of the product. */
    public static DdiAgent enroll(String tenant, String enrollmentKey, String externalId, String product, String version) {
        JsonPath enrolled = given().contentType(ContentType.JSON)
                .body(Map.of("enrollmentKey", enrollmentKey, "deviceId", externalId, "installed", Map.of(product, version)))
                .post("/api/device/v1/enroll").then().statusCode(201).extract().jsonPath();
        return new DdiAgent(tenant, externalId, UUID.fromString(enrolled.getString("id")), enrolled.getString("token"));
    }

    public UUID id() {
        return id;
    }

    public String token() {
        return token;
    }

    public String base() {
        return "/" + tenant + "/controller/v1/" + externalId;
    }

    private RequestSpecification request() {
        return given().header("Authorization", "TargetToken " + token).contentType(ContentType.JSON);
    }

    /** Polls the controller resource; answers its body. */
    public JsonPath poll() {
        last = request().get(base()).then().statusCode(200).extract().jsonPath();
        return last;
    }

    /** The href of a link in the last poll, or null. */
    public String link(String name) {
        return last.getString("_links." + name + ".href");
    }

    /** The action id of the last poll's deploymentBase link, or null. */
    public Long deploymentAction() {
        String href = link("deploymentBase");
        return href == null ? null : Long.parseLong(href.replaceAll(".*/deploymentBase/(\\d+).*", "$1"));
    }

    /** The action id of the last poll's cancelAction link, or null. */
    public Long cancelledAction() {
        String href = link("cancelAction");
        return href == null ? null : Long.parseLong(href.replaceAll(".*/cancelAction/(\\d+).*", "$1"));
    }

    public Response deployment(long actionId) {
        return request().get(base() + "/deploymentBase/" + actionId);
    }

    public Response cancelAction(long actionId) {
        return request().get(base() + "/cancelAction/" + actionId);
    }

    /** Deployment feedback; answers the HTTP status. {@code finished} may be null; details may be empty. */
    public int feedback(long actionId, String execution, String finished, String... details) {
        return request().body(feedbackBody(actionId, execution, finished, null, details))
                .post(base() + "/deploymentBase/" + actionId + "/feedback").then().extract().statusCode();
    }

    /** Deployment feedback with progress {@code cnt} of {@code of}. */
    public int progress(long actionId, int cnt, int of, String... details) {
        return request().body(feedbackBody(actionId, "proceeding", "none", Map.of("cnt", cnt, "of", of), details))
                .post(base() + "/deploymentBase/" + actionId + "/feedback").then().extract().statusCode();
    }

    /** Feedback on a cancellation; answers the HTTP status. */
    public int cancelFeedback(long actionId, String execution, String finished, String... details) {
        return request().body(feedbackBody(actionId, execution, finished, null, details))
                .post(base() + "/cancelAction/" + actionId + "/feedback").then().extract().statusCode();
    }

    /** Sends its attributes (hawkBit configData); answers the HTTP status. */
    public int configData(Map<String, String> attributes) {
        return request().body(Map.of("mode", "merge", "data", attributes)).put(base() + "/configData").then().extract().statusCode();
    }

    private static Map<String, Object> feedbackBody(long actionId, String execution, String finished, Map<String, Object> progress,
                                                    String... details) {
        Map<String, Object> result = new HashMap<>();
        if (finished != null) {
            result.put("finished", finished);
        }
        if (progress != null) {
            result.put("progress", progress);
        }
        Map<String, Object> status = new HashMap<>(Map.of("execution", execution, "result", result));
        if (details.length > 0) {
            status.put("details", List.of(details));
        }
        return Map.of("id", String.valueOf(actionId), "status", status);
    }
}
