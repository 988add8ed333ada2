package dev.ringmaster.device;

import dev.ringmaster.support.Api;
import dev.ringmaster.support.Parallel;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * New devices enrolling all at once are written together ({@code NewDevices}), and each gets the answer it would get
 * alone: two requests for the same id give one device and one 409, an unknown product a 422 and an id outside the
 * key's patterns a 403 that store nothing and give the key's use back, and every token handed out works.
 */
@QuarkusTest
class EnrollmentBurstTest {

    private record Sent(String deviceId, Map<String, Object> body) {

        ExtractableResponse<Response> send() {
            return given().contentType(ContentType.JSON).body(body).post("/api/device/v1/enroll").then().extract();
        }
    }

    @Test
    void aBurstOfEnrollmentsGivesEachDeviceTheAnswerItWouldGetAlone() {
        TestTenant tenant = TestTenant.create("burst");
        String product = VendorApi.product("burst");
        String key = tenant.api().body(Map.of("name", "burst", "validFor", "PT1H", "maxUses", 500,
                        "deviceIdPatterns", List.of("burst-*")))
                .post("/api/v1/enrollment-keys").then().statusCode(201).extract().path("secret");
        List<Sent> burst = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            burst.add(sent(key, "burst-new-" + i, Map.of(product, "1.0.0"), i % 3 == 0 ? Map.of("model", "M" + i % 2) : null));
        }
        for (int i = 0; i < 10; i++) {
            // The same id twice, sent together: one enrolls it, the other needs its token.
            burst.add(sent(key, "burst-twice-" + i, Map.of(product, "1.0.0"), null));
            burst.add(sent(key, "burst-twice-" + i, Map.of(product, "1.0.0"), null));
        }
        for (int i = 0; i < 5; i++) {
            burst.add(sent(key, "burst-unknown-product-" + i, Map.of("no-such-product-" + i, "1.0.0"), null));
            burst.add(sent(key, "outside-" + i, Map.of(product, "1.0.0"), null));
        }

        List<ExtractableResponse<Response>> answers = Parallel.map(burst, 32, Sent::send);

        Map<String, List<Integer>> statusesById = new HashMap<>();
        for (int i = 0; i < burst.size(); i++) {
            statusesById.computeIfAbsent(burst.get(i).deviceId(), id -> new ArrayList<>()).add(answers.get(i).statusCode());
        }
        for (int i = 0; i < 60; i++) {
            assertThat(statusesById.get("burst-new-" + i)).containsExactly(201);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(statusesById.get("burst-twice-" + i)).containsExactlyInAnyOrder(201, 409);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(statusesById.get("burst-unknown-product-" + i)).containsExactly(422);
            assertThat(statusesById.get("outside-" + i)).containsExactly(403);
        }
        for (int i = 0; i < burst.size(); i++) {
            if (answers.get(i).statusCode() == 201) {
                String token = answers.get(i).path("token");
                given().header("Authorization", "TargetToken " + token).get("/api/device/v1/self").then().statusCode(200)
                        .body("deviceId", org.hamcrest.Matchers.equalTo(burst.get(i).deviceId()))
                        .body("installed." + product, org.hamcrest.Matchers.equalTo("1.0.0"));
            }
        }

        // Only the 70 enrolled devices exist, each once, with what it enrolled with, audited once; the refused took no use.
        tenant.api().get("/api/v1/devices?size=200").then().statusCode(200).body("total", org.hamcrest.Matchers.equalTo(70));
        tenant.api().get("/api/v1/devices?attribute=model=M1").then().statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(10));
        tenant.api().get("/api/v1/enrollment-keys").then().statusCode(200)
                .body("find { it.name == 'burst' }.uses", org.hamcrest.Matchers.equalTo(70));
        tenant.api().get("/api/v1/audit?action=device.enroll&limit=1000").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(70));
        Api.awaitEnrolledWindows();
    }

    private static Sent sent(String key, String deviceId, Map<String, String> installed, Map<String, String> attributes) {
        Map<String, Object> body = new HashMap<>(Map.of("enrollmentKey", key, "deviceId", deviceId, "installed", installed));
        if (attributes != null) {
            body.put("attributes", attributes);
        }
        return new Sent(deviceId, body);
    }
}
