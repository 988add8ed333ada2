package dev.ringmaster.device;

import dev.ringmaster.support.Api;
import dev.ringmaster.support.ArtifactServer;
import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Db;
import dev.ringmaster.support.DeviceApi;
import dev.ringmaster.support.RolloutStage;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static dev.ringmaster.support.DeviceApi.device;
import static dev.ringmaster.support.Eventually.eventually;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/**
 * hawkBit DDI over HTTP: authentication by token only, deployments, feedback, artifact downloads. Each test has a
 * stage of its own (tenant, product, running rollout with everyone in ring 0, a daily window open now).
 */
@QuarkusTest
class DdiTest {

    private static final byte[] CONTENT = "firmware image 2.0.0 ".repeat(100).getBytes(StandardCharsets.UTF_8);

    @Inject
    MeterRegistry registry;

    ArtifactServer downloads;
    RolloutStage stage;
    String tenant;
    String product;
    String version;
    UUID release;
    UUID rollout;

    @BeforeEach
    void release() {
        downloads = new ArtifactServer();
        stage = RolloutStage.open("ddi", 1, "fw 2.0.0.bin", CONTENT, downloads.serve("fw.bin", CONTENT));
        tenant = stage.tenant().id();
        product = stage.product();
        version = stage.version();
        release = stage.releaseId();
        rollout = stage.rollout();
        // A daily two-hour window that opened a few minutes ago: DDI tells such a device its window is available.
        stage.maintenanceWindow(TimeMachine.now().minus(Duration.ofMinutes(5)), Duration.ofHours(2));
    }

    @AfterEach
    void stop() {
        downloads.close();
    }

    /** A device of the stage's tenant: ring 0 open and its window open, so it is offered the release. */
    private Agent inWindow(String name) {
        return stage.enroll(name);
    }

    private static String base(String tenant, Agent device) {
        return "/" + tenant + "/controller/v1/" + device.externalId();
    }

    @Test
    void aDeviceInItsWindowIsDeployedDownloadsWithRangeAndItsResultClosesTheAction() {
        Agent fw = inWindow("ddi-fw");
        String href = device(fw.token()).get(base(tenant, fw)).then().statusCode(200)
                .body("config.polling.sleep", notNullValue())
                .extract().path("_links.deploymentBase.href");
        String actionId = href.replaceAll(".*/deploymentBase/(\\d+).*", "$1");

        Response deployment = device(fw.token()).get(base(tenant, fw) + "/deploymentBase/" + actionId);
        deployment.then().statusCode(200)
                .body("id", equalTo(actionId))
                .body("deployment.update", equalTo("forced"))
                .body("deployment.maintenanceWindow", equalTo("available"))
                .body("deployment.chunks[0].version", equalTo(version))
                .body("deployment.chunks[0].artifacts[0].hashes.sha256", equalTo(DeviceApi.sha256(CONTENT)))
                .body("deployment.chunks[0].artifacts[0].hashes.sha1", notNullValue())
                .body("deployment.chunks[0].artifacts[0].size", equalTo(CONTENT.length));
        String download = deployment.path("deployment.chunks[0].artifacts[0]._links.download-http.href");

        byte[] whole = device(fw.token()).urlEncodingEnabled(false).get(download).then().statusCode(200)
                .header("ETag", "\"" + DeviceApi.sha256(CONTENT) + "\"").extract().asByteArray();
        assertThat(whole).isEqualTo(CONTENT);
        byte[] tail = device(fw.token()).urlEncodingEnabled(false).header("Range", "bytes=100-").get(download).then().statusCode(206)
                .header("Content-Range", "bytes 100-" + (CONTENT.length - 1) + "/" + CONTENT.length).extract().asByteArray();
        assertThat(tail).isEqualTo(java.util.Arrays.copyOfRange(CONTENT, 100, CONTENT.length));
        device(fw.token()).urlEncodingEnabled(false).header("Range", "bytes=999999-").get(download).then().statusCode(416);
        device(fw.token()).urlEncodingEnabled(false).header("If-None-Match", "\"" + DeviceApi.sha256(CONTENT) + "\"").get(download).then().statusCode(304);

        Map<String, Object> closed = Map.of("id", actionId, "status", Map.of("execution", "closed", "result", Map.of("finished", "success")));
        device(fw.token()).body(closed).post(base(tenant, fw) + "/deploymentBase/" + actionId + "/feedback").then().statusCode(200);
        device(fw.token()).get("/api/device/v1/self").then().body("installed." + product, equalTo(version));
        // The action is closed: more feedback is refused with 410 and counts nothing.
        device(fw.token()).body(closed).post(base(tenant, fw) + "/deploymentBase/" + actionId + "/feedback")
                .then().statusCode(410).contentType("application/problem+json");
        assertThat(Db.count("SELECT count(*) FROM device_events WHERE device_id = ? AND kind = 'succeeded'", fw.id())).isEqualTo(1);
        device(fw.token()).get(base(tenant, fw)).then().statusCode(200)
                .body("_links", not(hasKey("deploymentBase")))
                .body("_links.installedBase.href", notNullValue());
        device(fw.token()).get(base(tenant, fw) + "/installedBase/" + actionId).then().statusCode(200)
                .body("deployment.chunks[0].version", equalTo(version));
    }

    @Test
    void aPollWhoseDecisionHoldsIsAnsweredFromMemoryAsTheEndpointAnswersIt() {
        Agent fw = inWindow("ddi-held");
        Agent other = inWindow("ddi-held-other");
        Response offered = device(fw.token()).get(base(tenant, fw));
        offered.then().statusCode(200).body("_links.deploymentBase.href", notNullValue());

        // The offer opened an action, which the change feed announces; once that is heard, the decision holds.
        double before = fromMemory();
        Response held = eventually(() -> device(fw.token()).get(base(tenant, fw)), answer -> fromMemory() > before);
        assertThat(fromMemory()).isEqualTo(before + 1);
        Response negotiated = device(fw.token()).accept("application/json;q=0.9, */*;q=0.1").get(base(tenant, fw));
        assertThat(fromMemory()).as("content negotiation is the endpoint's").isEqualTo(before + 1);
        negotiated.then().statusCode(200);
        held.then().statusCode(200).body("_links.deploymentBase.href", equalTo(offered.path("_links.deploymentBase.href")));
        assertThat(held.contentType()).isEqualTo(negotiated.contentType());
        assertThat(held.body().asString()).isEqualTo(negotiated.body().asString());
        // A token held in memory on another device's path is still refused, by the endpoint.
        device(fw.token()).get(base(tenant, other)).then().statusCode(401).contentType("application/problem+json");
        assertThat(fromMemory()).isEqualTo(before + 1);

        // Its result forgets what it was told: the next poll is decided again and links what it installed.
        String actionId = offered.<String>path("_links.deploymentBase.href").replaceAll(".*/deploymentBase/(\\d+).*", "$1");
        device(fw.token()).body(Map.of("id", actionId, "status", Map.of("execution", "closed", "result", Map.of("finished", "success"))))
                .post(base(tenant, fw) + "/deploymentBase/" + actionId + "/feedback").then().statusCode(200);
        Response afterwards = device(fw.token()).get(base(tenant, fw));
        afterwards.then().statusCode(200).body("_links", not(hasKey("deploymentBase")))
                .body("_links.installedBase.href", notNullValue());
        assertThat(fromMemory()).as("decided again").isEqualTo(before + 1);
        eventually(() -> device(fw.token()).get(base(tenant, fw)), answer -> fromMemory() > before + 1).then().statusCode(200)
                .body("_links", not(hasKey("deploymentBase")))
                .body("_links.installedBase.href", equalTo(afterwards.path("_links.installedBase.href")));
    }

    private double fromMemory() {
        return registry.counter("ringmaster.device.ddi.polls.io.thread").count();
    }

    @Test
    void theTokenAloneDecidesWhoIsAsking() {
        Agent mine = inWindow("ddi-mine");
        // Another tenant following the same rollout.
        TestTenant other = TestTenant.create("ddi-other");
        other.followsRolloutsAtOnce(product);
        Agent theirs = Agent.enroll(Api.enrollmentKey(other.admin(), 1), "ddi-theirs", null, product, "1.0.0");
        Api.awaitEnrolledWindows();
        String theirTenant = other.id();
        String href = device(theirs.token()).get(base(theirTenant, theirs)).then().statusCode(200)
                .extract().path("_links.deploymentBase.href");
        String theirAction = href.replaceAll(".*/deploymentBase/(\\d+).*", "$1");

        // Another tenant in the path, another device in the path, or no token at all: 401.
        device(mine.token()).get("/" + theirTenant + "/controller/v1/" + mine.externalId()).then().statusCode(401).contentType("application/problem+json");
        device(mine.token()).get("/" + tenant + "/controller/v1/" + theirs.externalId()).then().statusCode(401);
        device(mine.token()).get(base(theirTenant, theirs)).then().statusCode(401);
        given().get(base(tenant, mine)).then().statusCode(401).header("WWW-Authenticate", "TargetToken");
        // Its own path but another device's action: unknown.
        device(mine.token()).get(base(tenant, mine) + "/deploymentBase/" + theirAction).then().statusCode(404)
                .contentType("application/problem+json");
        device(mine.token()).body(Map.of("status", Map.of("execution", "closed", "result", Map.of("finished", "failure"))))
                .post(base(tenant, mine) + "/deploymentBase/" + theirAction + "/feedback").then().statusCode(404);
        device(mine.token()).get(base(tenant, mine) + "/deploymentBase/999999999").then().statusCode(404);
        assertThat(Db.count("SELECT count(*) FROM device_events WHERE device_id = ? AND kind = 'failed'", theirs.id())).isZero();
    }

    @Test
    void aGatewayTokenSpeaksForDevicesOfItsOwnTenantOnly() {
        Agent behindGateway = inWindow("ddi-gw");
        String gateway = stage.tenant().api().post("/api/v1/gateway-token").then().statusCode(201).extract().path("token");

        given().header("Authorization", "GatewayToken " + gateway).get(base(tenant, behindGateway))
                .then().statusCode(200).body("_links.deploymentBase.href", notNullValue());
        given().header("Authorization", "GatewayToken " + gateway).get("/" + tenant + "/controller/v1/never-enrolled")
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", "GatewayToken " + gateway).get("/acme/controller/v1/" + behindGateway.externalId())
                .then().statusCode(401);
        stage.tenant().api().delete("/api/v1/gateway-token");
        given().header("Authorization", "GatewayToken " + gateway).get(base(tenant, behindGateway)).then().statusCode(401);
    }

    @Test
    void anOpenActionOfAHaltedRolloutIsCancelledThroughCancelAction() {
        Agent fw = inWindow("ddi-cancel");
        String href = device(fw.token()).get(base(tenant, fw)).then().statusCode(200).extract().path("_links.deploymentBase.href");
        String actionId = href.replaceAll(".*/deploymentBase/(\\d+).*", "$1");
        VendorApi.act(rollout, "emergency-stop", "bad build on the test bench");

        String cancel = dev.ringmaster.support.Eventually.eventually(() -> device(fw.token()).get(base(tenant, fw)),
                response -> response.path("_links.cancelAction.href") != null).path("_links.cancelAction.href");
        assertThat(cancel).endsWith("/cancelAction/" + actionId);
        device(fw.token()).get(base(tenant, fw) + "/cancelAction/" + actionId).then().statusCode(200)
                .body("cancelAction.stopId", equalTo(actionId));
        device(fw.token()).body(Map.of("id", actionId, "status", Map.of("execution", "closed", "result", Map.of("finished", "success"))))
                .post(base(tenant, fw) + "/cancelAction/" + actionId + "/feedback").then().statusCode(200);
        assertThat(Db.count("SELECT count(*) FROM device_actions WHERE id = ? AND NOT open AND last_kind = 'cancelled'",
                Long.parseLong(actionId))).isEqualTo(1);
        device(fw.token()).get(base(tenant, fw) + "/cancelAction/" + actionId).then().statusCode(410);
    }

    @Test
    void badFeedbackIsRefusedAndCountsNothing() {
        Agent fw = inWindow("ddi-bad");
        String href = device(fw.token()).get(base(tenant, fw)).then().statusCode(200).extract().path("_links.deploymentBase.href");
        String feedback = base(tenant, fw) + "/deploymentBase/" + href.replaceAll(".*/deploymentBase/(\\d+).*", "$1") + "/feedback";

        device(fw.token()).body("{\"status\": ").post(feedback).then().statusCode(400).contentType("application/problem+json");
        device(fw.token()).body(Map.of("status", Map.of("execution", "exploded"))).post(feedback).then().statusCode(422)
                .body("errors[0].field", equalTo("status.execution"));
        device(fw.token()).body(Map.of("status", Map.of("execution", "closed", "result", Map.of("finished", "maybe")))).post(feedback)
                .then().statusCode(422);
        device(fw.token()).contentType(ContentType.TEXT).body("closed").post(feedback).then().statusCode(415);
        assertThat(Db.count("SELECT count(*) FROM device_events WHERE device_id = ? AND kind <> 'offered'", fw.id())).isZero();
    }
}
