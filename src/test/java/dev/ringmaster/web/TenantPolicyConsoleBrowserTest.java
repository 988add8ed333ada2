package dev.ringmaster.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.RolloutStage;
import dev.ringmaster.support.TestTenant;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant admin's policy and group work in a real browser, signed in through Keycloak: a freeze set in a named
 * IANA zone that reads back in it; the tenant's policies exported as a file and imported again after a dry run
 * that shows the difference and its preview; a dynamic group defined by an attribute filter, whose members cannot
 * be picked by hand. A viewer may export but not import; a second tenant sees none of it.
 */
@QuarkusTest
class TenantPolicyConsoleBrowserTest extends BrowserTest {

    static RolloutStage stage;
    static TestTenant other;

    @BeforeEach
    void stage() {
        if (stage != null) {
            return;
        }
        stage = RolloutStage.open("console-policy", 1);
        String key = Api.enrollmentKey(stage.tenant().admin(), 3);
        Agent.enroll(key, "board-a", null, stage.product(), "1.0.0", Map.of("model", "rm-200", "osBuild", "22631"));
        Agent.enroll(key, "board-b", null, stage.product(), "1.0.0", Map.of("model", "rm-300", "osBuild", "22631"));
        Agent.enroll(key, "board-c", null, stage.product(), "1.0.0", Map.of("model", "rm-200", "osBuild", "19045"));
        other = TestTenant.create("console-policy-other");
        other.followsRolloutsAtOnce(stage.product());
    }

    @Test
    void aFreezeIsSetInANamedZoneAndReadsBackInIt() {
        String product = stage.product();
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, stage.tenant().admin(), "/console/policies/" + product);
            var row = page.locator(".freeze-row").last();
            row.getByLabel("From").fill("2026-12-24T00:00");
            row.getByLabel("To").fill("2026-12-27T00:00");
            row.getByLabel("Time zone").fill("Mars/Olympus");
            row.getByLabel("Reason").fill("holidays");
            page.getByText("Save policy").click();
            assertThat(page.getByRole(AriaRole.ALERT)).containsText("an IANA time zone such as Europe/Berlin");
            assertThat(freezes(stage.tenant(), product)).isEmpty();

            // The refused form comes back as it was sent: the freeze is its first row now.
            row = page.locator(".freeze-row").first();
            assertThat(row.getByLabel("Reason")).hasValue("holidays");
            row.getByLabel("Time zone").fill("Europe/Berlin");
            page.getByText("Save policy").click();
            var saved = page.locator(".freeze-row").first();
            assertThat(saved.getByLabel("Time zone")).hasValue("Europe/Berlin");
            assertThat(saved.getByLabel("From")).hasValue("2026-12-24T00:00");
            Browser.screenshots(page, "tenant-policy-freeze-zone");
        }
        List<Map<String, Object>> freezes = freezes(stage.tenant(), product);
        assertThat(freezes).hasSize(1);
        assertThat(freezes.getFirst()).containsEntry("timeZone", "Europe/Berlin")
                .containsEntry("from", "2026-12-24T00:00:00+01:00").containsEntry("to", "2026-12-27T00:00:00+01:00");
    }

    @Test
    void policiesAreExportedAndImportedAfterADryRunShowingTheDifference() throws Exception {
        String product = stage.product();
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, stage.tenant().admin(), "/console/policies");
            page.getByText("Policy as code: export, import with a dry run").click();
            assertThat(page.locator("h1")).hasText("Policy as code");
            Download download = page.waitForDownload(() -> page.locator("#export-json").click());
            assertThat(download.suggestedFilename()).isEqualTo("ringmaster-" + stage.tenant().id() + ".json");
            String exported = Files.readString(download.path());
            assertThat(exported).contains(product);

            ObjectMapper json = new ObjectMapper();
            ObjectNode document = (ObjectNode) json.readTree(exported);
            ((ObjectNode) findPolicy(document, product)).put("deferral", "PT30H");
            ((ArrayNode) document.withArray("groups")).addObject().put("name", "from-code").put("pilot", false)
                    .putArray("devices").add("board-a");
            String changed = json.writerWithDefaultPrettyPrinter().writeValueAsString(document);

            page.getByLabel("Tenant document").fill("{ not a document");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Check (dry run)")).click();
            assertThat(page.locator("#code-errors")).containsText("nothing was changed");

            page.getByLabel("Tenant document").fill(changed);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Check (dry run)")).click();
            assertThat(page.locator("#code-result")).containsText("Dry run: nothing was changed yet.");
            assertThat(page.locator("#code-diff")).containsText("Group from-code added");
            assertThat(page.locator("#code-diff")).containsText("Policy of " + product + " changed");
            assertThat(page.locator("#code-preview")).containsText(product);
            Browser.screenshots(page, "tenant-policy-code-dry-run");
            assertThat(deferral(stage.tenant(), product)).isNotEqualTo("PT30H");

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply")).click();
            assertThat(page.locator("#code-result")).containsText("Applied.");
        }
        assertThat(deferral(stage.tenant(), product)).isEqualTo("PT30H");
        List<String> groups = stage.tenant().api().get("/api/v1/groups").then().statusCode(200).extract().path("name");
        assertThat(groups).contains("from-code");
        List<String> actions = stage.tenant().api().get("/api/v1/audit").then().statusCode(200).extract().path("action");
        assertThat(actions).contains("policy.import");

        // A viewer downloads but has no import form, and a forged import is refused.
        String viewer = stage.tenant().user("tenant-viewer");
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, viewer, "/console/policy-code");
            assertThat(page.locator("#export-yaml")).isVisible();
            assertThat(page.locator("textarea")).hasCount(0);
            APIResponse forged = page.request().post("/console/policy-code", RequestOptions.create()
                    .setForm(FormData.create().set("csrf-token", ConsoleCsrfTest.csrfToken(context)).set("document", "{}").set("run", "apply")));
            assertThat(forged.status()).isEqualTo(403);
        }
        // The other tenant's export holds none of this tenant's groups or devices.
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, other.admin(), "/console/policy-code");
            APIResponse theirs = page.request().get("/console/policy-code/export?format=json");
            assertThat(theirs.status()).isEqualTo(200);
            assertThat(theirs.text()).contains(other.id()).doesNotContain("from-code").doesNotContain("board-a")
                    .doesNotContain(stage.tenant().id());
        }
    }

    @Test
    void aDynamicGroupIsDefinedByAFilterAndRefusesHandPickedMembers() {
        String groupId;
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, stage.tenant().admin(), "/console/groups");
            page.getByLabel("Name").fill("rm-200 boards");
            page.getByLabel("Attribute filter").fill("model=rm, osBuild");
            page.getByText("Create group").click();
            assertThat(page.locator("main")).containsText("key=value");
            assertThat(page.getByRole(AriaRole.ALERT)).containsText("key=value");

            page.getByLabel("Name").fill("rm-200 boards");
            page.getByLabel("Attribute filter").fill("model=rm-200");
            page.getByText("Create group").click();
            assertThat(page.locator("h1")).hasText("Group rm-200 boards");
            assertThat(page.locator("#group-filter")).containsText("model=rm-200");
            assertThat(page.locator("#members")).hasText("Members (2)");
            groupId = page.url().substring(page.url().lastIndexOf('/') + 1);

            // Picking a member by hand is the service's 409, shown on the page.
            page.getByLabel("Device id or name contains").fill("board-b");
            page.getByText("Find", new Page.GetByTextOptions().setExact(true)).click();
            page.getByLabel("Add board-b").check();
            page.getByText("Add ticked devices").click();
            assertThat(page.getByRole(AriaRole.ALERT)).containsText("is dynamic");
            assertThat(page.locator("#members")).hasText("Members (2)");
            Browser.screenshots(page, "tenant-group-dynamic");

            page.navigate("/console/groups");
            assertThat(page.locator("tr", new Page.LocatorOptions().setHasText("rm-200 boards"))).containsText("dynamic: model=rm-200");
            Browser.screenshots(page, "tenant-groups-dynamic-list");
        }
        List<String> members = stage.tenant().api().get("/api/v1/groups/" + groupId).then().statusCode(200).extract().path("deviceIds");
        assertThat(members).hasSize(2);

        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, other.admin(), "/console/groups");
            assertThat(page.locator("main")).not().containsText("rm-200 boards");
            assertThat(page.request().get("/console/groups/" + groupId).status()).isEqualTo(404);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode findPolicy(ObjectNode document, String product) {
        for (var policy : document.withArray("policies")) {
            if (product.equals(policy.path("product").asText())) {
                return policy;
            }
        }
        throw new AssertionError("no policy of " + product + " in the export");
    }

    private static List<Map<String, Object>> freezes(TestTenant tenant, String product) {
        return tenant.api().get("/api/v1/policies/" + product).then().statusCode(200).extract().path("freezes");
    }

    private static String deferral(TestTenant tenant, String product) {
        return tenant.api().get("/api/v1/policies/" + product).then().statusCode(200).extract().path("deferral");
    }
}
