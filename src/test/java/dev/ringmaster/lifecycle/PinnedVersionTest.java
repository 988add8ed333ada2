package dev.ringmaster.lifecycle;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A pin sends devices to exactly the pinned version: devices on an older one install it, devices on a newer one are
 * never downgraded, and nobody gets anything else until the pin expires, after which the tenant follows automatic.
 */
@QuarkusTest
class PinnedVersionTest {

    @Test
    void devicesGoToExactlyThePinnedVersionUntilThePinExpires() {
        Instant start = TimeMachine.freeze();
        String product = VendorApi.product("pinned");
        TestTenant tenant = TestTenant.create("pinned");
        String key = Api.enrollmentKey(tenant.admin(), 8);
        List<Agent> older = new ArrayList<>();
        List<Agent> newer = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            older.add(Agent.enroll(key, "old-" + i, null, product, "1.0.0"));
            newer.add(Agent.enroll(key, "new-" + i, null, product, "1.2.0"));
        }
        VendorApi.complete(product, "1.0.0");
        VendorApi.complete(product, "1.1.0");
        VendorApi.complete(product, "1.2.0");

        Instant expiry = start.plus(Duration.ofDays(1));
        tenant.api().body(pin("1.1.0", expiry)).put("/api/v1/policies/" + product).then().statusCode(200);
        TimeMachine.tick();

        // Pinned newer than what they run: installed, and nothing after it.
        older.forEach(agent -> assertThat(agent.checkInAndInstall()).as(agent.externalId()).isEqualTo("1.1.0"));
        older.forEach(agent -> assertThat(offered(agent)).as(agent.externalId()).isNull());
        // Pinned older than what they run: never a downgrade.
        newer.forEach(agent -> assertThat(offered(agent)).as(agent.externalId()).isNull());

        TimeMachine.advance(Duration.ofHours(12), Duration.ofHours(1));
        older.forEach(agent -> assertThat(offered(agent)).as("%s before the expiry", agent.externalId()).isNull());

        TimeMachine.advance(Duration.ofHours(13), Duration.ofHours(1));
        older.forEach(agent -> assertThat(offered(agent)).as("%s after the expiry", agent.externalId()).isEqualTo("1.2.0"));
        newer.forEach(agent -> assertThat(offered(agent)).as(agent.externalId()).isNull());
    }

    @Test
    void aPinMustNameAPublishedReleaseAndARefusedPinChangesNothing() {
        TimeMachine.freeze();
        String product = VendorApi.product("pinbad");
        TestTenant tenant = TestTenant.create("pinbad");
        VendorApi.complete(product, "1.0.0");
        tenant.api().body(Map.of("mode", "automatic", "deferral", "PT6H")).put("/api/v1/policies/" + product)
                .then().statusCode(200);
        draft(product);

        for (String version : List.of("9.9.9", "2.0.0")) {
            tenant.api().body(pin(version, null)).put("/api/v1/policies/" + product)
                    .then().statusCode(422).contentType("application/problem+json")
                    .body("errors.field", equalTo(List.of("pinnedVersion")));
        }
        tenant.api().get("/api/v1/policies/" + product).then().statusCode(200)
                .body("mode", equalTo("automatic")).body("deferral", equalTo("PT6H"));
        tenant.api().body(pin("1.0.0", null)).put("/api/v1/policies/" + product).then().statusCode(200)
                .body("mode", equalTo("pinned")).body("pinnedVersion", equalTo("1.0.0"));
    }

    /** A draft 2.0.0 of the product: a release that exists but is not published. */
    private static void draft(String product) {
        Map<String, Object> artifact = Map.of("name", "agent-2.0.0.swu", "sizeBytes", 1024, "sha256", "b".repeat(64),
                "url", "https://downloads.example.com/" + product + "/2.0.0");
        Api.as(VendorApi.MANAGER).body(Map.of("version", "2.0.0", "notes", "draft", "artifacts", List.of(artifact)))
                .post("/api/v1/products/" + product + "/releases").then().statusCode(201);
    }

    private static Map<String, Object> pin(String version, Instant expiry) {
        Map<String, Object> policy = new HashMap<>(Map.of("mode", "pinned", "pinnedVersion", version, "deferral", "PT0S"));
        if (expiry != null) {
            policy.put("pinExpiresAt", expiry.toString());
        }
        return policy;
    }

    private static String offered(Agent agent) {
        agent.checkIn();
        return agent.offered();
    }
}
