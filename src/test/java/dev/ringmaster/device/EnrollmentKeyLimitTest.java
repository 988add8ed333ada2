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
 * A key's use limit holds when many devices enroll with it at the same moment: the use is counted in the same
 * statement that checks the limit, at the end of each enrollment, and an enrollment past the limit leaves
 * nothing behind.
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
}
