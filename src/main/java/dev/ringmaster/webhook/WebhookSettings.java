package dev.ringmaster.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** Settings of the webhook dispatcher (the "# --- Webhooks" section of application.properties). */
@ConfigMapping(prefix = "ringmaster.webhooks")
public interface WebhookSettings {

    /** How often the dispatcher looks for due deliveries; {@code off} in the tests, which run it from the TimeMachine. */
    @WithDefault("5s")
    String every();

    /** The wait after a first failed attempt; it doubles after each further failure up to {@link #backoffCap()}. */
    @WithName("backoff-initial")
    @WithDefault("PT30S")
    Duration backoffInitial();

    @WithName("backoff-cap")
    @WithDefault("PT1H")
    Duration backoffCap();

    /** Attempts before a delivery is given up and marked failed (with the defaults the last comes about 5 hours after the first). */
    @WithName("max-attempts")
    @WithDefault("12")
    int maxAttempts();

    /** How long one attempt may take, connecting included. */
    @WithDefault("PT10S")
    Duration timeout();

    /** Deliveries sent in one pass at most; the rest wait for the next. */
    @WithName("batch")
    @WithDefault("200")
    int batch();

    /**
     * Allows {@code http} and loopback or private targets. Off in production; on in the local and test profiles so a
     * receiver on the same machine can be subscribed.
     */
    @WithName("allow-private-targets")
    @WithDefault("false")
    boolean allowPrivateTargets();

    default Backoff backoff() {
        return new Backoff(backoffInitial(), backoffCap(), maxAttempts());
    }
}
