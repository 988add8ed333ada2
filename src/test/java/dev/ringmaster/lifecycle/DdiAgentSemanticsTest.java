package dev.ringmaster.lifecycle;

import dev.ringmaster.support.Api;
import dev.ringmaster.support.DdiAgent;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * hawkBit semantics real agents depend on: configData is asked for only when Ringmaster wants attributes, every
 * progress message is kept in the device's history (a retry once), and only {@code closed} ends an action —
 * {@code rejected} and {@code proceeding} with a failure leave it open.
 */
@QuarkusTest
class DdiAgentSemanticsTest {

    static TestTenant tenant;
    static String product;
    static String otherProduct;
    static String key;

    /** The class's tenant and products, made on its first test (the application is up by then). */
    @BeforeEach
    void tenant() {
        TimeMachine.freeze();
        if (tenant != null) {
            return;
        }
        tenant = TestTenant.create("ddisem");
        product = VendorApi.product("ddisem", new ArrayList<>(List.of(VendorApi.ring("all", "1", 0.9))));
        otherProduct = VendorApi.product("ddifb", new ArrayList<>(List.of(VendorApi.ring("all", "1", 0.9))));
        for (String each : List.of(product, otherProduct)) {
            tenant.followsRolloutsAtOnce(each);
        }
        key = Api.enrollmentKey(tenant.admin(), 10);
    }

    private static void release(String product, String version) {
        VendorApi.publish(product, version);
        UUID rollout = VendorApi.rollout(product, version, null);
        VendorApi.act(rollout, "start", "ddi semantics");
        TimeMachine.tick();
    }

    private static List<Map<String, Object>> history(UUID device) {
        return tenant.api().get("/api/v1/devices/" + device + "/events").then().statusCode(200).extract().jsonPath().getList("$");
    }

    @Test
    void configDataIsAskedForOnFirstContactAfterAnUpdateAndOnRequestOnly() {
        DdiAgent agent = DdiAgent.enroll(tenant.id(), key, "cfg-1", product, "1.0.0");
        agent.poll();
        assertThat(agent.link("configData")).as("first contact").endsWith(agent.base() + "/configData");
        assertThat(agent.configData(Map.of("hwRevision", "B2"))).isEqualTo(200);
        for (int poll = 0; poll < 3; poll++) {
            TimeMachine.advance(Duration.ofMinutes(1));
            agent.poll();
            assertThat(agent.link("configData")).as("poll %d after the attributes came", poll).isNull();
        }
        assertThat(tenant.api().get("/api/v1/devices/" + agent.id()).then().statusCode(200).extract().jsonPath()
                .getString("attributes.hwRevision")).isEqualTo("B2");

        // An operator asks: the next poll links it, until the device answers.
        TimeMachine.advance(Duration.ofMinutes(1));
        tenant.api().post("/api/v1/devices/" + agent.id() + "/attributes-request").then().statusCode(204);
        agent.poll();
        assertThat(agent.link("configData")).isNotNull();
        TimeMachine.advance(Duration.ofMinutes(1));
        assertThat(agent.configData(Map.of("hwRevision", "B3"))).isEqualTo(200);
        agent.poll();
        assertThat(agent.link("configData")).isNull();

        // After an update its attributes may have changed: asked for once more.
        release(product, "2.0.0");
        agent.poll();
        long action = agent.deploymentAction();
        TimeMachine.advance(Duration.ofMinutes(1));
        assertThat(agent.feedback(action, "closed", "success")).isEqualTo(200);
        TimeMachine.advance(Duration.ofMinutes(1));
        agent.poll();
        assertThat(agent.link("configData")).as("after the update").isNotNull();
        assertThat(agent.configData(Map.of("hwRevision", "B3", "rootfs", "b"))).isEqualTo(200);
        agent.poll();
        assertThat(agent.link("configData")).isNull();
    }

    @Test
    void everyProgressMessageIsKeptRejectedAndProceedingWithFailureLeaveTheActionOpenOnlyClosedEndsIt() {
        DdiAgent agent = DdiAgent.enroll(tenant.id(), key, "fb-1", otherProduct, "1.0.0");
        release(otherProduct, "2.0.0");
        agent.poll();
        Long action = agent.deploymentAction();
        assertThat(action).isNotNull();

        assertThat(agent.feedback(action, "proceeding", "none", "Downloading")).isEqualTo(200);
        assertThat(agent.progress(action, 1, 4, "Installing")).isEqualTo(200);
        assertThat(agent.progress(action, 2, 4, "Installing")).isEqualTo(200);
        assertThat(agent.progress(action, 2, 4, "Installing")).as("a retry").isEqualTo(200);
        assertThat(agent.feedback(action, "proceeding", "none", "Writing partition rootfs.1")).isEqualTo(200);
        assertThat(agent.feedback(action, "download", "none", "late download message")).as("out of order").isEqualTo(200);

        // hawkBit: rejected is a warning; proceeding reports progress whatever its finished says.
        assertThat(agent.feedback(action, "rejected", "none", "battery low")).isEqualTo(200);
        assertThat(agent.feedback(action, "proceeding", "failure", "retrying after a write error")).isEqualTo(200);
        agent.poll();
        assertThat(agent.deploymentAction()).as("still open").isEqualTo(action);
        agent.deployment(action).then().statusCode(200);

        List<Map<String, Object>> history = history(agent.id());
        assertThat(history).extracting(event -> event.get("detail")).contains("Downloading", "Writing partition rootfs.1",
                "late download message", "battery low", "retrying after a write error");
        assertThat(history).filteredOn(event -> "Installing".equals(event.get("detail")))
                .extracting(event -> event.get("progress")).containsExactlyInAnyOrder(25, 50);
        assertThat(history).filteredOn(event -> "rejected".equals(event.get("kind"))).hasSize(1);
        assertThat(history).noneMatch(event -> "failed".equals(event.get("kind")));

        // Only closed ends it.
        assertThat(agent.feedback(action, "closed", "failure", "bootloader refused the image")).isEqualTo(200);
        assertThat(agent.feedback(action, "proceeding", "none")).isEqualTo(410);
        assertThat(history(agent.id())).filteredOn(event -> "failed".equals(event.get("kind"))).singleElement()
                .satisfies(event -> assertThat(event.get("detail")).isEqualTo("bootloader refused the image"));
    }

    @Test
    void theHistoryIsTheTenantsOwnAndBadInputIsRefused() {
        DdiAgent agent = DdiAgent.enroll(tenant.id(), key, "iso-1", product, "1.0.0");
        TestTenant other = TestTenant.create("ddisem-other");
        other.api().get("/api/v1/devices/" + agent.id() + "/events").then().statusCode(404)
                .contentType("application/problem+json");
        other.api().post("/api/v1/devices/" + agent.id() + "/attributes-request").then().statusCode(404);
        tenant.api().get("/api/v1/devices/" + agent.id() + "/events?limit=0").then().statusCode(422)
                .contentType("application/problem+json");
        tenant.api().get("/api/v1/devices/" + agent.id() + "/events").then().statusCode(200);
    }
}
