package dev.ringmaster.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
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
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The release team's everyday work in the vendor console, in a real browser signed in through Keycloak: a rollout
 * started from the release page, the tenants × rings overview filling as devices of two tenants check in and
 * report, a rollout scheduled in a named zone and cancelled, a release withdrawn, and a vendor viewer who sees
 * all of it without a control to change it.
 */
@QuarkusTest
class RolloutConsoleBrowserTest extends BrowserTest {

    private static final Pattern ROLLOUT_PAGE = Pattern.compile(".*/console/vendor/rollouts/[0-9a-f-]{36}$");

    @Test
    void aReleaseManagerStartsARolloutFromTheReleasePageAndSeesTenantsFillTheRings() {
        // The vendor-wide blast radius counts the last hour's offers of every earlier class: two hours on, this
        // rollout's canary has the cap to itself.
        TimeMachine.advance(Duration.ofHours(2));
        String product = VendorApi.product("rc", List.of(ring("canary", "0.5", "PT48H"), ring("broad", "1", "PT72H")));
        VendorApi.plan(product, "fast", false, List.of(ring("canary", "0.5", "PT1H"), ring("broad", "1", "PT1H")));
        TestTenant alpha = TestTenant.create("rca", "Europe/Berlin");
        TestTenant beta = TestTenant.create("rcb", "America/New_York");
        alpha.followsRolloutsAtOnce(product);
        beta.followsRolloutsAtOnce(product);
        List<Agent> alphaDevices = alpha.enroll("a", 4, product, "1.0.0");
        List<Agent> betaDevices = beta.enroll("b", 4, product, "1.0.0");
        VendorApi.publish(product, "2.0.0");

        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, VendorApi.MANAGER, "/console/vendor/releases");
            Locator row = releaseRow(page, product, "2.0.0");
            row.locator("summary", new Locator.LocatorOptions().setHasText("Start rollout")).click();
            // The plan choice reads its soaks for people: the default plan's 48 hours and 3 days.
            assertThat(row.locator("select[name='plan']")).containsText("canary 48 hours → broad 3 days");
            row.locator("select[name='plan']").selectOption("fast");
            Browser.screenshots(page, "vendor-release-start-rollout");
            row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Start rollout")).click();
            page.waitForURL(ROLLOUT_PAGE);
            UUID rollout = UUID.fromString(page.url().substring(page.url().lastIndexOf('/') + 1));
            assertThat(VendorApi.get(rollout).getString("plan")).isEqualTo("fast");
            assertThat(VendorApi.state(rollout)).isEqualTo("running");
            Api.awaitEnrolledWindows();

            // Before any check-in every device of both tenants sits in its ring, waiting or offered.
            Map<Agent, Integer> rings = new java.util.HashMap<>();
            UUID release = Db.releaseId(product, "2.0.0");
            alphaDevices.forEach(agent -> rings.put(agent, ring(alpha, agent, release)));
            betaDevices.forEach(agent -> rings.put(agent, ring(beta, agent, release)));
            page.reload();
            assertThat(tenantRow(page, alpha)).containsText(alpha.id());
            assertThat(tenantRow(page, beta)).containsText(beta.id());
            assertThat(cell(page, alpha, 0)).containsText(devices(count(alphaDevices, rings, 0)));
            assertThat(cell(page, alpha, 1)).containsText(devices(count(alphaDevices, rings, 1)));
            assertThat(cell(page, beta, 0)).containsText(devices(count(betaDevices, rings, 0)));
            assertThat(cell(page, beta, 1)).containsText(devices(count(betaDevices, rings, 1)));

            // The canary devices are offered the release, install it and come back running it.
            TimeMachine.freeze();
            List<Agent> canary = new ArrayList<>();
            rings.forEach((agent, ring) -> {
                if (ring == 0) {
                    canary.add(agent);
                }
            });
            for (Agent agent : canary) {
                agent.checkInUntil(a -> "2.0.0".equals(a.offered()));
                assertThat(agent.offered()).isEqualTo("2.0.0");
            }
            TimeMachine.tick();
            page.reload();
            assertOffered(page, alpha, count(alphaDevices, rings, 0), "offered");
            assertOffered(page, beta, count(betaDevices, rings, 0), "offered");

            for (Agent agent : canary) {
                agent.report("downloading");
                agent.report("installing");
                agent.reportsSuccess();
            }
            TimeMachine.advance(Duration.ofMinutes(1));
            canary.forEach(Agent::checkIn);
            TimeMachine.tick();
            page.reload();
            assertOffered(page, alpha, count(alphaDevices, rings, 0), "succeeded");
            assertOffered(page, beta, count(betaDevices, rings, 0), "succeeded");
            // The broad ring has not opened: its devices still wait.
            if (count(alphaDevices, rings, 1) > 0) {
                assertThat(cell(page, alpha, 1)).containsText(count(alphaDevices, rings, 1) + " waiting");
            }
            assertThat(page.locator("main")).containsText("1 hour");
            Browser.screenshots(page, "vendor-rollout-tenants-rings");

            // Rollouts are the vendor's: a tenant's admin cannot read the overview, not even its own row.
            alpha.api().get("/api/v1/rollouts/" + rollout + "/tenants").then().statusCode(403);
            io.restassured.RestAssured.given().auth().oauth2(dev.ringmaster.support.Tokens.of(VendorApi.MANAGER))
                    .get("/api/v1/rollouts/" + rollout + "/tenants").then().statusCode(200)
                    .body("rings", org.hamcrest.Matchers.contains("canary", "broad"))
                    .body("tenants.id", org.hamcrest.Matchers.hasItems(alpha.id(), beta.id()));

            // The tenants page: device counts, the pause of a tenant and when its devices were last heard of.
            beta.api().post("/api/v1/policies/" + product + "/pause").then().statusCode(200);
            page.navigate("/console/vendor/tenants");
            Locator betaRow = page.locator("tr[data-tenant='" + beta.id() + "']");
            assertThat(betaRow).containsText("paused (" + product + ")");
            assertThat(betaRow).containsText("America/New_York");
            assertThat(page.locator("tr[data-tenant='" + alpha.id() + "']")).containsText("flowing");
            assertThat(page.locator("tr[data-tenant='" + alpha.id() + "'] td").nth(3)).hasText("4");
            Browser.screenshots(page, "vendor-tenants-pause-contact");
        } finally {
            TimeMachine.clock().thaw();
        }
    }

    @Test
    void aRolloutIsScheduledInANamedZoneThenCancelledAndTheReleaseWithdrawn() {
        String product = VendorApi.product("rs");
        VendorApi.publish(product, "3.0.0");
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        LocalDateTime local = LocalDateTime.ofInstant(TimeMachine.now().plus(Duration.ofDays(1)), berlin).truncatedTo(ChronoUnit.MINUTES);
        Instant expected = local.atZone(berlin).toInstant();

        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, VendorApi.MANAGER, "/console/vendor/releases");
            Locator row = releaseRow(page, product, "3.0.0");
            row.locator("summary", new Locator.LocatorOptions().setHasText("Start rollout")).click();
            row.getByLabel("Start at").check();
            row.getByLabel("Date and time").fill(local.toString());
            row.getByLabel("Time zone").fill("Europe/Berlin");
            row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Start rollout")).click();
            page.waitForURL(ROLLOUT_PAGE);
            UUID rollout = UUID.fromString(page.url().substring(page.url().lastIndexOf('/') + 1));
            var view = VendorApi.get(rollout);
            assertThat(view.getString("state")).isEqualTo("scheduled");
            assertThat(Instant.parse(view.getString("scheduledFor"))).isEqualTo(expected);
            assertThat(page.locator("main")).containsText("Starts by itself at");

            page.navigate("/console/vendor/releases");
            row = releaseRow(page, product, "3.0.0");
            assertThat(row).containsText("Rollout on standard: scheduled");
            page.onDialog(dialog -> dialog.accept());
            row.getByLabel("I mean to cancel it").check();
            row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel scheduled rollout")).click();
            assertThat(page.locator(".notice")).containsText("scheduled rollout is cancelled");
            assertThat(VendorApi.state(rollout)).isEqualTo("aborted");

            // A zone that does not exist is refused with its field named, and nothing is created.
            row = releaseRow(page, product, "3.0.0");
            row.locator("summary", new Locator.LocatorOptions().setHasText("Start rollout")).click();
            row.getByLabel("Start at").check();
            row.getByLabel("Date and time").fill(local.toString());
            row.getByLabel("Time zone").fill("Mars/Olympus");
            row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Start rollout")).click();
            assertThat(page.locator(".error")).containsText("zone: an IANA time zone");
            assertThat(Api.as(VendorApi.MANAGER).get("/api/v1/rollouts?product=" + product + "&state=scheduled")
                    .then().statusCode(200).extract().jsonPath().getList("items.id")).isEmpty();

            // Withdrawing stops the release for good: confirmed in a dialog, and by a ticked box without JavaScript.
            page.navigate("/console/vendor/releases");
            row = releaseRow(page, product, "3.0.0");
            row.locator("summary", new Locator.LocatorOptions().setHasText("Withdraw")).click();
            String csrf = context.cookies().stream().filter(cookie -> cookie.name.equals("csrf-token")).map(cookie -> cookie.value)
                    .findFirst().orElseThrow();
            var unconfirmed = page.request().post("/console/vendor/releases/" + product + "/3.0.0/withdraw", RequestOptions.create()
                    .setHeader("Origin", Browser.baseUrl()).setForm(FormData.create().set("csrf-token", csrf)));
            assertThat(unconfirmed.status()).isEqualTo(422);
            assertThat(VendorApi.releaseState(product, "3.0.0")).isEqualTo("published");
            row.getByLabel("I mean to withdraw").check();
            row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Withdraw release")).click();
            assertThat(page.locator(".notice")).containsText("withdrawn");
            assertThat(releaseRow(page, product, "3.0.0")).containsText("withdrawn");
            assertThat(VendorApi.releaseState(product, "3.0.0")).isEqualTo("withdrawn");
        }
    }

    @Test
    void aVendorViewerSeesReleasesRolloutsAndTenantsWithoutEditControls() {
        String product = VendorApi.product("rv");
        UUID rollout = VendorApi.started(product, "1.1.0");
        VendorApi.publish(product, "1.2.0");
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, "val.viewer", "/console/vendor/releases");
            Locator row = releaseRow(page, product, "1.2.0");
            assertThat(row).containsText("published");
            assertThat(page.locator("section#" + product + " summary")).hasCount(0);
            assertThat(page.locator("section#" + product + " button")).hasCount(0);
            assertThat(releaseRow(page, product, "1.1.0")).containsText("Rollout on standard: running");

            page.navigate("/console/vendor/rollouts/" + rollout);
            assertThat(page.locator("h2#tenants-title")).hasText("Tenants × rings");
            assertThat(page.locator("main form")).hasCount(0);
            Browser.screenshots(page, "vendor-rollout-viewer");

            // A forged start is refused by the role check, not just by the hidden form.
            String csrf = context.cookies().stream().filter(cookie -> cookie.name.equals("csrf-token")).map(cookie -> cookie.value)
                    .findFirst().orElseThrow();
            var forged = page.request().post("/console/vendor/releases/" + product + "/1.2.0/rollout", RequestOptions.create()
                    .setHeader("Origin", Browser.baseUrl()).setForm(FormData.create().set("csrf-token", csrf).set("when", "now")));
            assertThat(forged.status()).isEqualTo(403);
            var forgedWithdraw = page.request().post("/console/vendor/releases/" + product + "/1.2.0/withdraw", RequestOptions.create()
                    .setHeader("Origin", Browser.baseUrl()).setForm(FormData.create().set("csrf-token", csrf).set("confirm", "withdraw")));
            assertThat(forgedWithdraw.status()).isEqualTo(403);
            assertThat(VendorApi.releaseState(product, "1.2.0")).isEqualTo("published");
        }
    }

    private static Map<String, Object> ring(String name, String share, String soak) {
        Map<String, Object> ring = VendorApi.ring(name, share, 0.2);
        ring.put("minSoak", soak);
        return ring;
    }

    private static Locator releaseRow(Page page, String product, String version) {
        return page.locator("section#" + product + " tbody tr", new Page.LocatorOptions()
                .setHas(page.locator("td:first-child", new Page.LocatorOptions().setHasText(version))));
    }

    private static Locator tenantRow(Page page, TestTenant tenant) {
        return page.locator("table.tenant-rings tr[data-tenant='" + tenant.id() + "']");
    }

    private static Locator cell(Page page, TestTenant tenant, int ring) {
        return tenantRow(page, tenant).locator("td").nth(ring);
    }

    private static void assertOffered(Page page, TestTenant tenant, long canary, String what) {
        if (canary > 0) {
            assertThat(cell(page, tenant, 0)).containsText(canary + " " + what);
        } else {
            assertThat(cell(page, tenant, 0)).hasText("—");
        }
    }

    private static String devices(long count) {
        return count == 0 ? "—" : count + " device" + (count == 1 ? "" : "s");
    }

    private static long count(List<Agent> agents, Map<Agent, Integer> rings, int ring) {
        return agents.stream().filter(agent -> rings.get(agent) == ring).count();
    }

    private static int ring(TestTenant tenant, Agent agent, UUID release) {
        return tenant.api().get("/api/v1/devices/" + agent.id() + "/windows").then().statusCode(200).extract().jsonPath()
                .getInt("find { it.releaseId == '" + release + "' }.ring");
    }
}
