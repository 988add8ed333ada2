package dev.ringmaster.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.ringmaster.support.TestTenant;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;

/** A tenant admin creates a key held to device-id patterns in the console; devices outside them cannot use it. */
@QuarkusTest
class ScopedKeyConsoleTest extends BrowserTest {

    @Test
    void aKeyCreatedWithPatternsInTheConsoleEnrollsOnlyMatchingIds() {
        TestTenant tenant = TestTenant.create("keyscope");
        String secret;
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, tenant.admin(), "/console/keys");
            page.locator("input[name='name']").fill("dock scanners");
            page.locator("input[name='deviceIdPatterns']").fill("scanner-*, dock-??");
            page.getByText("Create key").click();
            assertThat(page.locator("#new-secret")).isVisible();
            assertThat(page.locator("table")).containsText("scanner-*");
            assertThat(page.locator("table")).containsText("dock-??");
            secret = page.locator("#new-secret").innerText().strip();
        }

        enroll(secret, "scanner-1").then().statusCode(201);
        enroll(secret, "printer-1").then().statusCode(403).contentType("application/problem+json");
    }

    private static io.restassured.response.Response enroll(String key, String deviceId) {
        return given().contentType(ContentType.JSON).body(Map.of("enrollmentKey", key, "deviceId", deviceId))
                .post("/api/device/v1/enroll");
    }
}
