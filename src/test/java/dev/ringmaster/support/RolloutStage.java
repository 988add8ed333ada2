package dev.ringmaster.support;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The device side's usual setting, built through the front door: a product of the test's own whose default plan
 * puts devices in a canary ring (10 %) and a broad ring (everyone), a tenant of the test's own that follows its
 * rollouts at once (automatic, no deferral), a published release with one artifact, and its rollout started, so
 * ring 0 is open. Windows are whatever the real window store computes from that; tests shape them through the
 * tenant's policy (maintenance windows, pause, cap) and the rollout's vendor actions.
 */
public record RolloutStage(TestTenant tenant, String product, String version, UUID releaseId, UUID rollout) {

    /** One ring everyone is in, when {@code rings} is 1; canary 10 % then broad otherwise. */
    public static RolloutStage open(String prefix, int rings, String artifactName, byte[] content, String url) {
        TestTenant tenant = TestTenant.create(prefix);
        Map<String, Object> gate = Map.of("minFinished", 1, "minFinishedShare", 0.5, "maxFailureRate", 0.05,
                "silenceTimeout", "PT1H");
        List<Map<String, Object>> plan = new ArrayList<>();
        if (rings > 1) {
            plan.add(new HashMap<>(Map.of("name", "canary", "share", 0.1, "minSoak", "PT1H", "gate", gate, "manualApproval", false)));
        }
        plan.add(new HashMap<>(Map.of("name", "broad", "share", 1, "minSoak", "PT1H", "gate", gate, "manualApproval", false)));
        String product = VendorApi.product(prefix, plan);
        tenant.followsRolloutsAtOnce(product);
        String version = "2.0.0";
        DeviceApi.release(product, version, artifactName, content, url);
        UUID rollout = VendorApi.rollout(product, version, null);
        VendorApi.act(rollout, "start", "device test");
        Api.awaitEnrolledWindows();
        return new RolloutStage(tenant, product, version, Db.releaseId(product, version), rollout);
    }

    public static RolloutStage open(String prefix, int rings) {
        byte[] content = ("build of " + prefix).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return open(prefix, rings, "agent.bin", content, "https://downloads.example.com/" + prefix + "/agent.bin");
    }

    /** A device of the stage's tenant running 1.0.0 of the product, in {@code timeZone} (null: the tenant's). */
    public Agent enroll(String externalId, String timeZone) {
        Agent agent = Agent.enroll(Api.enrollmentKey(tenant.admin(), 1), externalId, timeZone, product, "1.0.0");
        Api.awaitEnrolledWindows();
        return agent;
    }

    public Agent enroll(String externalId) {
        return enroll(externalId, null);
    }

    /**
     * The tenant's policy gets one daily maintenance window in UTC from {@code opens} (whole minutes) for
     * {@code length}; the store recomputes the windows before this returns.
     */
    public void maintenanceWindow(Instant opens, Duration length) {
        LocalTime start = opens.atOffset(ZoneOffset.UTC).toLocalTime().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        Map<String, Object> window = Map.of("days", Arrays.stream(DayOfWeek.values()).map(Enum::name).toList(),
                "start", start.toString(), "duration", length.toString(), "timeZone", "UTC");
        policy(Map.of("mode", "automatic", "deferral", "PT0S", "maintenanceWindows", List.of(window)));
    }

    /** Replaces the tenant's policy for the product; the store recomputes the windows before this returns. */
    public void policy(Map<String, Object> document) {
        tenant.api().body(document).put("/api/v1/policies/" + product).then().statusCode(200);
        Api.awaitEnrolledWindows();
    }

    /** The device's stored window for the product, as the tenant's API shows it. */
    public io.restassured.path.json.JsonPath window(Agent agent) {
        return tenant.api().get("/api/v1/devices/" + agent.id() + "/windows").then().statusCode(200).extract().jsonPath();
    }

    /** The ring the store put the device in for this stage's release. */
    public int ring(Agent agent) {
        return Api.ring(tenant.api(), agent.id(), releaseId);
    }
}
