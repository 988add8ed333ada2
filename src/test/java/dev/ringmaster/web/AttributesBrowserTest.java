package dev.ringmaster.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * A tenant admin filters the fleet by attributes (a plain GET form: no script needed) and reads a device's
 * attributes on its page; a filter that breaks the rules is shown back with its problem.
 */
@QuarkusTest
class AttributesBrowserTest extends BrowserTest {

    @Test
    void theFleetIsFilteredByAttributesAndADevicePageShowsThem() {
        TestTenant tenant = TestTenant.create("console-attrs");
        String product = VendorApi.product("console-attrs");
        String key = Api.enrollmentKey(tenant.admin(), 2);
        Agent.enroll(key, "board-a", null, product, "1.0.0", Map.of("model", "rm-200", "osBuild", "22631", "rack", "r1"));
        Agent.enroll(key, "board-b", null, product, "1.0.0", Map.of("model", "rm-300", "osBuild", "22631"));

        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, tenant.admin(), "/console/fleet");
            page.getByLabel("Attributes").fill("model=rm-200, osBuild=22631");
            page.getByLabel("Attributes").press("Enter");
            var rows = page.locator("#devices ~ .table-wrap tbody tr");
            assertThat(rows).hasCount(1);
            assertThat(rows.first()).containsText("board-a");
            Browser.screenshots(page, "tenant-fleet-attributes");

            page.getByRole(com.microsoft.playwright.options.AriaRole.LINK, new Page.GetByRoleOptions().setName("board-a")).click();
            var attributes = page.locator("h2:has-text('Attributes') + table");
            assertThat(attributes.locator("tbody tr").first()).containsText("model");
            assertThat(attributes.locator("tbody tr").first()).containsText("rm-200");
            assertThat(attributes).containsText("rack");

            page.navigate("/console/fleet?attributes=model");
            assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.ALERT)).containsText("key=value");
        }
    }
}
