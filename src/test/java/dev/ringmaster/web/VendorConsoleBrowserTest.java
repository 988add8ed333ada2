package dev.ringmaster.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** The vendor console in a real browser, signed in through Keycloak's login page. */
@QuarkusTest
class VendorConsoleBrowserTest extends BrowserTest {

    @Test
    void aReleaseManagerCreatesAndPublishesAReleaseAndSeesRingPlansAndTenants() {
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, "rick.release", "/console");
            assertThat(page).hasURL(Browser.baseUrl() + "/console/vendor/releases");
            assertThat(page.locator("nav")).not().containsText("Fleet");

            var agent = page.locator("section#agent");
            agent.locator("summary").click();
            agent.locator("input[name='version']").fill("3.9.0-console.1");
            agent.locator("input[name='artifactName']").fill("agent-3.9.0.tar.gz");
            agent.locator("input[name='artifactUrl']").fill("https://downloads.example.test/agent-3.9.0.tar.gz");
            agent.locator("input[name='artifactSize']").fill("1048576");
            agent.locator("input[name='artifactSha256']").fill("a".repeat(64));
            agent.getByText("Create draft").click();
            assertThat(page.locator(".error")).hasCount(0);
            var row = page.locator("section#agent tr", new Page.LocatorOptions().setHasText("3.9.0-console.1"));
            assertThat(row).containsText("draft");
            page.onDialog(dialog -> dialog.accept());
            row.getByText("Publish").click();
            assertThat(page.locator("section#agent tr", new Page.LocatorOptions().setHasText("3.9.0-console.1"))).containsText("published");
            Browser.screenshots(page, "vendor-releases");

            page.navigate("/console/vendor/ring-plans");
            assertThat(page.locator("main")).containsText("standard");
            assertThat(page.locator("main")).containsText("canary");
            Browser.screenshots(page, "vendor-ring-plans");

            page.navigate("/console/vendor/rollouts");
            assertThat(page.locator("h1")).hasText("Rollouts");
            assertThat(page.locator("button.danger", new Page.LocatorOptions().setHasText("Emergency stop"))).isVisible();
            Browser.screenshots(page, "vendor-rollouts");
            // The emergency stop needs its confirmation box ticked and a reason, JavaScript or not.
            String csrf = context.cookies().stream().filter(cookie -> cookie.name.equals("csrf-token")).map(cookie -> cookie.value)
                    .findFirst().orElseThrow();
            var unconfirmed = page.request().post("/console/vendor/rollouts/emergency-stop", com.microsoft.playwright.options.RequestOptions.create()
                    .setHeader("Origin", Browser.baseUrl()).setForm(com.microsoft.playwright.options.FormData.create().set("csrf-token", csrf).set("reason", "test")));
            org.assertj.core.api.Assertions.assertThat(unconfirmed.status()).isEqualTo(422);

            page.navigate("/console/vendor/tenants");
            assertThat(page.locator("main")).containsText("acme");
            assertThat(page.locator("main")).containsText("globex");
            Browser.screenshots(page, "vendor-tenants");
        }
    }

    @Test
    void aReleaseManagerBuildsARingPlanRingByRingAndTheLadderRuleIsShown() {
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, "rick.release", "/console/vendor/ring-plans/content/new");
            page.locator("input[name='name']").fill("console-fast");
            fillRing(page, 0, "canary", "1");
            page.getByText("Save ring plan").click();
            // One ring that stops at 1 %: the plan rules refuse it and name the field.
            assertThat(page.locator(".error")).containsText("rings[0].share");
            fillRing(page, 1, "broad", "100");
            // The vendor's own fleet first: an internal ring with its own soak and gate.
            page.locator("input[name='internal.required']").check();
            page.locator("input[name='internal.soakHours']").fill("12");
            page.locator("input[name='internal.minFinished']").fill("3");
            page.locator("input[name='internal.minFinishedPercent']").fill("80");
            page.locator("input[name='internal.maxFailurePercent']").fill("1");
            page.locator("input[name='internal.silenceHours']").fill("1");
            page.getByText("Save ring plan").click();
            assertThat(page).hasURL(Browser.baseUrl() + "/console/vendor/ring-plans/content/console-fast");
            assertThat(page.locator("input[name='ring.0.name']")).hasValue("canary");
            assertThat(page.locator("input[name='ring.1.share']")).hasValue("100");
            assertThat(page.locator("input[name='internal.required']")).isChecked();
            assertThat(page.locator("input[name='internal.soakHours']")).hasValue("12");
            Browser.screenshots(page, "vendor-ring-plan-editor");
        }
        io.restassured.RestAssured.given().auth().oauth2(dev.ringmaster.support.Tokens.of("rick.release"))
                .get("/api/v1/products/content/ring-plans/console-fast")
                .then().statusCode(200).body("rings.name", org.hamcrest.Matchers.contains("canary", "broad"))
                .body("internalRing.required", org.hamcrest.Matchers.equalTo(true))
                .body("internalRing.minSoak", org.hamcrest.Matchers.equalTo("PT12H"))
                .body("internalRing.gate.maxFailureRate", org.hamcrest.Matchers.equalTo(0.01f));
    }

    private static void fillRing(Page page, int index, String name, String sharePercent) {
        String row = "ring." + index + ".";
        page.locator("input[name='" + row + "name']").fill(name);
        page.locator("input[name='" + row + "share']").fill(sharePercent);
        page.locator("input[name='" + row + "soakHours']").fill("24");
        page.locator("input[name='" + row + "minFinished']").fill("20");
        page.locator("input[name='" + row + "minFinishedPercent']").fill("50");
        page.locator("input[name='" + row + "maxFailurePercent']").fill("2");
        page.locator("input[name='" + row + "silenceHours']").fill("2");
    }

    @Test
    void aVendorViewerSeesReleasesWithoutEditControls() {
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, "val.viewer", "/console/vendor/releases");
            assertThat(page.locator("h1")).hasText("Products and releases");
            assertThat(page.getByText("Create draft")).hasCount(0);
            assertThat(page.locator("button", new Page.LocatorOptions().setHasText("Publish"))).hasCount(0);
            page.navigate("/console/vendor/rollouts");
            assertThat(page.locator("h1")).hasText("Rollouts");
            assertThat(page.getByText("Emergency stop")).hasCount(0);
        }
    }
}
