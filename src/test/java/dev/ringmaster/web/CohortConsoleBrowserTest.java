package dev.ringmaster.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.ringmaster.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rollout's cohorts on its console page, in a real browser signed in through Keycloak: the plan's cohort rule, the
 * ring's health per OS build, a build quarantined after its failures, and its quarantine lifted by a release manager
 * (refused without a reason, then audited), after which the build's devices are offered the release again. A vendor
 * viewer sees the quarantine without the lift form.
 */
@QuarkusTest
class CohortConsoleBrowserTest extends BrowserTest {

    private static final String BAD = "21.3";

    /** One ring for everyone: failure threshold 20 %, at least 3 finished before a halt. */
    private static List<Map<String, Object>> oneRing() {
        Map<String, Object> gate = new HashMap<>(Map.of("minFinished", 1, "minFinishedShare", 0.5,
                "maxFailureRate", 0.2, "silenceTimeout", "PT2H", "minReportsForHalt", 3));
        return new ArrayList<>(List.of(new HashMap<>(Map.of("name", "broad", "share", 1, "minSoak", "PT1H",
                "gate", gate, "manualApproval", false))));
    }

    @Test
    void aQuarantinedBuildShowsOnTheRolloutPageAndAManagerLiftsItWithAReason() {
        TimeMachine.freeze();
        try {
            TestTenant tenant = TestTenant.create("cohort-page");
            String product = VendorApi.product("cohort-page", oneRing());
            as(VendorApi.ADMIN).body(Map.of("emergency", false, "rings", oneRing(),
                            "cohorts", Map.of("keys", List.of("osBuild"), "minSample", 3, "onFailure", "quarantine")))
                    .put("/api/v1/products/" + product + "/ring-plans/standard").then().statusCode(200);
            tenant.followsRolloutsAtOnce(product);
            String key = Api.enrollmentKey(tenant.admin(), 7);
            List<Agent> good = new ArrayList<>();
            List<Agent> bad = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                good.add(Agent.enroll(key, "page-good-" + i, null, product, "1.0.0", Map.of("osBuild", "22.1")));
            }
            for (int i = 0; i < 4; i++) {
                bad.add(Agent.enroll(key, "page-bad-" + i, null, product, "1.0.0", Map.of("osBuild", BAD)));
            }
            UUID rollout = VendorApi.started(product, "2.0.0");
            Api.awaitEnrolledWindows();
            TimeMachine.tick();
            // Three of the bad build fail; the fourth stays away until the quarantine is lifted.
            for (Agent agent : bad.subList(0, 3)) {
                agent.checkIn();
                assertThat(agent.offered()).isEqualTo("2.0.0");
                assertThat(agent.report("downloading")).isEqualTo(201);
                assertThat(agent.report("failed")).isEqualTo(201);
            }
            TimeMachine.advance(Duration.ofMinutes(10), Duration.ofMinutes(5));
            Agent away = bad.get(3);
            away.checkIn();
            assertThat(away.waitReason()).isEqualTo("cohort-quarantined");

            String cohort = "osBuild=" + BAD;
            try (BrowserContext context = browser.session()) {
                Page page = Browser.signIn(context, "val.viewer", "/console/vendor/rollouts/" + rollout);
                Locator quarantine = page.locator("table.quarantines tr[data-cohort='" + cohort + "']");
                assertThat(quarantine).containsText("3 of 3 finished failed");
                assertThat(quarantine.locator("form")).hasCount(0);
            }
            try (BrowserContext context = browser.session()) {
                Page page = Browser.signIn(context, VendorApi.MANAGER, "/console/vendor/rollouts/" + rollout);
                assertThat(page.locator("#cohorts-title + p")).containsText("Judged per osBuild");
                assertThat(page.locator("table.ring-cohorts tr[data-cohort='" + cohort + "']")).containsText("quarantined");
                Browser.screenshots(page, "vendor-rollout-cohorts");

                // Blank after trimming: the service wants a reason, the page says so and nothing changes.
                Locator lift = page.locator("table.quarantines tr[data-cohort='" + cohort + "'] form");
                lift.getByLabel("Reason").fill("   ");
                lift.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Lift")).click();
                assertThat(page.locator("main")).containsText("needs a reason");
                away.checkIn();
                assertThat(away.waitReason()).isEqualTo("cohort-quarantined");

                lift = page.locator("table.quarantines tr[data-cohort='" + cohort + "'] form");
                lift.getByLabel("Reason").fill("driver fixed on the devices");
                lift.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Lift")).click();
                assertThat(page.locator("main")).containsText("Quarantine lifted");
                assertThat(page.locator("table.quarantines tr[data-cohort='" + cohort + "']"))
                        .containsText("by " + VendorApi.MANAGER + ": driver fixed on the devices");
            }
            as(VendorApi.ADMIN).queryParam("action", "rollout.cohort-lift").get("/api/v1/audit").then().statusCode(200)
                    .body("actor", org.hamcrest.Matchers.hasItem(VendorApi.MANAGER));
            away.checkInUntil(agent -> agent.offered() != null);
            assertThat(away.offered()).isEqualTo("2.0.0");
        } finally {
            TimeMachine.clock().thaw();
        }
    }
}
