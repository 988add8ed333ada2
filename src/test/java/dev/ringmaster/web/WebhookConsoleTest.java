package dev.ringmaster.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.WebhookReceiver;
import dev.ringmaster.webhook.Signature;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** A tenant admin subscribes a receiver in the console, sends it a test event and reads the delivery log. */
@QuarkusTest
class WebhookConsoleTest extends BrowserTest {

    @Test
    void subscribeSendATestEventAndSeeItDelivered() {
        TestTenant tenant = TestTenant.create("wh-console");
        try (WebhookReceiver receiver = new WebhookReceiver(); BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, tenant.admin(), "/console/webhooks");
            page.locator("input[name='url']").fill(receiver.url());
            page.locator("input[name='events'][value='tenant.paused']").check();
            page.locator("input[name='description']").fill("ops pager");
            page.getByText("Subscribe").click();
            assertThat(page.locator("#new-secret")).isVisible();
            String secret = page.locator("#new-secret").innerText().strip();
            org.assertj.core.api.Assertions.assertThat(secret).startsWith(Signature.SECRET_PREFIX);
            assertThat(page.locator("table")).containsText(receiver.url());

            page.getByText("Send test event").click();
            assertThat(page.locator(".notice")).containsText("queued");
            TimeMachine.tick();
            org.assertj.core.api.Assertions.assertThat(receiver.accepted()).hasSize(1);
            WebhookReceiver.Received received = receiver.accepted().getFirst();
            org.assertj.core.api.Assertions.assertThat(Signature.verify(secret, received.header("webhook-id"),
                    Long.parseLong(received.header("webhook-timestamp")), received.body(),
                    received.header("webhook-signature"))).isTrue();

            page.navigate(page.url().replaceAll("/console/webhooks.*", "/console/webhooks"));
            page.locator("table a").first().click();
            assertThat(page.locator("table")).containsText("dev.ringmaster.webhook.test");
            assertThat(page.locator("table")).containsText("delivered");

            page.navigate(page.url().replaceAll("/console/webhooks.*", "/console/webhooks"));
            page.onDialog(dialog -> dialog.accept());
            page.getByText("Delete").click();
            assertThat(page.locator("table")).containsText("No webhook subscriptions yet.");
        }
    }
}
