package dev.ringmaster.web;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.ringmaster.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant console in a real browser (Debian's Chromium), signed in through Keycloak's real login page
 * against the running test instance. Changes go to globex's agent policy, which later tests do not read.
 */
@QuarkusTest
class TenantConsoleBrowserTest extends BrowserTest {

    @Test
    void adminSignsInThroughKeycloakAndLandsOnTheFleet() {
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, "acme-admin", "/console");
            assertThat(page).hasURL(Browser.baseUrl() + "/console/fleet");
            assertThat(page.locator("h1")).hasText("Fleet");
            assertThat(page.locator("header .tenant")).hasText("acme");
            assertThat(page.locator("svg.chart").first()).isVisible();
            Browser.screenshots(page, "tenant-fleet");

            page.locator("table a").first().click();
            assertThat(page.locator("h1")).containsText("Device acme-");
            assertThat(page.locator("#explain")).isVisible();
            Browser.screenshots(page, "tenant-device");

            for (String[] screen : new String[][]{{"/console/groups", "tenant-groups"}, {"/console/keys", "tenant-keys"},
                    {"/console/policies", "tenant-policies"}, {"/console/approvals", "tenant-approvals"}, {"/console/audit", "tenant-audit"}}) {
                page.navigate(screen[0]);
                assertThat(page.locator("h1")).isVisible();
                Browser.screenshots(page, screen[1]);
            }

            page.locator("a.logout").click();
            // Keycloak ends the session and sends the browser back to the public front page.
            page.waitForURL(url -> url.startsWith(Browser.baseUrl() + "/") && !url.contains("/console"));
            assertThat(page.locator("h1")).hasText("Ringmaster");
            page.navigate("/console/fleet");
            assertThat(page.locator("#username")).isVisible();
        }
    }

    @Test
    void adminEditsAMaintenanceWindowAndSavesIt() {
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, "globex-admin", "/console/policies/agent");
            assertThat(page.locator("h1")).hasText("Update policy: agent");
            int existing = page.locator(".window-row").count() - 1;
            String row = "window." + existing + ".";
            page.locator("input[name='" + row + "days'][value='TUESDAY']").check();
            page.locator("input[name='" + row + "days'][value='THURSDAY']").check();
            page.locator("input[name='" + row + "start']").fill("03:30");
            page.locator("input[name='" + row + "hours']").fill("2.5");
            page.locator("input[name='" + row + "zone']").fill("Europe/Berlin");
            page.locator("input[name='" + row + "zone']").dispatchEvent("change");
            // The preview panel answers the change through htmx (its content is asserted once the preview is wired).
            assertThat(page.locator("#preview")).isVisible();
            Browser.screenshots(page, "tenant-policy-editor");

            page.getByText("Save policy").click();
            assertThat(page.locator(".notice")).hasText("Policy saved.");
            assertThat(page.locator("input[name='" + row + "zone']")).hasValue("Europe/Berlin");
            assertThat(page.locator("input[name='" + row + "start']")).hasValue("03:30");
        }
        List<Map<String, Object>> windows = Api.as("globex-admin").get("/api/v1/policies/agent")
                .then().statusCode(200).extract().path("maintenanceWindows");
        assertThat(windows).anySatisfy(window -> {
            assertThat(window).containsEntry("start", "03:30:00").containsEntry("duration", "PT2H30M")
                    .containsEntry("timeZone", "Europe/Berlin");
            assertThat(window.get("days")).isEqualTo(List.of("TUESDAY", "THURSDAY"));
        });
    }

    @Test
    void aBadWindowIsRefusedWithItsFieldNamedAndNothingSaved() {
        String before = Api.as("globex-admin").get("/api/v1/policies/agent").then().statusCode(200).extract().asString();
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, "globex-admin", "/console/policies/agent");
            int existing = page.locator(".window-row").count() - 1;
            String row = "window." + existing + ".";
            page.locator("input[name='" + row + "days'][value='MONDAY']").check();
            page.locator("input[name='" + row + "start']").fill("01:00");
            page.locator("input[name='" + row + "hours']").fill("1");
            page.locator("input[name='" + row + "zone']").fill("Mars/Olympus");
            page.getByText("Save policy").click();
            assertThat(page.locator(".error")).containsText("timeZone");
        }
        assertThat(Api.as("globex-admin").get("/api/v1/policies/agent").then().statusCode(200).extract().asString()).isEqualTo(before);
    }

    @Test
    void aViewerSeesNoEditControlsAndItsForgedPostsAreRefused() {
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, "globex-viewer", "/console/policies/agent");
            assertThat(page.locator("h1")).hasText("Update policy: agent");
            assertThat(page.getByText("Save policy")).hasCount(0);
            assertThat(page.locator("fieldset[disabled]").first()).isVisible();
            page.navigate("/console/policies");
            assertThat(page.getByText("Pause all updates").and(page.locator("button"))).hasCount(0);
            page.navigate("/console/groups");
            assertThat(page.locator("form[action='/console/groups']")).hasCount(0);
            page.navigate("/console/keys");
            assertThat(page.locator("form[action='/console/keys']")).hasCount(0);
            Browser.screenshots(page, "tenant-keys-viewer");

            // With a valid CSRF token from its own session, the viewer's POSTs still fail on its role.
            String csrf = context.cookies().stream().filter(cookie -> cookie.name.equals("csrf-token")).map(cookie -> cookie.value)
                    .findFirst().orElseThrow();
            APIResponse save = page.request().post("/console/policies/agent",
                    RequestOptions.create().setHeader("Origin", Browser.baseUrl()).setForm(FormData.create().set("csrf-token", csrf).set("mode", "automatic")));
            assertThat(save.status()).isEqualTo(403);
            APIResponse pause = page.request().post("/console/policies/pause-all",
                    RequestOptions.create().setHeader("Origin", Browser.baseUrl()).setForm(FormData.create().set("csrf-token", csrf)));
            assertThat(pause.status()).isEqualTo(403);
            APIResponse key = page.request().post("/console/keys",
                    RequestOptions.create().setHeader("Origin", Browser.baseUrl()).setForm(FormData.create().set("csrf-token", csrf).set("name", "x").set("validDays", "1").set("maxUses", "1")));
            assertThat(key.status()).isEqualTo(403);
        }
        assertThat(Api.as("globex-viewer").get("/api/v1/policies").then().statusCode(200).extract().<List<Boolean>>path("paused"))
                .doesNotContain(true);
    }

    @Test
    void aFormPostWithoutTheCsrfTokenIsRefused() {
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, "globex-admin", "/console/keys");
            APIResponse forged = page.request().post("/console/keys",
                    RequestOptions.create().setHeader("Origin", Browser.baseUrl()).setForm(FormData.create().set("name", "forged").set("validDays", "1").set("maxUses", "1")));
            assertThat(forged.status()).isEqualTo(400);
            page.reload();
            assertThat(page.getByText("forged")).hasCount(0);
        }
    }

    @Test
    void anAdminCreatesAnEnrollmentKeyAndSeesItsSecretOnce() {
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, "globex-admin", "/console/keys");
            page.locator("input[name='name']").fill("console test key");
            page.getByText("Create key").click();
            String secret = page.locator("#new-secret").textContent().strip();
            assertThat(secret).isNotBlank();
            page.navigate("/console/keys");
            assertThat(page.getByText("console test key").first()).isVisible();
            assertThat(page.content()).doesNotContain(secret);
        }
    }

    @Test
    void oneTenantsAdminNeverSeesAnotherTenantsDevicesOrGroups() {
        String globexDevice = Api.deviceId("globex-admin", "globex-store-0042-pos-1");
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, "acme-admin", "/console/fleet?q=globex");
            assertThat(page.locator("tbody")).containsText("No devices match.");
            page.navigate("/console/fleet");
            assertThat(page.locator("main")).not().containsText("globex");
            page.navigate("/console/groups");
            assertThat(page.locator("main")).not().containsText("store-0042");
            page.navigate("/console/audit");
            assertThat(page.locator("main")).not().containsText("globex");
            APIResponse foreign = page.request().get("/console/fleet/devices/" + globexDevice);
            assertThat(foreign.status()).isEqualTo(404);
            APIResponse vendorPage = page.request().get("/console/vendor/tenants");
            assertThat(vendorPage.status()).isEqualTo(403);
        }
    }
}
