package dev.ringmaster.web;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.RolloutStage;
import dev.ringmaster.support.TestTenant;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant admin's everyday work in a real browser, signed in through Keycloak's login page: filling a pilot
 * group by a filter, importing devices from CSV after a dry run, reading a device's install timeline and the
 * rollouts that reach the tenant, inviting a colleague who then signs in; what a viewer and an operator may not do; and that one tenant's admin sees
 * nothing of another's. Works in a tenant and product of its own (a one-ring rollout, so devices are offered
 * at their first check-in) and a second tenant of its own.
 */
@QuarkusTest
class TenantAdminConsoleBrowserTest extends BrowserTest {

    static RolloutStage stage;
    static TestTenant other;

    /** Made once, by the first test (RestAssured knows the port then). */
    @BeforeEach
    void stage() {
        if (stage != null) {
            return;
        }
        stage = RolloutStage.open("console-tenant", 1);
        stage.tenant().enroll("kiosk", 3, stage.product(), "1.0.0");
        stage.tenant().enroll("till", 2, stage.product(), "1.0.0");
        other = TestTenant.create("console-other");
        other.followsRolloutsAtOnce(stage.product());
        other.enroll("other-kiosk", 1, stage.product(), "1.0.0");
    }

    @Test
    void anAdminFillsAPilotGroupByAFilterAndPicksAndRemovesDevices() {
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, stage.tenant().admin(), "/console/groups");
            page.getByLabel("Name").fill("pilots");
            page.getByLabel("Pilot group").check();
            page.getByText("Create group").click();
            assertThat(page.locator("h1")).hasText("Group pilots (pilot group)");
            assertThat(page.locator("#members + p")).containsText("No devices in this group yet.");

            page.getByLabel("Device id or name contains").fill("kiosk");
            page.getByText("Find", new Page.GetByTextOptions().setExact(true)).click();
            assertThat(page.locator("#candidates caption")).hasText("3 device(s) match");
            page.locator("#add-matching").click();
            assertThat(page.locator(".notice")).hasText("3 device(s) added.");
            assertThat(page.locator("#members")).hasText("Members (3)");
            Browser.screenshots(page, "tenant-group-members");

            // One more, picked by hand from the list: the kiosks are marked as members and offer no box.
            page.getByLabel("Device id or name contains").fill("till-1");
            page.getByText("Find", new Page.GetByTextOptions().setExact(true)).click();
            page.getByLabel("Add till-1").check();
            page.getByText("Add ticked devices").click();
            assertThat(page.locator(".notice")).hasText("1 device(s) added.");
            assertThat(page.locator("#members")).hasText("Members (4)");

            page.getByLabel("Remove kiosk-0").check();
            page.getByText("Remove ticked members").click();
            assertThat(page.locator(".notice")).hasText("1 device(s) removed.");
            assertThat(page.locator("#members")).hasText("Members (3)");
        }
        String group = stage.tenant().api().get("/api/v1/groups").then().statusCode(200).extract().path("find { it.name == 'pilots' }.id");
        List<String> members = stage.tenant().api().get("/api/v1/groups/" + group).then().statusCode(200).extract().path("deviceIds");
        assertThat(members).hasSize(3);
        assertThat(stage.tenant().api().get("/api/v1/groups/" + group).then().extract().<Boolean>path("pilot")).isTrue();
        List<String> actions = stage.tenant().api().get("/api/v1/audit").then().statusCode(200).extract().path("action");
        assertThat(actions).contains("group.add-found", "group.add-members", "group.remove-members");
    }

    @Test
    void aCsvWithOneBadRowIsShownByTheDryRunAndNothingIsStoredUntilItIsFixed() {
        String bad = """
                deviceId,name,timeZone
                csv-0,Front desk,Europe/Berlin
                csv-1,Back office,Mars/Olympus
                csv-2,Store room,America/New_York
                """;
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, stage.tenant().admin(), "/console/fleet");
            page.getByText("Import devices from CSV").click();
            assertThat(page.locator("h1")).hasText("Import devices from CSV");
            page.getByLabel("CSV: paste").fill(bad);
            page.getByText("Check (dry run)").click();
            assertThat(page.locator("#import-errors")).containsText("Dry run: 1 problem(s); nothing was stored.");
            assertThat(page.locator("#import-errors")).containsText("line 3, timeZone");
            assertThat(page.locator("#import-errors")).containsText("unknown time zone 'Mars/Olympus'");
            Browser.screenshots(page, "tenant-import-dry-run");
            assertThat(csvDevices()).isZero();

            // Importing the file as it is is refused as a whole, too.
            page.getByText("Import", new Page.GetByTextOptions().setExact(true)).click();
            assertThat(page.locator("#import-errors")).containsText("nothing was stored");
            assertThat(csvDevices()).isZero();

            page.getByLabel("CSV: paste").fill(bad.replace("Mars/Olympus", "Europe/Paris"));
            page.getByText("Check (dry run)").click();
            assertThat(page.locator("#import-result")).containsText("would create 3 and update 0 device(s). Nothing was stored yet.");
            assertThat(csvDevices()).isZero();
            page.getByText("Import", new Page.GetByTextOptions().setExact(true)).click();
            assertThat(page.locator("#import-result")).containsText("Imported: 3 device(s) created, 0 updated.");
        }
        assertThat(csvDevices()).isEqualTo(3);
        String paris = stage.tenant().api().get("/api/v1/devices/" + Api.deviceId(stage.tenant().admin(), "csv-1"))
                .then().statusCode(200).extract().path("timeZone");
        assertThat(paris).isEqualTo("Europe/Paris");
    }

    @Test
    void anAdminReadsADevicesInstallTimelineAndTheRolloutsThatReachTheTenant() {
        Agent agent = stage.enroll("timeline-0");
        assertThat(agent.checkInAndInstall()).isEqualTo(stage.version());
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, stage.tenant().admin(), "/console/fleet/devices/" + agent.id());
            assertThat(page.locator("h1")).hasText("Device timeline-0");
            assertThat(page.locator("#history + p")).containsText("Times in UTC");
            var install = page.locator("section.install").first();
            assertThat(install.locator("h3")).hasText(stage.product() + " " + stage.version() + ": succeeded");
            assertThat(install.locator("li strong")).hasText(new String[]{"Offered", "Downloading", "Installing", "Succeeded"});
            assertThat(install.locator("li time").first()).containsText(" UTC");
            Browser.screenshots(page, "tenant-device-timeline");

            page.getByRole(com.microsoft.playwright.options.AriaRole.LINK, new Page.GetByRoleOptions().setName("Rollouts")).click();
            assertThat(page.locator("h1")).hasText("Rollouts reaching your devices");
            var rollout = page.locator("section.rollout").filter(new com.microsoft.playwright.Locator.FilterOptions()
                    .setHasText(stage.product() + " " + stage.version()));
            assertThat(rollout).containsText("State: running");
            assertThat(rollout.locator("tbody tr th")).hasText("broad");
            assertThat(rollout).containsText("of your device(s) in this rollout: 1 succeeded, 0 failed.");
            Browser.screenshots(page, "tenant-rollouts");
        }
    }

    @Test
    void aViewerSeesNoEditControlAndItsForgedPostsAreRefused() {
        String viewer = stage.tenant().user("tenant-viewer");
        String group = stage.tenant().api().body(Map.of("name", "viewer-watched", "pilot", false)).post("/api/v1/groups")
                .then().statusCode(201).extract().path("id");
        String kiosk = Api.deviceId(stage.tenant().admin(), "kiosk-2");
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, viewer, "/console/groups/" + group + "?q=kiosk");
            assertThat(page.locator("h1")).hasText("Group viewer-watched");
            assertThat(page.locator("#candidates tbody tr")).hasCount(3);
            assertThat(page.locator("main form[method='post']")).hasCount(0);
            assertThat(page.locator("main input[type='checkbox']")).hasCount(0);
            assertThat(page.locator("main button")).hasText(new String[]{"Find"});
            page.navigate("/console/fleet");
            assertThat(page.getByText("Import devices from CSV")).hasCount(0);
            Browser.screenshots(page, "tenant-group-viewer");
            assertThat(page.request().get("/console/import").status()).isEqualTo(403);
            assertThat(page.request().get("/console/users").status()).isEqualTo(403);

            String csrf = ConsoleCsrfTest.csrfToken(context);
            RequestOptions add = RequestOptions.create().setMaxRedirects(0).setHeader("Origin", Browser.baseUrl())
                    .setForm(FormData.create().set("csrf-token", csrf).set("device", kiosk));
            assertThat(page.request().post("/console/groups/" + group + "/members", add).status()).isEqualTo(403);
            RequestOptions matching = RequestOptions.create().setMaxRedirects(0).setHeader("Origin", Browser.baseUrl())
                    .setForm(FormData.create().set("csrf-token", csrf).set("q", "kiosk"));
            assertThat(page.request().post("/console/groups/" + group + "/members/matching", matching).status()).isEqualTo(403);
            RequestOptions csv = RequestOptions.create().setMaxRedirects(0).setHeader("Origin", Browser.baseUrl())
                    .setForm(FormData.create().set("csrf-token", csrf).set("csv", "deviceId\nforged-0\n").set("run", "import"));
            assertThat(page.request().post("/console/import", csv).status()).isEqualTo(403);
        }
        assertThat(stage.tenant().api().get("/api/v1/groups/" + group).then().extract().<List<String>>path("deviceIds")).isEmpty();
        assertThat(stage.tenant().api().queryParam("q", "forged").get("/api/v1/devices").then().extract().<Integer>path("total")).isZero();
    }

    @Test
    void anAdminInvitesAUserWhoSignsInWithTheTemporaryPasswordThenChangesTheirRoleAndDisablesThem() {
        String login;
        String temporary;
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, stage.tenant().admin(), "/console/users");
            assertThat(page.locator("h1")).hasText("Users of the tenant");
            page.getByLabel("Name to sign in with").fill("invitee");
            page.getByLabel("E-mail").fill("invitee-" + stage.tenant().id() + "@example.com");
            page.getByLabel("First name").fill("Ina");
            page.getByLabel("Last name").fill("Vitee");
            page.locator("#invite select[name='role']").selectOption("tenant-operator");
            page.getByText("Invite", new Page.GetByTextOptions().setExact(true)).click();
            login = page.locator("#invited-login").textContent().strip();
            temporary = page.locator("#invited-password").textContent().strip();
            assertThat(login).isEqualTo("invitee@" + stage.tenant().id());
            assertThat(temporary).isNotBlank();
            Browser.screenshots(page, "tenant-users");
            page.navigate("/console/users");
            assertThat(page.content()).doesNotContain(temporary);
        }
        try (BrowserContext context = browser.session()) {
            Page page = context.newPage();
            page.navigate("/console");
            page.locator("#username").fill(login);
            page.locator("#kc-login").click();
            page.locator("#password").fill(temporary);
            page.locator("#kc-login").click();
            // Keycloak asks for a new password at the first sign-in with a temporary one.
            page.locator("#password-new").fill("Invited-user-2026");
            page.locator("#password-confirm").fill("Invited-user-2026");
            page.locator("#kc-submit").click();
            page.waitForURL(url -> url.startsWith(Browser.baseUrl() + "/console"));
            assertThat(page.locator("header .roles")).containsText("tenant-operator");
            assertThat(page.locator("header .tenant")).hasText(stage.tenant().id());
            assertThat(page.locator("nav")).not().containsText("Users");
        }
        String id = stage.tenant().api().get("/api/v1/users").then().statusCode(200).extract()
                .path("find { it.username == '" + login + "' }.id");
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, stage.tenant().admin(), "/console/users");
            page.locator("#role-" + id).selectOption("tenant-viewer");
            page.getByLabel("Change the role of " + login).click();
            assertThat(page.locator("#role-" + id)).hasValue("tenant-viewer");
            // Disabling asks first (htmx's confirmation; without JavaScript the button posts at once).
            page.onDialog(dialog -> dialog.accept());
            page.getByLabel("Disable " + login).click();
            assertThat(page.getByLabel("Enable " + login)).isVisible();
            assertThat(page.locator("tr", new Page.LocatorOptions().setHasText(login))).containsText("disabled");
        }
        assertThat(stage.tenant().api().get("/api/v1/users").then().extract()
                .<String>path("find { it.username == '" + login + "' }.role")).isEqualTo("tenant-viewer");
        assertThat(stage.tenant().api().get("/api/v1/users").then().extract()
                .<Boolean>path("find { it.username == '" + login + "' }.enabled")).isFalse();
        assertThat(stage.tenant().api().get("/api/v1/audit").then().statusCode(200).extract().<List<String>>path("action"))
                .contains("user.invite", "user.role", "user.disable");
    }

    @Test
    void anOperatorFillsGroupsButSeesNoAdminControls() {
        String operator = stage.tenant().user("tenant-operator");
        String group = stage.tenant().api().body(Map.of("name", "operator-filled", "pilot", false)).post("/api/v1/groups")
                .then().statusCode(201).extract().path("id");
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, operator, "/console/groups/" + group + "?q=till");
            page.locator("#add-matching").click();
            assertThat(page.locator(".notice")).hasText("2 device(s) added.");
            page.navigate("/console/keys");
            assertThat(page.locator("form[action='/console/keys']")).hasCount(0);
            String csrf = ConsoleCsrfTest.csrfToken(context);
            APIResponse key = page.request().post("/console/keys", RequestOptions.create().setMaxRedirects(0)
                    .setHeader("Origin", Browser.baseUrl())
                    .setForm(FormData.create().set("csrf-token", csrf).set("name", "x").set("validDays", "1").set("maxUses", "1")));
            assertThat(key.status()).isEqualTo(403);
        }
        assertThat(stage.tenant().api().get("/api/v1/groups/" + group).then().extract().<List<String>>path("deviceIds")).hasSize(2);
    }

    @Test
    void oneTenantsAdminSeesNothingOfAnothersGroupsDevicesOrRollouts() {
        String theirGroup = stage.tenant().api().body(Map.of("name", "not-yours", "pilot", true)).post("/api/v1/groups")
                .then().statusCode(201).extract().path("id");
        String theirDevice = Api.deviceId(stage.tenant().admin(), "kiosk-1");
        String ownGroup = other.api().body(Map.of("name", "own", "pilot", false)).post("/api/v1/groups")
                .then().statusCode(201).extract().path("id");
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, other.admin(), "/console/groups/" + ownGroup + "?q=kiosk");
            // Only its own kiosk matches; adding "all that match" takes nothing of the other tenant.
            assertThat(page.locator("#candidates caption")).hasText("1 device(s) match");
            assertThat(page.locator("#candidates tbody")).containsText("other-kiosk-0");
            page.locator("#add-matching").click();
            assertThat(page.locator(".notice")).hasText("1 device(s) added.");

            assertThat(page.request().get("/console/groups/" + theirGroup).status()).isEqualTo(404);
            assertThat(page.request().get("/console/fleet/devices/" + theirDevice).status()).isEqualTo(404);
            String csrf = ConsoleCsrfTest.csrfToken(context);
            APIResponse foreignDevice = page.request().post("/console/groups/" + ownGroup + "/members", RequestOptions.create()
                    .setMaxRedirects(0).setHeader("Origin", Browser.baseUrl())
                    .setForm(FormData.create().set("csrf-token", csrf).set("device", theirDevice)));
            assertThat(foreignDevice.status()).isEqualTo(404);
            APIResponse foreignGroup = page.request().post("/console/groups/" + theirGroup + "/members/matching", RequestOptions.create()
                    .setMaxRedirects(0).setHeader("Origin", Browser.baseUrl())
                    .setForm(FormData.create().set("csrf-token", csrf).set("q", "other")));
            assertThat(foreignGroup.status()).isEqualTo(404);

            page.navigate("/console/groups");
            assertThat(page.locator("main")).not().containsText("not-yours");
            page.navigate("/console/rollouts");
            // Its own device is in the same rollout: it sees its one device, never the other tenant's.
            assertThat(page.locator("section.rollout").filter(new com.microsoft.playwright.Locator.FilterOptions()
                    .setHasText(stage.product() + " " + stage.version()))).containsText("1 of your device(s) in this rollout");
            page.navigate("/console/fleet?q=kiosk");
            assertThat(page.locator("tbody")).not().containsText(stage.tenant().id());
            assertThat(page.locator("tbody a")).hasText(new String[]{"other-kiosk-0"});
        }
        assertThat(stage.tenant().api().get("/api/v1/groups/" + theirGroup).then().extract().<List<String>>path("deviceIds")).isEmpty();
        assertThat(other.api().get("/api/v1/groups/" + ownGroup).then().extract().<List<String>>path("deviceIds")).hasSize(1);
    }

    private static int csvDevices() {
        return stage.tenant().api().queryParam("q", "csv-").get("/api/v1/devices").then().statusCode(200).extract().path("total");
    }
}
