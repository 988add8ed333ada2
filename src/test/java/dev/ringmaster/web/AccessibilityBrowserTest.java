package dev.ringmaster.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.ringmaster.support.Agent;
import dev.ringmaster.support.RolloutStage;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every console page, tenant and vendor, checked by axe-core in the browser (see {@link Axe}): each page is visited
 * with content in it (a tenant with devices, a group, a policy, a webhook; a product with a release and a
 * running rollout), every violation of every page is collected before the test fails, and each page is saved at
 * desktop and phone width.
 */
@QuarkusTest
class AccessibilityBrowserTest extends BrowserTest {

    @Test
    void everyTenantPageHasNoSeriousOrCriticalViolation() {
        RolloutStage stage = RolloutStage.open("a11y-tenant", 1);
        Agent device = stage.enroll("a11y-0");
        device.checkInAndInstall();
        String group = stage.tenant().api().body(Map.of("name", "a11y-pilots", "pilot", true)).post("/api/v1/groups")
                .then().statusCode(201).extract().path("id");
        String hook = stage.tenant().api().body(Map.of("url", "http://127.0.0.1:9/a11y", "events", List.of("tenant.paused")))
                .post("/api/v1/webhooks").then().statusCode(201).extract().path("subscription.id");
        List<String> pages = List.of("/console", "/console/fleet", "/console/fleet/devices/" + device.id(),
                "/console/import", "/console/groups", "/console/groups/" + group, "/console/rollouts", "/console/users",
                "/console/keys", "/console/policies", "/console/policies/" + stage.product(), "/console/policy-code", "/console/approvals",
                "/console/audit", "/console/webhooks", "/console/webhooks/" + hook);
        checkAll(stage.tenant().admin(), pages, "a11y-tenant");
    }

    @Test
    void everyVendorPageHasNoSeriousOrCriticalViolation() {
        RolloutStage stage = RolloutStage.open("a11y-vendor", 2);
        checkAll(VendorApi.ADMIN, List.of("/console", "/console/vendor/releases", "/console/vendor/ring-plans",
                "/console/vendor/ring-plans/" + stage.product() + "/new",
                "/console/vendor/ring-plans/" + stage.product() + "/standard",
                "/console/vendor/rollouts", "/console/vendor/rollouts/" + stage.rollout(), "/console/vendor/tenants",
                "/console/audit", "/console/webhooks", "/"), "a11y-vendor");
    }

    private static void checkAll(String user, List<String> paths, String prefix) {
        List<String> failures = new ArrayList<>();
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, user, paths.getFirst());
            for (String path : paths) {
                page.navigate(path);
                String name = prefix + path.replace("/console", "").replaceAll("[^A-Za-z0-9]+", "-")
                        .replaceAll("-[0-9a-f]{8}-[0-9a-f-]{27}", "-id");
                try {
                    Browser.screenshots(page, name);
                } catch (AssertionError e) {
                    failures.add(e.getMessage());
                }
            }
        }
        assertThat(failures).as("serious or critical accessibility violations").isEmpty();
    }

    @AfterAll
    static void summary() {
        System.out.println("axe-core " + Axe.VERSION + " summary, " + Axe.LOG.size() + " page(s):");
        Axe.LOG.forEach(line -> System.out.println("  " + line));
    }
}
