package dev.ringmaster.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.ringmaster.rollout.Reconciler;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.FleetFixture;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
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

    @Inject
    EntityManager em;

    @Inject
    Reconciler reconciler;

    /** An acme device with a stored window for the product, once the window store has computed it. */
    private static String acmeDeviceWithAWindow(String product) throws InterruptedException {
        List<String> devices = Api.as("acme-admin").queryParam("size", 100).get("/api/v1/devices").then().statusCode(200)
                .extract().path("items.id");
        for (int attempt = 0; attempt < 60; attempt++) {
            for (String device : devices) {
                List<Map<String, Object>> windows = Api.as("acme-admin").get("/api/v1/devices/" + device + "/windows")
                        .then().statusCode(200).extract().path("findAll { it.product == '" + product + "' }");
                if (windows.stream().anyMatch(window -> window.get("windowStart") != null)) {
                    return device;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no acme device got a window for " + product);
    }

    @Test
    void aDraftWindowChangesThePreviewBeforeSavingAndTheSavedPolicyChangesTheDevicesExplanation() throws Exception {
        String product = VendorApi.product("console-preview");
        VendorApi.publish(product, "1.0.0");
        // Saved: one two-hour window three days from today, so any window open today is a change.
        DayOfWeek inThreeDays = LocalDate.now(ZoneOffset.UTC).plusDays(3).getDayOfWeek();
        Api.as("acme-admin").body(Map.of("mode", "automatic", "deferral", "PT0S", "maintenanceWindows",
                        List.of(Map.of("days", List.of(inThreeDays.name()), "start", "02:00", "duration", "PT2H", "timeZone", "UTC"))))
                .put("/api/v1/policies/" + product).then().statusCode(200);
        UUID rollout = VendorApi.rollout(product, "1.0.0", null);
        VendorApi.act(rollout, "start", "console flow");
        String device = acmeDeviceWithAWindow(product);

        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, "acme-admin", "/console/fleet/devices/" + device);
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
        FleetFixture fleet = FleetFixture.create(em, 100, Instant.now());
        String product = VendorApi.product("console-rollout");
        VendorApi.publish(product, "1.0.0");
        UUID rollout = VendorApi.rollout(product, "1.0.0", null);

        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, "rick.release", "/console/vendor/rollouts/" + rollout);
            page.onDialog(dialog -> dialog.accept());
            page.locator("button", new Page.LocatorOptions().setHasText("start")).click();
            assertThat(page.locator("main")).containsText("state running");

            fleet.assignRings(rollout);
            List<UUID> ring0 = fleet.inRing(rollout, 0);
            Instant now = Instant.now();
            fleet.report(ring0, rollout, "offered", now.minusSeconds(120));
            fleet.report(ring0.subList(0, 3), rollout, "succeeded", now.minusSeconds(60));
            fleet.runRelease(ring0.subList(0, 3), rollout, now.minusSeconds(30));
            fleet.report(ring0.subList(3, 5), rollout, "failed", now.minusSeconds(60));
            reconciler.reconcile(now);

            page.reload();
            var canary = page.locator("section.card", new Page.LocatorOptions().setHasText("Ring 0"));
            assertThat(canary.locator("tr", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("Succeeded"))).containsText("3");
            assertThat(canary.locator("tr", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("Failed"))).containsText("2");
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
