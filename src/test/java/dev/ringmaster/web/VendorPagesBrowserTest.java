package dev.ringmaster.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.Db;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rest of the release team's pages, in a real browser signed in through Keycloak: a ring's gate verdicts over
 * time and the approval of the next ring, the two approvals of an emergency rollout, the vendor audit with its
 * filters, and a rehearsal set up and read. A vendor viewer and a tenant's admin are refused.
 */
@QuarkusTest
class VendorPagesBrowserTest extends BrowserTest {

    @Test
    void theGateVerdictsShowOnTheRolloutPageAndAManagerApprovesTheNextRing() {
        // The vendor-wide blast radius counts the last hour's offers of earlier classes: two hours on, this canary
        // has the cap to itself.
        TimeMachine.advance(Duration.ofHours(2));
        String product = VendorApi.product("vp", List.of(ring("canary", "0.5", false), ring("broad", "1", true)));
        TestTenant tenant = TestTenant.create("vpa");
        tenant.followsRolloutsAtOnce(product);
        List<Agent> agents = tenant.enroll("v", 16, product, "1.0.0");
        UUID rollout = VendorApi.started(product, "2.0.0");
        Api.awaitEnrolledWindows();
        UUID release = Db.releaseId(product, "2.0.0");
        List<Agent> canary = new ArrayList<>();
        for (Agent agent : agents) {
            if (ringOf(tenant, agent, release) == 0) {
                canary.add(agent);
            }
        }
        assertThat(canary).as("16 devices, half of the buckets in the canary").isNotEmpty();

        try {
            TimeMachine.freeze();
            // The first pass judges the canary: it waits (no soak, nothing finished).
            TimeMachine.tick();
            for (Agent agent : canary) {
                agent.checkInUntil(a -> "2.0.0".equals(a.offered()));
                agent.report("downloading");
                agent.report("installing");
                agent.reportsSuccess();
            }
            TimeMachine.advance(Duration.ofMinutes(1));
            canary.forEach(Agent::checkIn);
            // Soaked: the gate passes the canary and the broad ring waits for a vendor's approval.
            TimeMachine.advance(Duration.ofHours(1));
            assertThat(VendorApi.get(rollout).getInt("currentRing")).isZero();
            List<Map<String, Object>> verdicts = Api.as(VendorApi.MANAGER).get("/api/v1/rollouts/" + rollout + "/verdicts")
                    .then().statusCode(200).extract().jsonPath().getList("$");
            assertThat(verdicts).extracting(v -> v.get("verdict")).containsExactly("WAIT", "PASS");

            try (BrowserContext context = browser.session()) {
                Page page = Browser.signIn(context, VendorApi.MANAGER, "/console/vendor/rollouts/" + rollout);
                page.onDialog(dialog -> dialog.accept());
                Locator history = page.locator("table.verdicts").first();
                assertThat(history.locator("tr[data-verdict='pass']")).containsText(canary.size() + " of " + canary.size() + " finished");
                assertThat(history.locator("tr[data-verdict='pass']")).containsText("failure rate upper bound");
                assertThat(history.locator("tr[data-verdict='wait']")).containsText("of 1h minimum");
                // Each point of the health chart carries its own label.
                assertThat(page.locator("svg.chart circle title").first()).containsText("succeeded");
                Browser.screenshots(page, "vendor-rollout-verdicts");

                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("approve-next-ring")).click();
                // The page comes back with the broad ring open.
                assertThat(page.locator("main")).containsText("ring 2 of 2");
                assertThat(VendorApi.get(rollout).getInt("currentRing")).isEqualTo(1);
            }
        } finally {
            TimeMachine.clock().thaw();
        }
    }

    @Test
    void anEmergencyRolloutGetsItsSecondApprovalAndStartsFromTheConsole() {
        String product = VendorApi.product("ve");
        VendorApi.plan(product, "hotfix", true, List.of(VendorApi.ring("canary", "0.1", 0.2), VendorApi.ring("broad", "1", 0.2)));
        VendorApi.publish(product, "3.0.0");
        UUID emergency = VendorApi.rollout(product, "3.0.0", "hotfix");
        Api.as(VendorApi.ADMIN).body(Map.of()).post("/api/v1/rollouts/" + emergency + "/approve").then().statusCode(200);

        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, VendorApi.MANAGER, "/console/vendor/rollouts/" + emergency);
            page.onDialog(dialog -> dialog.accept());
            assertThat(page.locator("main")).containsText("Approved by " + VendorApi.ADMIN);
            Browser.screenshots(page, "vendor-rollout-emergency-approval");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("approve").setExact(true)).click();
            assertThat(page.locator("main")).containsText(VendorApi.MANAGER);
            assertThat(VendorApi.get(emergency).getList("approvers")).containsExactlyInAnyOrder(VendorApi.ADMIN, VendorApi.MANAGER);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("start").setExact(true)).click();
            assertThat(page.locator("main")).containsText("state running");
            assertThat(VendorApi.state(emergency)).isEqualTo("running");
        }

        // A viewer sees the rollout without a form and is refused on a forged approval and a forged rehearsal.
        String other = VendorApi.product("vv");
        VendorApi.plan(other, "hotfix", true, List.of(VendorApi.ring("canary", "0.1", 0.2), VendorApi.ring("broad", "1", 0.2)));
        VendorApi.publish(other, "1.0.1");
        UUID waiting = VendorApi.rollout(other, "1.0.1", "hotfix");
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, "val.viewer", "/console/vendor/rollouts/" + waiting);
            assertThat(page.locator("main form")).hasCount(0);
            assertThat(page.locator("nav")).not().containsText("Rehearsals");
            String csrf = csrf(context);
            var forged = page.request().post("/console/vendor/rollouts/" + waiting + "/approve", RequestOptions.create()
                    .setHeader("Origin", Browser.baseUrl()).setForm(FormData.create().set("csrf-token", csrf).set("reason", "")));
            assertThat(forged.status()).isEqualTo(403);
            assertThat(VendorApi.get(waiting).getList("approvers")).isEmpty();
            var rehearsal = page.request().post("/console/vendor/rehearsals", RequestOptions.create()
                    .setHeader("Origin", Browser.baseUrl()).setForm(FormData.create().set("csrf-token", csrf)
                            .set("product", other).set("version", "1.0.1")));
            assertThat(rehearsal.status()).isEqualTo(403);
            assertThat(page.navigate("/console/vendor/rehearsals").status()).isEqualTo(403);
            assertThat(page.navigate("/console/vendor/audit").status()).isEqualTo(403);
        }
    }

    @Test
    void theVendorAuditIsFilteredByActorActionTargetTenantAndTimeAndTenantsAreRefused() {
        Instant before = TimeMachine.now().minus(Duration.ofMinutes(1));
        TestTenant alpha = TestTenant.create("vaa");
        TestTenant beta = TestTenant.create("vab");
        String product = VendorApi.product("va");
        alpha.followsRolloutsAtOnce(product);
        beta.followsRolloutsAtOnce(product);
        UUID rollout = VendorApi.started(product, "1.0.0");
        VendorApi.act(rollout, "pause", "looking into it");

        // The API takes the same filters, validated at the edge.
        List<String> actions = Api.as(VendorApi.ADMIN).get("/api/v1/audit?actor=" + VendorApi.MANAGER + "&action=rollout&target=" + rollout)
                .then().statusCode(200).extract().jsonPath().getList("action");
        assertThat(actions).containsExactly("rollout.pause", "rollout.ring-opened", "rollout.start", "rollout.create");
        Api.as(VendorApi.ADMIN).get("/api/v1/audit?from=yesterday").then().statusCode(422)
                .contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.equalTo("from"));
        List<String> tenants = Api.as(VendorApi.ADMIN).get("/api/v1/audit?tenant=" + alpha.id() + "&action=policy")
                .then().statusCode(200).extract().jsonPath().getList("tenant");
        assertThat(tenants).isNotEmpty().containsOnly(alpha.id());
        // A tenant reads its own log only, whatever it filters on.
        alpha.api().get("/api/v1/audit?tenant=" + beta.id()).then().statusCode(403);
        assertThat(alpha.api().get("/api/v1/audit?action=policy").then().statusCode(200).extract().jsonPath().getList("tenant", String.class))
                .isNotEmpty().containsOnly(alpha.id());

        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, VendorApi.ADMIN, "/console/vendor/audit");
            page.getByLabel("Actor").fill(VendorApi.MANAGER);
            page.getByLabel("Action").fill("rollout");
            page.getByLabel("Target").fill(rollout.toString());
            page.getByLabel("From (UTC)").fill(LocalDateTime.ofInstant(before, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).toString());
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
            Locator rows = page.locator("table.audit tbody tr");
            assertThat(rows).hasCount(4);
            assertThat(rows.first()).containsText("rollout.pause");
            Browser.screenshots(page, "vendor-audit-filtered");

            page.getByLabel("Actor").fill("");
            page.getByLabel("Action").fill("policy");
            page.getByLabel("Target").fill("");
            page.getByLabel("Tenant").fill(beta.id());
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
            assertThat(rows.first()).containsText(beta.id());
            assertThat(page.locator("table.audit")).not().containsText(alpha.id());

            // A time range backwards is refused with its field named, and nothing is listed.
            String later = LocalDateTime.ofInstant(before.plus(Duration.ofDays(1)), ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).toString();
            var refused = page.navigate("/console/vendor/audit?from=" + later + "&to=" + LocalDateTime.ofInstant(before, ZoneOffset.UTC)
                    .truncatedTo(ChronoUnit.MINUTES));
            assertThat(refused.status()).isEqualTo(422);
            assertThat(page.locator(".error")).containsText("to: must be after from");
        }

        // Release managers answer for their rollouts, so they read the vendor audit too, from their navigation.
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, VendorApi.MANAGER, "/console/vendor/rollouts");
            page.locator("nav").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Audit log")).click();
            assertThat(page).hasURL(Browser.baseUrl() + "/console/vendor/audit");
            page.getByLabel("Target").fill(rollout.toString());
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
            assertThat(page.locator("table.audit tbody tr").first()).containsText("rollout.pause");
        }

        // Vendor pages are the vendor's: a tenant's admin is refused on every one, and reads no other tenant.
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, alpha.admin(), "/console/audit");
            assertThat(page.locator("main")).not().containsText(beta.id());
            for (String path : List.of("/console/vendor/audit", "/console/vendor/rehearsals", "/console/vendor/rollouts/" + rollout)) {
                assertThat(page.navigate(path).status()).as(path).isEqualTo(403);
            }
            var forged = page.request().post("/console/vendor/rehearsals", RequestOptions.create()
                    .setHeader("Origin", Browser.baseUrl()).setForm(FormData.create().set("csrf-token", csrf(context))
                            .set("product", product).set("version", "1.0.0")));
            assertThat(forged.status()).isEqualTo(403);
        }
    }

    @Test
    void aReleaseManagerRehearsesABrickingReleaseAndReadsWhenItWouldHalt() {
        String product = VendorApi.product("vr");
        VendorApi.publish(product, "1.0.0");
        TestTenant tenant = TestTenant.create("vrt");
        tenant.followsRolloutsAtOnce(product);
        tenant.enroll("r", 10, product, "1.0.0");

        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, VendorApi.MANAGER, "/console/vendor/rehearsals?product=" + product);
            assertThat(page.getByLabel("Product")).hasValue(product);
            page.getByLabel("Version").fill("2.0.0");
            page.getByLabel("Fleet scale").fill("20");
            page.getByLabel("Horizon (hours)").fill("48");
            page.getByLabel("Seed").fill("7");
            page.getByLabel("Devices").selectOption("time-zone");
            page.getByLabel("Time zone (for time-zone)").fill("Mars/Olympus");
            page.getByLabel("Behaviour").selectOption("silent-brick");
            Browser.screenshots(page, "vendor-rehearsal-form");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Rehearse")).click();
            // An unknown zone is the service's to refuse, with the field named; the form comes back as typed.
            assertThat(page.locator(".error")).containsText("timeZone");
            assertThat(page.getByLabel("Fleet scale")).hasValue("20");

            page.getByLabel("Devices").selectOption("all");
            page.getByLabel("Time zone (for time-zone)").fill("");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Rehearse")).click();
            // It plays in the background: the run's page shows its progress and reloads itself until the result is there.
            assertThat(page.locator("h1")).containsText("Rehearsal of " + product + " 2.0.0");
            assertThat(page.locator(".rehearsal-state")).hasText("halted", new LocatorAssertions.HasTextOptions().setTimeout(60_000));
            String bricking = page.url().substring(page.url().lastIndexOf('/') + 1);
            assertThat(page.locator(".time-to-halt")).containsText(java.util.regex.Pattern.compile("^\\d+ (minutes|hours?)"));
            assertThat(page.locator(".halt-reason")).containsText("failure rate lower bound");
            assertThat(page.locator(".blast-radius")).containsText("0 devices in 0 tenants");
            assertThat(page.locator("table.transitions tr[data-cause='halt']")).containsText("silent");
            assertThat(page.locator("table.timeline tbody tr").first()).containsText("/");
            Browser.screenshots(page, "vendor-rehearsal-result");

            // The same fleet and seed, a healthy release this time, then both side by side.
            page.navigate("/console/vendor/rehearsals?product=" + product);
            page.getByLabel("Version").fill("2.0.0");
            page.getByLabel("Fleet scale").fill("20");
            page.getByLabel("Horizon (hours)").fill("48");
            page.getByLabel("Seed").fill("7");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Rehearse")).click();
            assertThat(page.locator(".rehearsal-state")).hasText(java.util.regex.Pattern.compile("^(completed|running)$"),
                    new LocatorAssertions.HasTextOptions().setTimeout(60_000));
            String healthy = page.url().substring(page.url().lastIndexOf('/') + 1);
            page.navigate("/console/vendor/rehearsals");
            assertThat(page.locator("table.runs")).containsText(bricking);
            page.locator("form.compare select[name=a]").selectOption(bricking);
            page.locator("form.compare select[name=b]").selectOption(healthy);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Compare")).click();
            assertThat(page.locator("h1")).hasText("Rehearsals side by side");
            assertThat(page.locator(".state-a")).hasText("halted");
            assertThat(page.locator(".state-b")).not().hasText("halted");
            assertThat(page.locator(".blast-a")).containsText("0 devices");
            assertThat(page.locator("table.ring-comparison tbody tr").first()).containsText("halt after");
            assertThat(page.locator("table.ring-comparison tbody tr").first().locator("td").nth(1)).containsText("ring-opened after");
            Browser.screenshots(page, "vendor-rehearsal-compare");
        }
        // Nothing real changed: no rollout of the product, and the run is audited.
        assertThat(Api.as(VendorApi.MANAGER).get("/api/v1/rollouts?product=" + product).then().statusCode(200)
                .extract().jsonPath().getList("items.id")).isEmpty();
        assertThat(Api.as(VendorApi.ADMIN).get("/api/v1/audit?action=rehearsal.run&target=" + product).then().statusCode(200)
                .extract().jsonPath().getList("actor")).contains(VendorApi.MANAGER);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ring(String name, String share, boolean manualApproval) {
        // A lenient gate (one finished device, 90 % failures allowed) lets a handful of devices pass it.
        Map<String, Object> ring = VendorApi.ring(name, share, 0.9);
        ((Map<String, Object>) ring.get("gate")).put("minFinished", 1);
        // Confirmed devices do not check in again during the soak; none of them is to look silent meanwhile.
        ((Map<String, Object>) ring.get("gate")).put("silenceTimeout", "PT3H");
        ring.put("manualApproval", manualApproval);
        return new HashMap<>(ring);
    }

    private static int ringOf(TestTenant tenant, Agent agent, UUID release) {
        return tenant.api().get("/api/v1/devices/" + agent.id() + "/windows").then().statusCode(200).extract().jsonPath()
                .getInt("find { it.releaseId == '" + release + "' }.ring");
    }

    private static String csrf(BrowserContext context) {
        return context.cookies().stream().filter(cookie -> cookie.name.equals("csrf-token")).map(cookie -> cookie.value)
                .findFirst().orElseThrow();
    }
}
