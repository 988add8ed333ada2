package dev.ringmaster.rehearsal;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.VendorApi;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.ringmaster.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

/**
 * {@code POST /api/v1/rehearsals} over this class's own product and tenant: 60 devices running 1.0.0 while 1.1.0 rolls
 * out for real. A rehearsal of 2.0.0 reads that fleet, answers its verdict, is audited, and changes nothing real: the
 * product's rollouts, releases, the devices' windows and what each device is offered are the same before and after.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RehearsalApiTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String RARE_BUILD = "21.3-rare";

    private String product;
    private TestTenant tenant;
    private List<Agent> devices;

    /** Made by the first test that runs: RestAssured knows the service's port only once a test runs. */
    @BeforeEach
    void fleet() {
        if (product != null) {
            return;
        }
        product = VendorApi.product("rehearse");
        tenant = TestTenant.create("rehearse", "Europe/Berlin");
        tenant.followsRolloutsAtOnce(product);
        devices = tenant.enroll("rehearse", 60, product, "1.0.0");
        VendorApi.started(product, "1.1.0");
    }

    @Test
    void aRehearsalAnswersItsVerdictIsAuditedAndChangesNothingReal() {
        String before = realState();
        assertThat(before).contains("install").contains("wait");

        // Played three times over: the canary's 20 % of 60 random device ids falls under the gate's 10 reports for a
        // halt about one run in five; of 180 it practically never does.
        String location = as(VendorApi.MANAGER).body(request(Map.of("scale", 3, "failures", List.of(Map.of("selector", "all",
                        "behaviour", "silent-brick")))))
                .post("/api/v1/rehearsals").then().statusCode(202).body("progress.devices", equalTo(180))
                .extract().header("Location");
        JsonPath run = played(location);
        assertThat(run.getInt("progress.percent")).isEqualTo(100);
        assertThat(run.getString("requestedBy")).isEqualTo(VendorApi.MANAGER);
        JsonPath bricks = JsonPath.from(run.prettify()).setRootPath("result");

        assertThat(bricks.getString("summary.state")).isEqualTo("halted");
        assertThat(bricks.getInt("summary.devices")).isEqualTo(180);
        assertThat(bricks.getString("summary.plan")).isEqualTo("standard");
        assertThat(bricks.getInt("summary.blastRadius.devices")).isZero();
        assertThat(bricks.getInt("summary.bricked")).isPositive().isEqualTo(bricks.getInt("rings[0].devices"));
        assertThat(bricks.getString("summary.haltReason")).contains("went silent");
        assertThat(bricks.getList("transitions.cause", String.class)).containsExactly("start", "ring-opened", "halt");
        assertThat(bricks.getInt("transitions[2].health.silent")).isEqualTo(bricks.getInt("summary.bricked"));

        assertThat(realState()).isEqualTo(before);
        as(VendorApi.ADMIN).queryParam("limit", 1000).get("/api/v1/audit").then().statusCode(200)
                .body("find { it.action == 'rehearsal.run' && it.targetId == '" + product + "' }.after.run",
                        equalTo(run.getString("id")))
                .body("find { it.action == 'rehearsal.run' && it.targetId == '" + product + "' }.actor",
                        equalTo(VendorApi.MANAGER));
    }

    @Test
    void aDraftPlanGivenInlineIsPlayedAndTheSameSeedAnswersTheSame() {
        List<Map<String, Object>> rings = new ArrayList<>(List.of(VendorApi.ring("first", "0.5", 0.3),
                VendorApi.ring("rest", "1", 0.3)));
        Map<String, Object> body = request(Map.of("rings", rings, "seed", 11, "scale", 2, "start", "2026-12-07T08:00:00Z",
                "failures", List.of(Map.of("selector", "share", "share", 0.1, "behaviour", "offline"))));

        JsonPath firstRun = played(submit(body));
        JsonPath againRun = played(submit(body));
        JsonPath first = result(firstRun);

        assertThat(first.getString("summary.plan")).isEqualTo("draft");
        assertThat(first.getInt("summary.devices")).isEqualTo(120);
        assertThat(first.getString("summary.state")).isEqualTo("completed");
        assertThat(first.getList("rings.name", String.class)).containsExactly("first", "rest");
        assertThat(first.getString("summary.start")).isEqualTo("2026-12-07T08:00:00Z");
        assertThat(againRun.getMap("result")).isEqualTo(firstRun.getMap("result"));
        assertThat(againRun.getString("id")).isNotEqualTo(firstRun.getString("id"));
    }

    @Test
    void aFailureOnOneModelFailsOnlyItsDevicesAndTwoPlansAreComparedSideBySide() {
        // Two devices in three are m-3 on build 7 (what they reported at check-in); the others are m-1.
        for (int i = 0; i < devices.size(); i++) {
            devices.get(i).checkIn(Map.of("model", i % 3 == 0 ? "m-1" : "m-3", "osBuild", "7"));
        }
        List<Map<String, Object>> failing = List.of(Map.of("selector", "attributes",
                "attributes", Map.of("model", "m-3", "osBuild", "7"), "behaviour", "fails", "probability", 1));
        String canaryFirst = submit(request(Map.of("seed", 5, "scale", 3, "failures", failing)));
        String allAtOnce = submit(request(Map.of("seed", 5, "scale", 3, "failures", failing,
                "rings", List.of(VendorApi.ring("everyone", "1", 0.3)))));
        JsonPath a = played(canaryFirst);
        JsonPath b = played(allAtOnce);

        assertThat(a.getString("result.summary.state")).isEqualTo("halted");
        assertThat(a.getInt("result.summary.total.failed")).isPositive();
        // Only m-3 devices fail: the m-1 among the offered succeed.
        assertThat(a.getInt("result.summary.total.failed")).isLessThan(a.getInt("result.summary.total.offered"));
        assertThat(a.getInt("result.summary.total.succeeded")).isPositive();
        JsonPath compared = as(VendorApi.MANAGER).queryParam("a", a.getString("id")).queryParam("b", b.getString("id"))
                .get("/api/v1/rehearsals/compare").then().statusCode(200).extract().jsonPath();
        assertThat(compared.getString("a.summary.plan")).isEqualTo("standard");
        assertThat(compared.getString("b.summary.plan")).isEqualTo("draft");
        assertThat(compared.getString("b.summary.state")).isEqualTo("halted");
        // The canary keeps the failure from the rest of the fleet; one ring for everyone offers it everywhere at once.
        assertThat(compared.getInt("a.summary.blastRadius.devices")).isZero();
        assertThat(compared.getInt("b.summary.total.offered")).isGreaterThan(compared.getInt("a.summary.total.offered"));
        assertThat(compared.getList("rings[0].a.transitions.cause", String.class)).contains("ring-opened", "halt");
        assertThat(compared.getString("rings[0].b.name")).isEqualTo("everyone");
        assertThat(compared.getString("rings[1].b")).isNull();
        as(VendorApi.MANAGER).get("/api/v1/rehearsals").then().statusCode(200)
                .body("id", hasItems(a.getString("id"), b.getString("id")));
        tenant.api().get("/api/v1/rehearsals/" + a.getString("id")).then().statusCode(403);
    }

    @Test
    void aReleaseFailingOnlyOnOneOsBuildIsQuarantinedUnderCohortKeysAndReachesFurtherWithout() {
        // One device in sixty reported the rare build at check-in; sixteen times over, 16 of 960 devices (1.7 %).
        for (int i = 0; i < devices.size(); i++) {
            devices.get(i).checkIn(Map.of("osBuild", i == 0 ? RARE_BUILD : "21.2"));
        }
        List<Map<String, Object>> rings = List.of(VendorApi.ring("canary", "0.1", 0.2), VendorApi.ring("early", "0.4", 0.2),
                VendorApi.ring("broad", "1", 0.2));
        List<Map<String, Object>> failing = List.of(Map.of("selector", "attributes",
                "attributes", Map.of("osBuild", RARE_BUILD), "behaviour", "fails", "probability", 1));
        JsonPath byBuild = played(submit(request(Map.of("seed", 5, "scale", 16, "rings", rings, "failures", failing,
                "cohorts", Map.of("keys", List.of("osBuild"), "minSample", 2, "onFailure", "quarantine")))));
        JsonPath whole = played(submit(request(Map.of("seed", 5, "scale", 16, "rings", rings, "failures", failing))));

        JsonPath a = result(byBuild);
        assertThat(a.getString("summary.state")).as(a.prettify()).isEqualTo("completed");
        assertThat(a.getList("summary.cohortKeys", String.class)).containsExactly("osBuild");
        assertThat(a.getList("summary.quarantines.cohort", String.class)).containsExactly("osBuild=" + RARE_BUILD);
        assertThat(a.getString("summary.quarantines[0].reason")).contains("failure rate lower bound").contains("control:");
        int spared = a.getInt("summary.quarantines[0].spared");
        assertThat(spared).isPositive();
        assertThat(a.getInt("summary.quarantines[0].offered") + spared).isEqualTo(16);
        assertThat(a.getInt("summary.total.failed")).isEqualTo(a.getInt("summary.quarantines[0].offered"));
        assertThat(a.getList("transitions.cause", String.class)).contains("cohort-quarantined").endsWith("complete");

        JsonPath b = result(whole);
        assertThat(b.getList("summary.quarantines")).isEmpty();
        assertThat(b.getList("summary.cohortKeys")).isEmpty();
        // Judged as a whole, the build's failures are not stopped after the first few: more of its devices fail, until
        // either every one of them has or the whole rollout halts (keeping the release from every other build too).
        // Which comes first depends on the buckets of this run's devices, whose ids are new each run.
        assertThat(b.getInt("summary.total.failed")).as(b.prettify()).isGreaterThan(a.getInt("summary.total.failed"));
        assertThat(b.getString("summary.state").equals("halted") || b.getInt("summary.total.failed") == 16)
                .as(b.prettify()).isTrue();

        JsonPath compared = as(VendorApi.MANAGER).queryParam("a", byBuild.getString("id"))
                .queryParam("b", whole.getString("id")).get("/api/v1/rehearsals/compare").then().statusCode(200)
                .extract().jsonPath();
        assertThat(compared.getList("a.summary.quarantines.cohort", String.class)).containsExactly("osBuild=" + RARE_BUILD);
        assertThat(compared.getList("b.summary.quarantines")).isEmpty();
        int quarantinedIn = a.getInt("summary.quarantines[0].ring");
        assertThat(compared.getList("rings[" + quarantinedIn + "].a.transitions.cause", String.class))
                .contains("cohort-quarantined");
        assertThat(compared.getList("rings[" + quarantinedIn + "].b.transitions.cause", String.class))
                .doesNotContain("cohort-quarantined");

        // Cohort settings belong to a draft plan; bad ones are refused by the plan editor's rules.
        as(VendorApi.MANAGER).body(request(Map.of("cohorts", Map.of("keys", List.of("osBuild")))))
                .post("/api/v1/rehearsals").then().statusCode(422).contentType(PROBLEM).body("errors.field", hasItem("cohorts"));
        as(VendorApi.MANAGER).body(request(Map.of("rings", rings, "cohorts", Map.of("keys", List.of("serial"), "minSample", 0))))
                .post("/api/v1/rehearsals").then().statusCode(422).contentType(PROBLEM)
                .body("errors.field", hasItems("cohorts.keys[0]", "cohorts.minSample"));
    }

    @Test
    void badRequestsAreRefusedWithProblemDetailsField() {
        as(VendorApi.MANAGER).body(request(Map.of("scale", 0, "horizon", "P365D",
                        "failures", List.of(Map.of("selector", "moon", "behaviour", "explodes"),
                                Map.of("selector", "time-zone", "timeZone", "Mars/Olympus", "behaviour", "fails"),
                                Map.of("selector", "attributes", "behaviour", "offline"),
                                Map.of("selector", "attributes", "attributes", Map.of("bad key!", "x"), "behaviour", "offline")))))
                .post("/api/v1/rehearsals").then().statusCode(422).contentType(PROBLEM)
                .body("errors.field", hasItems("scale", "horizon", "failures[0].selector", "failures[0].behaviour",
                        "failures[1].timeZone", "failures[1].probability", "failures[2].attributes",
                        "failures[3].attributes"));
        as(VendorApi.MANAGER).get("/api/v1/rehearsals/not-an-id").then().statusCode(404).contentType(PROBLEM);
        as(VendorApi.MANAGER).get("/api/v1/rehearsals/compare?a=" + java.util.UUID.randomUUID()).then().statusCode(422)
                .contentType(PROBLEM).body("errors.field", hasItem("b"));
        as(VendorApi.MANAGER).body(request(Map.of("plan", "standard", "rings", List.of(VendorApi.ring("x", "0.5", 0.2)))))
                .post("/api/v1/rehearsals").then().statusCode(422).contentType(PROBLEM)
                .body("errors.field", hasItems("plan", "rings[0].name", "rings[0].share"));
        // 60 devices a thousand times over is more than the configured limit.
        as(VendorApi.MANAGER).body(request(Map.of("scale", 1000))).post("/api/v1/rehearsals").then().statusCode(422)
                .contentType(PROBLEM).body("errors.field", hasItem("scale"));
        as(VendorApi.MANAGER).body(Map.of("product", "rehearse-no-such-product", "version", "2.0.0"))
                .post("/api/v1/rehearsals").then().statusCode(404).contentType(PROBLEM);
        as(VendorApi.MANAGER).body(request(Map.of("plan", "missing"))).post("/api/v1/rehearsals").then().statusCode(404)
                .contentType(PROBLEM);
        // Tenants never see the vendor's rehearsals, nor their own fleet through one.
        tenant.api().body(request(Map.of())).post("/api/v1/rehearsals").then().statusCode(403);
    }

    private static String submit(Map<String, Object> body) {
        return as(VendorApi.MANAGER).body(body).post("/api/v1/rehearsals").then().statusCode(202).extract().header("Location");
    }

    /** The run at {@code location} once the background worker has played every run asked for so far. */
    static JsonPath played(String location) {
        Arc.container().instance(RehearsalRuns.class).get().awaitPlayed(Duration.ofMinutes(2));
        JsonPath run = as(VendorApi.MANAGER).get(location).then().statusCode(200).extract().jsonPath();
        assertThat(run.getString("state")).isEqualTo("done");
        return run;
    }

    private static JsonPath result(JsonPath run) {
        return JsonPath.from(run.prettify()).setRootPath("result");
    }

    private Map<String, Object> request(Map<String, Object> more) {
        Map<String, Object> body = new HashMap<>(Map.of("product", product, "version", "2.0.0", "horizon", "P3D"));
        body.putAll(more);
        return body;
    }

    /**
     * What is real about the product, read through the API: its rollouts and releases, every device's stored windows,
     * and what each device is told at a check-in (a repeated offer of an open action is the same answer).
     */
    private String realState() {
        StringBuilder state = new StringBuilder();
        state.append(as(VendorApi.MANAGER).queryParam("product", product).get("/api/v1/rollouts").then().statusCode(200)
                .extract().jsonPath().getList("items", Map.class).stream().map(r -> r.get("id") + ":" + r.get("state")).toList());
        state.append(as(VendorApi.MANAGER).get("/api/v1/products/" + product + "/releases").then().statusCode(200)
                .extract().jsonPath().getList("items.version"));
        for (Agent device : devices) {
            state.append('\n').append(device.externalId()).append(' ')
                    .append(tenant.api().get("/api/v1/devices/" + device.id() + "/windows").then().statusCode(200)
                            .extract().body().asString());
            device.checkIn();
            state.append(' ').append(device.decision()).append(' ').append(device.offered());
        }
        return state.toString();
    }
}
