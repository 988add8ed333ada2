package dev.ringmaster.health;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.ArtifactServer;
import dev.ringmaster.support.DdiAgent;
import dev.ringmaster.support.Management;
import dev.ringmaster.support.RolloutStage;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/**
 * Prometheus metrics are served on the management interface only, and their HTTP series are labelled with route
 * templates: no tenant, device or release shows in a label, and more devices make no more series. Issue 17: an
 * unauthenticated /q/metrics on the public port listed tenant slugs, device ids and release ids in URI labels.
 */
@QuarkusTest
class MetricsExposureTest {

    private static final Pattern LABEL_VALUE = Pattern.compile("=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Test
    void thePublicPortServesNoMetrics() {
        assertThat(given().get("/q/metrics").then().extract().statusCode()).isIn(401, 404);
        assertThat(given().get("/q/metrics").then().extract().body().asString()).doesNotContain("http_server_requests");
    }

    @Test
    void labelsNameRoutesNeverTenantsDevicesOrReleasesAndStayBoundedAsDevicesJoin() {
        RolloutStage stage;
        try (ArtifactServer artifacts = new ArtifactServer()) {
            byte[] image = "metrics image".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            stage = RolloutStage.open("metrics", 1, "metrics.swu", image, artifacts.serve("metrics.swu", image));
            exercise(stage);
        }
    }

    private static void exercise(RolloutStage stage) {
        String key = Api.enrollmentKey(stage.tenant().admin(), 20);
        List<String> secrets = new ArrayList<>(List.of(stage.tenant().id(), stage.releaseId().toString(), stage.rollout().toString()));
        secrets.addAll(devicesAtWork(stage, key, "metrics-first", 3));
        Set<String> series = httpSeries();

        secrets.addAll(devicesAtWork(stage, key, "metrics-more", 6));
        Set<String> grown = httpSeries();

        String exposition = metrics();
        List<String> leaks = new ArrayList<>();
        for (String line : exposition.lines().filter(line -> !line.startsWith("#")).toList()) {
            Matcher value = LABEL_VALUE.matcher(line.contains("{") ? line.substring(line.indexOf('{'), line.lastIndexOf('}') + 1) : "");
            while (value.find()) {
                String label = value.group(1);
                secrets.stream().filter(label::contains).forEach(secret -> leaks.add(secret + " in " + line));
            }
        }
        assertThat(leaks).as("label values naming a tenant, device, release or rollout").isEmpty();
        assertThat(series).as("http server series").isNotEmpty();
        assertThat(grown).as("http server routes after six more devices did the same").isEqualTo(series);
    }

    /** {@code count} devices enroll, check in, poll over DDI, and call with tokens that fail, all under their own ids. */
    private static List<String> devicesAtWork(RolloutStage stage, String key, String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Agent agent = Agent.enroll(key, prefix + "-native-" + i, null, stage.product(), "0.9.0");
            agent.checkIn();
            DdiAgent ddi = DdiAgent.enroll(stage.tenant().id(), key, prefix + "-ddi-" + i, stage.product(), "0.9.0");
            ddi.poll();
            assertThat(ddi.configData(Map.of("serial", prefix + "-" + i))).isLessThan(300);
            ddi.feedback(1L, "proceeding", "none");
            String artifact = ddi.base() + "/softwaremodules/" + stage.releaseId() + "/artifacts/metrics.swu";
            given().header("Authorization", "TargetToken " + ddi.token()).get(artifact).then().statusCode(greaterThanOrEqualTo(200));
            given().header("Authorization", "TargetToken " + ddi.token()).header("Range", "bytes=0-3").get(artifact)
                    .then().statusCode(greaterThanOrEqualTo(200));
            given().header("Authorization", "TargetToken " + ddi.token()).head(artifact).then().statusCode(greaterThanOrEqualTo(200));
            given().header("Authorization", "TargetToken wrong").get(artifact).then().statusCode(401);
            given().header("Authorization", "TargetToken wrong").delete(ddi.base()).then().statusCode(greaterThanOrEqualTo(400));
            given().contentType("application/json").body("\"" + "x".repeat(1_100_000) + "\"")
                    .post(ddi.base() + "/deploymentBase/1/feedback").then().statusCode(greaterThanOrEqualTo(400));
            // Refused calls end before the route is matched or in its filters: their series must be templated too.
            given().header("Authorization", "TargetToken wrong").get(ddi.base()).then().statusCode(401);
            given().header("Authorization", "TargetToken wrong").put(ddi.base() + "/configData").then().statusCode(greaterThanOrEqualTo(400));
            given().get("/" + stage.tenant().id() + "/controller/v1/" + prefix + "-unknown-" + i).then().statusCode(greaterThanOrEqualTo(400));
            given().header("Authorization", "Bearer not-a-token").get("/api/v1/devices/" + agent.id()).then().statusCode(401);
            given().get("/api/v1/devices/" + agent.id()).then().statusCode(401);
            stage.tenant().api().get("/api/v1/devices/" + agent.id()).then().statusCode(200);
            stage.tenant().api().get("/api/v1/devices/" + java.util.UUID.randomUUID()).then().statusCode(404);
            VendorApi.get(stage.rollout());
            ids.addAll(List.of(agent.id().toString(), agent.externalId(), ddi.id().toString(), prefix + "-ddi-" + i,
                    prefix + "-unknown-" + i));
        }
        return ids;
    }

    /** Method and URI of every HTTP series: what must not grow with devices (statuses may differ from call to call). */
    private static Set<String> httpSeries() {
        Pattern routeLabels = Pattern.compile("method=\"([^\"]*)\".*uri=\"([^\"]*)\"");
        return new TreeSet<>(metrics().lines().filter(line -> line.startsWith("http_server_requests_seconds_count{"))
                .map(routeLabels::matcher).filter(Matcher::find).map(route -> route.group(1) + " " + route.group(2)).toList());
    }

    private static String metrics() {
        return Management.metrics();
    }
}
