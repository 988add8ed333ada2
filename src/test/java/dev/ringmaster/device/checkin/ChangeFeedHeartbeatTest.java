package dev.ringmaster.device.checkin;

import dev.ringmaster.device.CacheGenerations;
import dev.ringmaster.support.SilenceableProxy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import static dev.ringmaster.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A change feed whose connection dies without a word — the network between the service and PostgreSQL goes
 * silent, nothing is closed — must notice, stop trusting the caches, and listen again once the network is back.
 * A second feed, of its own caches' generations, listens through a proxy that can go silent.
 */
@QuarkusTest
class ChangeFeedHeartbeatTest {

    @Inject
    ChangeFeed serviceFeed;

    @Test
    void aListenerThatGoesSilentIsNoticedAndTheCachesAreOffUntilItListensAgain() throws Exception {
        URI database = URI.create(ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class).substring("jdbc:".length()));
        try (SilenceableProxy network = new SilenceableProxy(database.getHost(), database.getPort())) {
            ChangeFeed service = ClientProxy.unwrap(serviceFeed);
            ChangeFeed feed = new ChangeFeed();
            feed.generations = new CacheGenerations();
            feed.cards = service.cards;
            feed.decisions = service.decisions;
            feed.rows = service.rows;
            feed.attributes = service.attributes;
            feed.configData = service.configData;
            feed.settings = service.settings;
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            feed.metrics = new ChangeFeedMetrics(registry);
            feed.user = service.user;
            feed.password = service.password;
            feed.url = Optional.of("jdbc:postgresql://" + database.getHost() + ":" + network.port() + database.getPath()
                    + (database.getQuery() == null ? "" : "?" + database.getQuery()));
            feed.heartbeat = Duration.ofSeconds(1);
            feed.networkTimeout = Duration.ofSeconds(1);
            feed.start(null);
            try {
                eventually(feed.generations::trusted, trusted -> trusted);

                network.silence();
                // Heard of nothing for a second, then a round trip that gets no answer within a second.
                eventually(feed.generations::trusted, trusted -> !trusted);
                long forgotten = feed.generations.changes();
                assertThat(registry.get("ringmaster.change.feed.connected").gauge().value()).as("connected, while deaf").isZero();

                network.resume();
                eventually(feed.generations::trusted, trusted -> trusted);
                // Listening again, it forgot everything: notifications sent while it was deaf are lost.
                assertThat(feed.generations.changes()).isGreaterThan(forgotten);
                assertThat(registry.get("ringmaster.change.feed.reconnects").counter().count()).isEqualTo(1);
                assertThat(registry.get("ringmaster.change.feed.connected").gauge().value()).isEqualTo(1);
            } finally {
                feed.stop(null);
            }
        }
    }
}
