package dev.ringmaster.device;

import dev.ringmaster.support.Api;
import dev.ringmaster.support.TestTenant;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key's use limit holds when many devices enroll with it at the same moment: uses are taken in the same
 * statement that checks the limit, before each enrollment, and an enrollment past the limit leaves nothing behind.
 */
@QuarkusTest
class EnrollmentKeyLimitTest {

    @Test
    void devicesEnrollingAllAtOnceGetNoMorePlacesThanTheKeyHas() throws Exception {
        TestTenant tenant = TestTenant.create("key-limit");
        String key = Api.enrollmentKey(tenant.admin(), 5);
        List<Callable<Integer>> enrollments = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String deviceId = "key-limit-" + i;
            enrollments.add(() -> given().contentType(ContentType.JSON)
                    .body(Map.of("enrollmentKey", key, "deviceId", deviceId)).post("/api/device/v1/enroll").statusCode());
        }
        List<Integer> statuses = new ArrayList<>();
        ExecutorService devices = Executors.newFixedThreadPool(12);
        try {
            for (Future<Integer> status : devices.invokeAll(enrollments)) {
                statuses.add(status.get());
            }
        } finally {
            devices.shutdownNow();
        }

        assertThat(statuses).filteredOn(status -> status == 201).hasSize(5);
        assertThat(statuses).filteredOn(status -> status != 201).containsOnly(401);
        tenant.api().get("/api/v1/devices").then().statusCode(200).body("total", org.hamcrest.Matchers.equalTo(5));
    }

    /**
     * Enrollments arriving together take their keys' uses in one transaction (KeyUses): two tenants' keys asked
     * for at once each grant their own limit, and each device lands in the tenant of the key it presented.
     */
    @Test
    void twoTenantsKeysAskedForTogetherEachGrantTheirOwnLimitToTheirOwnTenant() throws Exception {
        TestTenant north = TestTenant.create("key-north");
        TestTenant south = TestTenant.create("key-south");
        String northKey = Api.enrollmentKey(north.admin(), 7);
        String southKey = Api.enrollmentKey(south.admin(), 3);
        List<Callable<Integer>> enrollments = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String northId = "key-north-" + i;
            String southId = "key-south-" + i;
            enrollments.add(() -> given().contentType(ContentType.JSON)
                    .body(Map.of("enrollmentKey", northKey, "deviceId", northId)).post("/api/device/v1/enroll").statusCode());
            enrollments.add(() -> given().contentType(ContentType.JSON)
                    .body(Map.of("enrollmentKey", southKey, "deviceId", southId)).post("/api/device/v1/enroll").statusCode());
        }
        ExecutorService devices = Executors.newFixedThreadPool(16);
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> status : devices.invokeAll(enrollments)) {
                statuses.add(status.get());
            }
        } finally {
            devices.shutdownNow();
        }

        assertThat(statuses).filteredOn(status -> status == 201).hasSize(10);
        north.api().get("/api/v1/devices").then().statusCode(200).body("total", org.hamcrest.Matchers.equalTo(7))
                .body("items.name", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.startsWith("key-north-")));
        south.api().get("/api/v1/devices").then().statusCode(200).body("total", org.hamcrest.Matchers.equalTo(3))
                .body("items.name", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.startsWith("key-south-")));
    }
}
