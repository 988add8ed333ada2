package dev.ringmaster.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ringmaster.schedule.store.ReleaseWindows;
import io.quarkus.arc.Arc;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Requests as a sample user, and small fixtures built through the API itself. */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Api() {
    }

    public static RequestSpecification as(String username) {
        return given().auth().oauth2(Tokens.of(username)).contentType(ContentType.JSON);
    }

    public static String deviceId(String username, String externalId) {
        return as(username).queryParam("q", externalId).get("/api/v1/devices")
                .then().statusCode(200).extract().path("items.find { it.deviceId == '" + externalId + "' }.id");
    }

    public static String groupId(String username, String name) {
        return as(username).get("/api/v1/groups")
                .then().statusCode(200).extract().path("find { it.name == '" + name + "' }.id");
    }

    /**
     * The ring the store put the device in for the release, as the tenant's API shows the device's windows. Read with
     * Jackson: a GPath {@code find} compiles Groovy on every call, which showed in the profile of fleet-sized loops.
     */
    public static int ring(RequestSpecification asTenant, UUID deviceId, Object releaseId) {
        String body = asTenant.get("/api/v1/devices/" + deviceId + "/windows").then().statusCode(200).extract().asString();
        try {
            for (JsonNode window : JSON.readTree(body)) {
                if (window.path("releaseId").asText().equals(releaseId.toString())) {
                    return window.path("ring").asInt();
                }
            }
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
        throw new AssertionError("no window of release " + releaseId + " for device " + deviceId + ": " + body);
    }

    /** A fresh enrollment key of the user's tenant; answers its secret. */
    public static String enrollmentKey(String admin, int maxUses) {
        return as(admin).body(Map.of("name", "test key", "validFor", "PT1H", "maxUses", maxUses))
                .post("/api/v1/enrollment-keys")
                .then().statusCode(201).extract().path("secret");
    }

    /** Enrolls a device with the key; answers its token once the service has planned the device's windows. */
    public static String enroll(String key, String deviceId) {
        String token = given().contentType(ContentType.JSON)
                .body(Map.of("enrollmentKey", key, "deviceId", deviceId, "timeZone", "Europe/Berlin"))
                .post("/api/device/v1/enroll")
                .then().statusCode(201).extract().path("token");
        awaitEnrolledWindows();
        return token;
    }

    /**
     * Enrolled devices get their windows shortly after the enrollment, on the window store's worker; tests that
     * write windows of their own wait for it, so it cannot overwrite theirs later. Then the change feed's
     * notifications of those writes are waited for too, so none arrives in the middle of what the test does next.
     */
    public static void awaitEnrolledWindows() {
        Arc.container().instance(ReleaseWindows.class).get().awaitQueued(60);
        ChangeFeedBarrier.await();
    }
}
