package dev.ringmaster.policy;

import dev.ringmaster.tenancy.BackgroundScope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.ringmaster.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The tenant policy API. Changes go to initech's and globex's {@code content} policies and acme's pause
 * switch, and every test puts back what it changed, since other test classes read the sample policies.
 */
@QuarkusTest
class PolicyResourceTest {

    private static final List<String> VIEW_ONLY = List.of("product", "default", "version", "updatedBy", "updatedAt");

    @Inject
    EntityManager em;

    @Test
    void everyProductIsListedWithTheTenantsStoredPolicy() {
        as("initech-viewer").get("/api/v1/policies")
                .then().statusCode(200)
                .body("product", hasItems("agent", "content"))
                .body("find { it.product == 'agent' }.default", equalTo(false))
                .body("find { it.product == 'content' }.default", equalTo(false))
                .body("find { it.product == 'agent' }.mode", equalTo("pinned"))
                .body("find { it.product == 'agent' }.pinnedVersion", equalTo("4.0.9"));
        as("initech-viewer").get("/api/v1/policies/content")
                .then().statusCode(200)
                .header("ETag", notNullValue())
                .body("mode", equalTo("n-2"))
                .body("deferral", equalTo("PT12H"))
                .body("pilot.groups", equalTo(List.of("it-test")))
                .body("pilot.gate.soak", equalTo("PT6H"))
                .body("maintenanceWindows[0].timeZone", equalTo("Europe/London"))
                .body("maxConcurrent", equalTo(0.5f));
        as("initech-viewer").get("/api/v1/policies/firmware").then().statusCode(404).contentType("application/problem+json");
        // Not a product key at all (one letter): refused as such, like everywhere else a product key is taken.
        as("initech-admin").post("/api/v1/policies/f/pause").then().statusCode(422).contentType("application/problem+json");
    }

    @Test
    void anAdminReplacesAPolicyAndReadsItBack() {
        ExtractableResponse<Response> original = read("initech-admin", "content");
        Map<String, Object> changed = Map.of(
                "mode", "automatic",
                "deferral", "PT36H",
                "pilot", Map.of("groups", List.of("it-test"), "deferral", "PT2H",
                        "gate", Map.of("minSucceeded", 1, "maxFailureRate", 0.1, "soak", "PT12H")),
                "maintenanceWindows", List.of(
                        Map.of("days", List.of("SATURDAY", "SUNDAY"), "start", "23:30", "duration", "PT5H", "timeZone", "Europe/Dublin"),
                        Map.of("days", List.of("WEDNESDAY"), "start", "02:00", "duration", "PT2H")),
                "freezes", List.of(Map.of("from", "2026-12-20T00:00:00Z", "to", "2027-01-02T00:00:00Z", "timeZone", "Europe/Berlin",
                        "reason", "Winter pressures")),
                "maxConcurrent", 0.3,
                "product", "agent");

        String etag = as("initech-admin").header("If-Match", original.header("ETag")).body(changed)
                .put("/api/v1/policies/content")
                .then().statusCode(200)
                .body("product", equalTo("content"))
                .body("default", equalTo(false))
                .extract().header("ETag");
        assertThat(etag).isNotEqualTo(original.header("ETag"));

        as("initech-viewer").get("/api/v1/policies/content")
                .then().statusCode(200)
                .header("ETag", etag)
                .body("mode", equalTo("automatic"))
                .body("deferral", equalTo("PT36H"))
                .body("pilot.deferral", equalTo("PT2H"))
                .body("pilot.gate.maxFailureRate", equalTo(0.1f))
                .body("maintenanceWindows", hasSize(2))
                .body("maintenanceWindows[0].days", equalTo(List.of("SATURDAY", "SUNDAY")))
                .body("maintenanceWindows[0].duration", equalTo("PT5H"))
                .body("freezes[0].reason", equalTo("Winter pressures"))
                // Stored with its zone and read back in it, not as a bare offset.
                .body("freezes[0].timeZone", equalTo("Europe/Berlin"))
                .body("freezes[0].from", equalTo("2026-12-20T01:00:00+01:00"))
                .body("maxConcurrent", equalTo(0.3f))
                .body("updatedBy", equalTo("initech-admin"));
        // The path names the product; a product in the body changes nothing else.
        as("initech-viewer").get("/api/v1/policies/agent").then().body("mode", equalTo("pinned"));

        as("initech-admin").queryParam("limit", 20).get("/api/v1/audit")
                .then().statusCode(200)
                .body("find { it.action == 'policy.update' }.targetType", equalTo("policy"))
                .body("find { it.action == 'policy.update' }.before.product", equalTo("content"))
                .body("find { it.action == 'policy.update' }.before.mode", equalTo("n-2"))
                .body("find { it.action == 'policy.update' }.before.deferral", equalTo("PT12H"))
                .body("find { it.action == 'policy.update' }.after.mode", equalTo("automatic"))
                .body("find { it.action == 'policy.update' }.after.pilot.groups", equalTo(List.of("it-test")));

        restore("initech-admin", "content", original);
        assertThat(document(read("initech-viewer", "content"))).isEqualTo(document(original));
    }

    @Test
    void invalidPoliciesAreRefusedWithEveryFieldNamedAndNothingChanges() {
        ExtractableResponse<Response> before = read("initech-admin", "content");
        Map<String, Object> invalid = new HashMap<>(document(before));
        invalid.put("maintenanceWindows", List.of(
                Map.of("days", List.of("MONDAY"), "start", "02:00", "duration", "PT0S"),
                Map.of("days", List.of("MONDAY"), "start", "02:00", "duration", "P8D"),
                Map.of("days", List.of("MONDAY"), "start", "02:00", "duration", "PT1H", "timeZone", "Mars/Olympus_Mons"),
                Map.of("days", List.of(), "start", "02:00", "duration", "PT1H")));
        invalid.put("maxConcurrent", 1.5);
        invalid.put("pilot", Map.of("groups", List.of("ghosts", "kiosks")));
        invalid.put("freezes", List.of(Map.of("from", "2027-01-02T00:00:00Z", "to", "2026-12-20T00:00:00Z"),
                Map.of("from", "2026-12-20T00:00:00Z", "to", "2027-01-02T00:00:00Z", "timeZone", "+01:00"),
                Map.of("from", "2026-12-20T00:00:00Z", "to", "2027-01-02T00:00:00Z", "timeZone", "Mars/Olympus_Mons")));

        as("initech-admin").body(invalid).put("/api/v1/policies/content")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder(
                        "maintenanceWindows[0].duration", "maintenanceWindows[1].duration", "maintenanceWindows[2].timeZone",
                        "maintenanceWindows[3].days", "maxConcurrent", "pilot.groups", "pilot.groups", "freezes[0]",
                        "freezes[1].timeZone", "freezes[2].timeZone"))
                .body("errors.message", hasItem("unknown group ghosts"))
                .body("errors.message", hasItem("group kiosks is not marked pilot"));

        Map<String, Object> pinned = new HashMap<>(document(before));
        pinned.put("mode", "pinned");
        pinned.remove("pinnedVersion");
        as("initech-admin").body(pinned).put("/api/v1/policies/content")
                .then().statusCode(422).body("errors.field", equalTo(List.of("pinnedVersion")));

        Map<String, Object> unknownMode = new HashMap<>(document(before));
        unknownMode.put("mode", "whenever");
        as("initech-admin").body(unknownMode).put("/api/v1/policies/content")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("mode"))
                .body("errors[0].message", equalTo("must be one of [automatic, approval, n-1, n-2, pinned]"));

        assertThat(read("initech-viewer", "content").asString()).isEqualTo(before.asString());
    }

    @Test
    void aStaleIfMatchIsRefusedAndChangesNothing() {
        ExtractableResponse<Response> original = read("initech-admin", "content");
        Map<String, Object> longer = new HashMap<>(document(original));
        longer.put("deferral", "PT13H");
        String newer = as("initech-admin").header("If-Match", original.header("ETag")).body(longer)
                .put("/api/v1/policies/content").then().statusCode(200).extract().header("ETag");
        ExtractableResponse<Response> current = read("initech-admin", "content");

        as("initech-admin").header("If-Match", original.header("ETag")).body(document(original))
                .put("/api/v1/policies/content")
                .then().statusCode(412).contentType("application/problem+json")
                .body("status", equalTo(412));

        assertThat(read("initech-viewer", "content").asString()).isEqualTo(current.asString());
        restore("initech-admin", "content", original);
        assertThat(newer).isNotEqualTo(original.header("ETag"));
    }

    @Test
    void onlyAdminsReplaceOperatorsPauseViewersAndVendorsChangeNothing() {
        ExtractableResponse<Response> before = read("acme-admin", "content");
        Map<String, Object> document = document(before);

        as("acme-viewer").body(document).put("/api/v1/policies/content").then().statusCode(403);
        as("acme-operator").body(document).put("/api/v1/policies/content").then().statusCode(403);
        as("acme-viewer").post("/api/v1/policies/content/pause").then().statusCode(403);
        as("acme-viewer").post("/api/v1/policies/pause-all").then().statusCode(403);
        for (String vendor : List.of("rick.release", "vera.vendor", "val.viewer")) {
            as(vendor).get("/api/v1/policies").then().statusCode(403);
            as(vendor).get("/api/v1/policies/content").then().statusCode(403);
            as(vendor).body(document).put("/api/v1/policies/content").then().statusCode(403);
            as(vendor).post("/api/v1/policies/pause-all").then().statusCode(403);
        }
        given().get("/api/v1/policies").then().statusCode(401);
        assertThat(read("acme-admin", "content").asString()).isEqualTo(before.asString());

        as("acme-operator").post("/api/v1/policies/content/pause")
                .then().statusCode(200).body("paused", equalTo(true)).body("updatedBy", equalTo("acme-operator"));
        as("acme-viewer").get("/api/v1/policies/content").then().body("paused", equalTo(true));
        as("acme-operator").post("/api/v1/policies/content/pause").then().statusCode(200).body("paused", equalTo(true));
        as("acme-operator").post("/api/v1/policies/content/resume").then().statusCode(200).body("paused", equalTo(false));
        as("acme-viewer").get("/api/v1/policies/agent").then().body("paused", equalTo(false));

        String policyId = policyId("acme", "content");
        as("acme-admin").queryParam("limit", 50).get("/api/v1/audit")
                .then().statusCode(200)
                .body("findAll { it.targetId == '" + policyId + "' }.action", hasItems("policy.pause", "policy.resume"))
                .body("find { it.targetId == '" + policyId + "' && it.action == 'policy.pause' }.before.paused", equalTo(false))
                .body("find { it.targetId == '" + policyId + "' && it.action == 'policy.pause' }.after.paused", equalTo(true))
                .body("find { it.targetId == '" + policyId + "' && it.action == 'policy.resume' }.after.paused", equalTo(false));
    }

    @Test
    void pauseAllStopsEveryProductAndResumeAllStartsThemAgain() {
        as("acme-operator").post("/api/v1/policies/pause-all")
                .then().statusCode(200)
                .body("product", hasItems("agent", "content"))
                .body("paused", everyItem(equalTo(true)));
        as("acme-viewer").get("/api/v1/policies").then().body("paused", everyItem(equalTo(true)));
        as("initech-viewer").get("/api/v1/policies").then().body("paused", everyItem(equalTo(false)));

        as("acme-operator").post("/api/v1/policies/resume-all")
                .then().statusCode(200).body("paused", everyItem(equalTo(false)));
        as("acme-viewer").get("/api/v1/policies").then().body("paused", everyItem(equalTo(false)));
        // Every product of the tenant is paused and resumed, one entry each: the page holds them all.
        as("acme-admin").queryParam("limit", 1000).get("/api/v1/audit")
                .then().body("findAll { it.action == 'policy.resume' }.after.product", hasItem("agent"))
                .body("findAll { it.action == 'policy.pause' }.after.product", hasItem("content"));
    }

    @Test
    void anotherTenantsAdminChangesOnlyItsOwnRow() {
        String acmeRows = rows("acme");
        String acmeView = as("acme-admin").get("/api/v1/policies").then().statusCode(200).extract().asString();
        ExtractableResponse<Response> globexOriginal = read("globex-admin", "content");
        Map<String, Object> changed = new HashMap<>(document(globexOriginal));
        changed.put("deferral", "PT5H");

        as("globex-admin").get("/api/v1/policies")
                .then().statusCode(200).body("find { it.product == 'agent' }.pilot.groups", equalTo(List.of("store-0042")));
        // acme's pilot group name means nothing in globex: it is simply unknown there.
        Map<String, Object> foreignGroup = new HashMap<>(changed);
        foreignGroup.put("pilot", Map.of("groups", List.of("it-lab")));
        as("globex-admin").body(foreignGroup).put("/api/v1/policies/content")
                .then().statusCode(422).body("errors[0].message", equalTo("unknown group it-lab"));
        as("globex-admin").body(changed).put("/api/v1/policies/content")
                .then().statusCode(200).body("deferral", equalTo("PT5H"));
        as("globex-admin").post("/api/v1/policies/pause-all").then().statusCode(200);
        as("globex-admin").post("/api/v1/policies/resume-all").then().statusCode(200);

        assertThat(rows("acme")).isEqualTo(acmeRows);
        assertThat(as("acme-admin").get("/api/v1/policies").then().extract().asString()).isEqualTo(acmeView);
        as("globex-admin").get("/api/v1/policies/content").then().body("deferral", equalTo("PT5H"));
        restore("globex-admin", "content", globexOriginal);
    }

    private static ExtractableResponse<Response> read(String user, String product) {
        return as(user).get("/api/v1/policies/" + product).then().statusCode(200).extract();
    }

    /** A read policy as a PUT body: the view without what only the server decides. */
    private static Map<String, Object> document(ExtractableResponse<Response> view) {
        Map<String, Object> document = new HashMap<>(view.jsonPath().getMap(""));
        VIEW_ONLY.forEach(document::remove);
        return document;
    }

    private static void restore(String admin, String product, ExtractableResponse<Response> original) {
        as(admin).body(document(original)).put("/api/v1/policies/" + product).then().statusCode(200);
    }

    /** Every stored byte of a tenant's policies and pilot groups, read past row-level security. */
    private String rows(String tenant) {
        return BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().call(() -> String.valueOf(em.createNativeQuery("""
                SELECT coalesce(string_agg(row_to_json(p)::text || coalesce((SELECT string_agg(g.group_id::text, ',' ORDER BY g.group_id)
                    FROM policy_pilot_groups g WHERE g.policy_id = p.id), ''), '|' ORDER BY p.id), '')
                FROM update_policies p WHERE p.tenant_id = ?1""").setParameter(1, tenant).getSingleResult())));
    }

    private String policyId(String tenant, String product) {
        return BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().call(() -> String.valueOf(em.createNativeQuery("""
                SELECT p.id FROM update_policies p JOIN products pr ON pr.id = p.product_id
                WHERE p.tenant_id = ?1 AND pr.key = ?2""").setParameter(1, tenant).setParameter(2, product).getSingleResult())));
    }
}
