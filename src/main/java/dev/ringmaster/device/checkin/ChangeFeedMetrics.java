package dev.ringmaster.device.checkin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The change feed's health. Notifications carry no send time, so the lag shown is its upper bound: the seconds
 * since the listener was last heard from (a notification or an answered heartbeat), which stays near the
 * heartbeat while the feed works and grows without bound while it does not. The caches are off whenever
 * {@code ringmaster_change_feed_connected} is 0.
 * Created at start, so every series is there from the first scrape, at zero until something happens.
 */
@Startup
@ApplicationScoped
public class ChangeFeedMetrics {

    /** What a notification made this replica forget. */
    enum Kind { DEVICE, ROWS, POLICY, TENANT, ALL }

    private final AtomicLong connected = new AtomicLong();
    /** {@link System#nanoTime()} when last heard from; 0 before the first connection. */
    private final AtomicLong heardAt = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final Counter reconnects;
    private final Timer heartbeats;
    private final Map<Kind, Counter> notifications = new EnumMap<>(Kind.class);

    @Inject
    public ChangeFeedMetrics(MeterRegistry registry) {
        Gauge.builder("ringmaster.change.feed.connected", connected, AtomicLong::get)
                .description("1 while this replica listens for changes (its device caches on), else 0").register(registry);
        Gauge.builder("ringmaster.change.feed.silence", this, ChangeFeedMetrics::silenceSeconds).baseUnit("seconds")
                .description("Seconds since the change feed was last heard from: the bound on how stale a cached answer can be")
                .register(registry);
        reconnects = Counter.builder("ringmaster.change.feed.reconnects")
                .description("Times the change feed listened again after losing its connection").register(registry);
        heartbeats = Timer.builder("ringmaster.change.feed.heartbeat")
                .description("Round trips that prove a quiet listener is still connected").register(registry);
        for (Kind kind : Kind.values()) {
            notifications.put(kind, Counter.builder("ringmaster.change.feed.notifications")
                    .description("Change notifications applied to this replica's caches")
                    .tag("kind", kind.name().toLowerCase(java.util.Locale.ROOT)).register(registry));
        }
    }

    void listening() {
        if (connections.incrementAndGet() > 1) {
            reconnects.increment();
        }
        connected.set(1);
        heard();
    }

    void lost() {
        connected.set(0);
    }

    void heard() {
        heardAt.set(System.nanoTime());
    }

    void heartbeat(Duration roundTrip) {
        heartbeats.record(roundTrip);
        heard();
    }

    void notified(Kind kind) {
        notifications.get(kind).increment();
    }

    private double silenceSeconds() {
        long at = heardAt.get();
        return at == 0 ? 0 : (System.nanoTime() - at) / 1e9;
    }
}
