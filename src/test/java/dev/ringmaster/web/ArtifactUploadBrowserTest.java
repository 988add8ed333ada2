package dev.ringmaster.web;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.DeviceApi;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** A release manager uploads an artifact into a draft from the vendor's release page, in a real browser. */
@QuarkusTest
class ArtifactUploadBrowserTest extends BrowserTest {

    @Test
    void aReleaseManagerUploadsAFileIntoADraftAndAFormWithoutItsTokenIsRefused() throws Exception {
        String product = VendorApi.product("upload-console");
        Api.as(VendorApi.MANAGER).body(Map.of("version", "1.4.0", "notes", "uploaded from the console"))
                .post("/api/v1/products/" + product + "/releases").then().statusCode(201);
        byte[] content = "console build 1.4.0 ".repeat(100_000).getBytes(StandardCharsets.UTF_8);
        Path file = Files.createTempDirectory("upload").resolve("scanner-1.4.0.swu");
        Files.write(file, content);

        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, VendorApi.MANAGER, "/console/vendor/releases");
            var row = page.locator("section#" + product + " tr", new Page.LocatorOptions().setHasText("1.4.0"));
            var form = row.locator("form.upload-artifact");
            form.getByLabel("SHA-256 (optional, checked)").fill("0".repeat(64));
            form.getByLabel("Artifact file").setInputFiles(file);
            form.getByText("Upload artifact").click();
            assertThat(page.locator(".error, [role=alert]").first()).containsText("sha256");

            row = page.locator("section#" + product + " tr", new Page.LocatorOptions().setHasText("1.4.0"));
            form = row.locator("form.upload-artifact");
            form.getByLabel("SHA-256 (optional, checked)").fill(DeviceApi.sha256(content));
            form.getByLabel("Artifact file").setInputFiles(file);
            form.getByText("Upload artifact").click();
            assertThat(page.locator(".notice")).containsText("uploaded");
            assertThat(page.locator("section#" + product + " tr", new Page.LocatorOptions().setHasText("1.4.0")))
                    .containsText("scanner-1.4.0.swu (" + content.length + " B)");
            Browser.screenshots(page, "vendor-artifact-upload");

            // The same form posted without the session's CSRF token changes nothing.
            APIResponse forged = page.request().post("/console/vendor/releases/" + product + "/1.4.0/artifacts",
                    RequestOptions.create().setHeader("Origin", Browser.baseUrl()).setMultipart(FormData.create()
                            .set("file", new FilePayload("other.bin", "application/octet-stream", "x".getBytes(StandardCharsets.UTF_8)))));
            org.assertj.core.api.Assertions.assertThat(forged.status()).isIn(400, 403);
        }
        Api.as(VendorApi.MANAGER).get("/api/v1/products/" + product + "/releases/1.4.0").then().statusCode(200)
                .body("artifacts.name", equalTo(java.util.List.of("scanner-1.4.0.swu")))
                .body("artifacts[0].sha256", equalTo(DeviceApi.sha256(content)));
    }
}
