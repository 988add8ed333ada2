package dev.ringmaster.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.ringmaster.support.Agent;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consoles' end-to-end flows over real data: a tenant admin's draft changes the preview before saving and
 * the saved policy changes the device's explanation; a vendor starts a rollout, watches its ring health after
 * device reports and halts it.
 */
@QuarkusTest
class ConsoleFlowsBrowserTest extends BrowserTest {

    /** A device of the tenant with a stored window (actual or forecast) for the product. */
    private static String deviceWithAWindow(TestTenant tenant, String product, List<Agent> devices) {
        for (Agent agent : devices) {
            List<Map<String, Object>> windows = tenant.api().get("/api/v1/devices/" + agent.id() + "/windows")
                    .then().statusCode(200).extract().path("findAll { it.product == '" + product + "' }");
            if (windows.stream().anyMatch(window -> window.get("windowStart") != null)) {
                return agent.id().toString();
            }
        }
        throw new AssertionError("no device of " + tenant.id() + " got a window for " + product);
    }

    @Test
    void aDraftWindowChangesThePreviewBeforeSavingAndTheSavedPolicyChangesTheDevicesExplanation() {
        TestTenant tenant = TestTenant.create("console-preview");
        String product = VendorApi.product("console-preview");
        VendorApi.publish(product, "1.0.0");
        // Saved: one two-hour window three days from today, so any window open today is a change.
        DayOfWeek inThreeDays = TimeMachine.now().atOffset(ZoneOffset.UTC).toLocalDate().plusDays(3).getDayOfWeek();
        tenant.api().body(Map.of("mode", "automatic", "deferral", "PT0S", "maintenanceWindows",
                        List.of(Map.of("days", List.of(inThreeDays.name()), "start", "02:00", "duration", "PT2H", "timeZone", "UTC"))))
                .put("/api/v1/policies/" + product).then().statusCode(200);
        List<Agent> devices = tenant.enroll("console", 12, product, "0.9.0");
        UUID rollout = VendorApi.rollout(product, "1.0.0", null);
        VendorApi.act(rollout, "start", "console flow");
        TimeMachine.tick();
        String device = deviceWithAWindow(tenant, product, devices);

        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, tenant.admin(), "/console/fleet/devices/" + device);
            var explanation = page.locator("#explain ~ section.card", new Page.LocatorOptions().setHasText(product));
            String savedWindow = explanation.locator("strong").first().textContent();
            assertThat(savedWindow).contains(inThreeDays.getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ENGLISH));

            page.navigate("/console/policies/" + product);
            int row = page.locator(".window-row").count() - 1;
            String field = "window." + row + ".";
            for (DayOfWeek day : DayOfWeek.values()) {
                page.locator("input[name='" + field + "days'][value='" + day.name() + "']").check();
            }
            page.locator("input[name='" + field + "start']").fill("00:00");
            page.locator("input[name='" + field + "hours']").fill("24");
            page.locator("input[name='" + field + "zone']").fill("UTC");
            page.locator("input[name='" + field + "zone']").dispatchEvent("change");
            // The draft opens a window every day: the preview shows the days and the devices that move earlier.
            assertThat(page.locator("#preview svg.chart")).isVisible();
            assertThat(page.locator("#preview")).containsText("Devices that move");
            assertThat(page.locator("#preview table tbody tr").first()).isVisible();
            Browser.screenshots(page, "tenant-policy-preview");

            page.getByText("Save policy").click();
            assertThat(page.locator(".notice")).hasText("Policy saved.");

            page.navigate("/console/fleet/devices/" + device);
            String newWindow = page.locator("#explain ~ section.card", new Page.LocatorOptions().setHasText(product))
                    .locator("strong").first().textContent();
            assertThat(newWindow).isNotEqualTo(savedWindow);
            assertThat(page.locator("#explain ~ section.card", new Page.LocatorOptions().setHasText(product))
                    .locator("ol.reasons")).containsText("window");
            Browser.screenshots(page, "tenant-device-explain");
        }
    }

    @Test
    void aVendorStartsARolloutWatchesItsRingHealthAndHaltsIt() {
        // The vendor-wide blast radius counts the last hour's offers of unproven releases of every earlier test:
        // two hours on, its canary has the whole cap to itself.
        TimeMachine.advance(Duration.ofHours(2));
        TestTenant tenant = TestTenant.create("console-rollout");
        String product = VendorApi.product("console-rollout");
        tenant.followsRolloutsAtOnce(product);
        // Devices fall into rings by random buckets: with 60 devices the canary (20 %) held fewer than the five this
        // test needs in one run of about 250 (a fresh-clone run failed so); with 100, in one of about 270,000.
        List<Agent> fleet = tenant.enroll("console", 100, product, "0.9.0");
        VendorApi.publish(product, "1.0.0");
        UUID rollout = VendorApi.rollout(product, "1.0.0", null);

        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, "rick.release", "/console/vendor/rollouts/" + rollout);
            page.onDialog(dialog -> dialog.accept());
            page.locator("button", new Page.LocatorOptions().setHasText("start")).click();
            assertThat(page.locator("main")).containsText("state running");

            // The canary's devices are offered the release; three install it and run it, two fail.
            TimeMachine.tick();
            fleet.forEach(Agent::checkIn);
            List<Agent> ring0 = fleet.stream().filter(agent -> agent.offered() != null).toList();
            assertThat(ring0).as("the canary's 20 % of 100 devices").hasSizeGreaterThanOrEqualTo(5);
            ring0.subList(0, 3).forEach(agent -> {
                agent.report("succeeded");
                agent.runs(product, "1.0.0");
                agent.checkIn();
            });
            ring0.subList(3, 5).forEach(agent -> agent.report("failed"));
            TimeMachine.tick();

            page.reload();
            var canary = page.locator("section.card", new Page.LocatorOptions().setHasText("Ring 0"));
            assertThat(canary.locator("tr", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("Succeeded"))).containsText("3");
            assertThat(canary.locator("tr", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("Failed (silent, stuck, reverted included)"))).containsText("2");
            assertThat(canary.locator("svg.chart")).isVisible();
            Browser.screenshots(page, "vendor-rollout-detail");

            page.navigate("/console/vendor/rollouts");
            page.locator("input[name='reason']").last().fill("console flow: halting the test rollout");
            page.locator("input[name='confirm']").check();
            page.getByText("Emergency stop").last().click();
            assertThat(page.locator("main")).containsText("every running rollout is halted");
        }
        assertThat(VendorApi.state(rollout)).isEqualTo("halted");
    }
}
