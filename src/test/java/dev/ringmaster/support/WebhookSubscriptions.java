package dev.ringmaster.support;

import dev.ringmaster.webhook.Signature;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.hamcrest.Matchers.startsWith;

/**
 * A test's webhook receivers and the subscriptions that point at them, made through the API; {@link #close} deletes
 * the subscriptions (so no later class's events reach a closed port) and stops the receivers.
 */
public final class WebhookSubscriptions implements AutoCloseable {

    /** A subscription as created: its id and the signing secret shown once. */
    public record Subscribed(String id, String secret) {
    }

    private final List<WebhookReceiver> receivers = new ArrayList<>();
    private final List<Runnable> unsubscribe = new ArrayList<>();

    public WebhookReceiver receiver() {
        WebhookReceiver receiver = new WebhookReceiver();
        receivers.add(receiver);
        return receiver;
    }

    /** @param as a fresh request as the subscriber, each time it is called */
    public Subscribed subscribe(Supplier<RequestSpecification> as, WebhookReceiver receiver, List<String> events) {
        JsonPath created = as.get().body(Map.of("url", receiver.url(), "events", events, "description", "test receiver"))
                .post("/api/v1/webhooks").then().statusCode(201)
                .body("secret", startsWith(Signature.SECRET_PREFIX)).extract().jsonPath();
        String id = created.getString("subscription.id");
        unsubscribe.add(() -> as.get().delete("/api/v1/webhooks/" + id).then().statusCode(204));
        return new Subscribed(id, created.getString("secret"));
    }

    @Override
    public void close() {
        unsubscribe.forEach(Runnable::run);
        unsubscribe.clear();
        receivers.forEach(WebhookReceiver::close);
        receivers.clear();
    }
}
