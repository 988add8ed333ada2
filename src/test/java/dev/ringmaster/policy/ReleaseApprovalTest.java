package dev.ringmaster.policy;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.ringmaster.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * Tenant approvals of releases, with real tokens. Each test builds its own product through the vendor API and
 * stores approval-mode policies only for that product, so the sample policies other classes read stay as they are.
 * The class sorts after PolicyResourceTest, which expects only the sample products.
 */
@QuarkusTest
class ReleaseApprovalTest {

    private static final String PROBLEM = "application/problem+json";

    /** Publishes 1.0.0 and 1.1.0, withdraws a published 0.9.0 and leaves 2.0.0 a draft. */
    private static void productWithReleases(String key, String... approvingAdmins) {
        as("rick.release").body(Map.of("key", key, "name", "Approvals " + key, "description", "approval test product"))
                .post("/api/v1/products").then().statusCode(201);
        for (String version : List.of("0.9.0", "1.0.0", "1.1.0", "2.0.0")) {
            as("rick.release").body(release(version)).post(releases(key)).then().statusCode(201);
        }
        for (String version : List.of("0.9.0", "1.0.0", "1.1.0")) {
            as("rick.release").post(releases(key) + "/" + version + "/publish").then().statusCode(200);
        }
        as("rick.release").post(releases(key) + "/0.9.0/withdraw").then().statusCode(200);
        for (String admin : approvingAdmins) {
            as(admin).body(Map.of("mode", "approval")).put("/api/v1/policies/" + key)
                    .then().statusCode(200).body("mode", equalTo("approval"));
        }
    }

    private static Map<String, Object> release(String version) {
        return new HashMap<>(Map.of("version", version, "kind", "normal", "artifacts", List.of(Map.of("name", "app.bin",
                "sizeBytes", 10, "sha256", "ab".repeat(32), "url", "https://cdn.example.com/app-" + version + ".bin"))));
    }

    private static String releases(String key) {
        return "/api/v1/products/" + key + "/releases";
    }

    private static String decide(String key, String version, String what) {
        return "/api/v1/approvals/" + key + "/" + version + "/" + what;
    }

    private static String entry(String key, String version) {
        return "find { it.product == '" + key + "' }.releases.find { it.version == '" + version + "' }";
    }

    @Test
    void aReleaseIsPendingUntilDecidedAndALaterDecisionReplacesTheEarlierOne() {
        String key = "approvals-test-decisions";
        productWithReleases(key, "globex-admin", "acme-admin");

        as("globex-viewer").get("/api/v1/approvals").then().statusCode(200)
                .body("find { it.product == '" + key + "' }.releases.version", contains("1.1.0", "1.0.0"))
                .body(entry(key, "1.1.0") + ".status", equalTo("pending"))
                .body(entry(key, "1.1.0") + ".decidedBy", nullValue())
                .body(entry(key, "1.1.0") + ".state", equalTo("published"))
                // The sample policy puts globex's agent in approval mode too; it is listed even with nothing to decide.
                .body("product", hasItem("agent"));

        as("globex-admin").body(Map.of("pilotOnly", true)).post(decide(key, "1.1.0", "approve"))
                .then().statusCode(200).body("status", equalTo("approved-for-pilots")).body("decidedBy", equalTo("globex-admin"));
        as("globex-admin").post(decide(key, "1.1.0", "approve"))
                .then().statusCode(200).body("status", equalTo("approved")).body("decidedAt", notNullValue());
        // The same decision again changes nothing and is not audited twice.
        as("globex-admin").body(Map.of("pilotOnly", false)).post(decide(key, "1.1.0", "approve"))
                .then().statusCode(200).body("status", equalTo("approved"));
        as("globex-admin").body(Map.of("reason", "Breaks the receipt printer's driver")).post(decide(key, "1.1.0", "decline"))
                .then().statusCode(200).body("status", equalTo("declined")).body("reason", equalTo("Breaks the receipt printer's driver"));

        as("globex-viewer").get("/api/v1/approvals").then().statusCode(200)
                .body(entry(key, "1.1.0") + ".status", equalTo("declined"))
                .body(entry(key, "1.1.0") + ".decidedBy", equalTo("globex-admin"))
                .body(entry(key, "1.0.0") + ".status", equalTo("pending"));
        // Each tenant has its own decision: globex's leaves acme's pending, and acme's stays out of globex's view.
        as("acme-viewer").get("/api/v1/approvals").then().statusCode(200)
                .body(entry(key, "1.1.0") + ".status", equalTo("pending"))
                .body(entry(key, "1.1.0") + ".reason", nullValue());
        as("acme-admin").post(decide(key, "1.0.0", "approve")).then().statusCode(200).body("status", equalTo("approved"));
        as("globex-viewer").get("/api/v1/approvals").then().body(entry(key, "1.0.0") + ".status", equalTo("pending"));

        String releaseAudit = "findAll { it.targetType == 'release' && it.after?.product == '" + key + "' }";
        as("globex-admin").queryParam("limit", 50).get("/api/v1/audit").then().statusCode(200)
                .body(releaseAudit + ".action", contains("release.decline", "release.approve", "release.approve-pilots"))
                .body(releaseAudit + ".tenant", everyItem(equalTo("globex")))
                .body(releaseAudit + ".before.status", contains("approved", "approved-for-pilots", "pending"))
                .body(releaseAudit + ".after.status", contains("declined", "approved", "approved-for-pilots"))
                .body(releaseAudit + "[0].after.reason", equalTo("Breaks the receipt printer's driver"))
                .body(releaseAudit + "[0].actor", equalTo("globex-admin"));
        as("acme-admin").queryParam("limit", 50).get("/api/v1/audit").then().statusCode(200)
                .body(releaseAudit + ".action", contains("release.approve"))
                .body(releaseAudit + ".after.version", contains("1.0.0"));
    }

    @Test
    void adminsAndOperatorsDecideViewersAndVendorsCannot() {
        String key = "approvals-test-roles";
        productWithReleases(key, "globex-admin", "acme-admin");

        as("globex-viewer").post(decide(key, "1.0.0", "approve")).then().statusCode(403).contentType(PROBLEM);
        as("globex-viewer").post(decide(key, "1.0.0", "decline")).then().statusCode(403);
        as("acme-operator").body(Map.of("pilotOnly", true)).post(decide(key, "1.1.0", "approve"))
                .then().statusCode(200).body("status", equalTo("approved-for-pilots")).body("decidedBy", equalTo("acme-operator"));
        as("acme-operator").body(Map.of("reason", "Wait for the next one")).post(decide(key, "1.0.0", "decline"))
                .then().statusCode(200).body("status", equalTo("declined")).body("decidedBy", equalTo("acme-operator"));
        as("acme-operator").get("/api/v1/approvals").then().statusCode(200).body(entry(key, "1.0.0") + ".status", equalTo("declined"));
        // Vendor staff have no tenant to decide for.
        as("rick.release").post(decide(key, "1.0.0", "approve")).then().statusCode(403);
        as("vera.vendor").get("/api/v1/approvals").then().statusCode(403);
        given().contentType("application/json").post(decide(key, "1.0.0", "approve")).then().statusCode(401);
        as("globex-viewer").get("/api/v1/approvals").then().body(entry(key, "1.0.0") + ".status", equalTo("pending"));
    }

    @Test
    void onlyVisibleReleasesInApprovalModeCanBeDecided() {
        String key = "approvals-test-refusals";
        productWithReleases(key, "globex-admin");

        as("globex-admin").post(decide(key, "2.0.0", "approve")).then().statusCode(404).contentType(PROBLEM);
        as("globex-admin").post(decide(key, "0.9.0", "approve")).then().statusCode(404);
        as("globex-admin").post(decide(key, "0.9.0", "decline")).then().statusCode(404);
        as("globex-admin").post(decide(key, "3.0.0", "approve")).then().statusCode(404);
        as("globex-admin").post(decide("approvals-test-nothing", "1.0.0", "approve")).then().statusCode(404);
        as("globex-admin").post(decide("a", "1.0.0", "approve")).then().statusCode(422).contentType(PROBLEM);
        as("globex-viewer").get("/api/v1/approvals").then()
                .body("find { it.product == '" + key + "' }.releases.version", not(hasItem("2.0.0")))
                .body("find { it.product == '" + key + "' }.releases.version", not(hasItem("0.9.0")));

        // acme follows this product on the safe default, automatic: nothing to approve there.
        as("acme-admin").post(decide(key, "1.0.0", "approve")).then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("automatic mode"))
                .body("detail", containsString("approval mode"));
        as("acme-admin").post(decide(key, "1.0.0", "decline")).then().statusCode(409);
        as("acme-viewer").get("/api/v1/approvals").then().statusCode(200)
                .body("product", not(hasItem(key)));

        as("globex-admin").body(Map.of("reason", "<script>")).post(decide(key, "1.0.0", "decline"))
                .then().statusCode(422).contentType(PROBLEM).body("errors.field", hasItem(containsString("reason")));
        as("globex-admin").body(Map.of("reason", "x".repeat(501))).post(decide(key, "1.0.0", "decline")).then().statusCode(422);
        as("globex-viewer").get("/api/v1/approvals").then().body(entry(key, "1.0.0") + ".status", equalTo("pending"));
    }
}
