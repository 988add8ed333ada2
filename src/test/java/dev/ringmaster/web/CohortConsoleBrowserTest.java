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
 * viewer sees the quarantine without the lift form. A manager accepts a canary's uncovered model with a reason.
 */
@QuarkusTest
class CohortConsoleBrowserTest extends BrowserTest {

    private static final String BAD = "21.3";

    @Test
    void aQuarantinedBuildShowsOnTheRolloutPageAndAManagerLiftsItWithAReason() {
        TimeMachine.freeze();
        try {
            TestTenant tenant = TestTenant.create("cohort-page");
            String product = VendorApi.product("cohort-page", VendorApi.oneRing());
            as(VendorApi.ADMIN).body(Map.of("emergency", false, "rings", VendorApi.oneRing(),
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

    /** A canary of 30 %, then everyone; the gate passes on any success. */
    private static List<Map<String, Object>> canaryAndBroad() {
        List<Map<String, Object>> rings = new ArrayList<>();
        for (Object[] ring : new Object[][]{{"canary", 0.3}, {"broad", 1}}) {
            Map<String, Object> gate = new HashMap<>(Map.of("minFinished", 1, "minFinishedShare", 0.5,
                    "maxFailureRate", 0.9, "silenceTimeout", "PT2H"));
            rings.add(new HashMap<>(Map.of("name", ring[0], "share", ring[1], "minSoak", "PT1H", "gate", gate,
                    "manualApproval", false)));
        }
        return rings;
    }

    @Test
    void aManagerAcceptsTheUncoveredModelOnTheRolloutPageWithAReason() {
        TimeMachine.freeze();
        try {
            TestTenant tenant = TestTenant.create("accept-page");
            String product = VendorApi.product("accept-page", canaryAndBroad());
            as(VendorApi.ADMIN).body(Map.of("emergency", false, "rings", canaryAndBroad(),
                            "cohorts", Map.of("keys", List.of("model"), "coverageMin", 1)))
                    .put("/api/v1/products/" + product + "/ring-plans/standard").then().statusCode(200);
            tenant.followsRolloutsAtOnce(product);
            String key = Api.enrollmentKey(tenant.admin(), 12);
            List<Agent> fleet = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                fleet.add(Agent.enroll(key, "accept-page-" + i, null, product, "1.0.0"));
            }
            UUID rollout = VendorApi.started(product, "2.0.0");
            Api.awaitEnrolledWindows();
            TimeMachine.tick();
            // Canary devices are X1 and install; one broad device is an X2, which the canary cannot cover.
            List<Agent> canary = new ArrayList<>();
            boolean x2 = false;
            for (Agent agent : fleet) {
                agent.checkIn();
                boolean inCanary = agent.offered() != null;
                boolean inBroad = !inCanary && "ring-not-open".equals(agent.waitReason());
                agent.checkIn(Map.of("model", inBroad && !x2 ? "X2" : "X1"));
                x2 |= inBroad;
                if (inCanary) {
                    canary.add(agent);
                }
            }
            assertThat(canary).isNotEmpty();
            assertThat(x2).isTrue();
            canary.forEach(Agent::checkInAndReportSuccess);
            TimeMachine.advance(Duration.ofMinutes(5));
            canary.forEach(Agent::checkIn);
            TimeMachine.advance(Duration.ofHours(2), Duration.ofMinutes(10));

            try (BrowserContext context = browser.session()) {
                Page page = Browser.signIn(context, VendorApi.MANAGER, "/console/vendor/rollouts/" + rollout);
                assertThat(page.locator("table.coverage tr[data-cohort='model=X2']")).containsText("no");
                Locator accept = page.locator("form.accept-uncovered");
                accept.getByLabel("Reason").fill("   ");
                accept.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Accept the uncovered cohorts")).click();
                assertThat(page.locator("main")).containsText("needs a reason");

                accept = page.locator("form.accept-uncovered");
                accept.getByLabel("Reason").fill("X2 shares the X1 board");
                accept.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Accept the uncovered cohorts")).click();
                assertThat(page.locator("main")).containsText("Uncovered cohorts accepted");
                assertThat(page.locator("table.coverage tr[data-cohort='model=X2']")).containsText("no, accepted");
                assertThat(page.locator("form.accept-uncovered")).hasCount(0);
            }
            as(VendorApi.ADMIN).queryParam("action", "rollout.cohort-accept").get("/api/v1/audit").then().statusCode(200)
                    .body("actor", org.hamcrest.Matchers.hasItem(VendorApi.MANAGER));
            TimeMachine.tick();
            assertThat(VendorApi.get(rollout).getString("rings[0].state")).isEqualTo("passed");
        } finally {
            TimeMachine.clock().thaw();
        }
    }
}
