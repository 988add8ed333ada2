package dev.ringmaster.device.checkin;

import dev.ringmaster.device.CacheGenerations;
import dev.ringmaster.device.ConfigDataStamps;
import dev.ringmaster.device.DeviceApiSettings;
import dev.ringmaster.device.KnownAttributes;
import dev.ringmaster.device.offer.DeviceRowsCache;
import dev.ringmaster.device.offer.ReleaseCards;
import dev.ringmaster.rollout.RolloutChanged;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * Keeps this replica's device caches honest across replicas: one connection of its own LISTENs on
 * {@code ringmaster_device_decisions}, where triggers (V9) announce, after commit, every change a device
 * decision depends on, whichever replica or job made it. A tenant's name forgets that tenant's entries;
 * {@code *} forgets all. While the connection is down the caches are not trusted at all, and on reconnect
 * everything is forgotten, since notifications sent meanwhile are lost. A heartbeat notices a connection
 * that died silently, and a maximum age empties the caches now and then whatever happens.
 *
 * <p>Changes made in this replica's own transactions (a rollout change) are also forgotten directly after
 * commit, so this replica never answers from a cache older than its own last commit.
 */
@ApplicationScoped
public class ChangeFeed {

    public static final String CHANNEL = "ringmaster_device_decisions";
    private static final String DEVICE_PREFIX = "device:";
    /** A statement rewrote the rows of many of the tenant's devices (V15): its tokens still hold. */
    private static final String ROWS_PREFIX = "rows:";
    /** The tenant's policies changed (V25): its devices' tokens and rows still hold, their decisions do not. */
    private static final String POLICY_PREFIX = "policy:";
    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);

    @Inject
    CacheGenerations generations;

    @Inject
    ReleaseCards cards;

    @Inject
    DecisionCache decisions;

    @Inject
    DeviceRowsCache rows;

    @Inject
    KnownAttributes attributes;

    @Inject
    ConfigDataStamps configData;

    @Inject
    DeviceApiSettings settings;

    @Inject
    ChangeFeedMetrics metrics;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    Optional<String> url;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> user;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    /** A round trip after this long without notifications proves the listener is still heard (tests shorten it). */
    Duration heartbeat = Duration.ofSeconds(10);

    /** How long a round trip (the heartbeat, a login) may take before the connection counts as dead. */
    Duration networkTimeout = Duration.ofSeconds(5);

    private volatile boolean running;
    private Thread listener;

    void start(@Observes StartupEvent started) {
        if (url.isEmpty() || url.get().isBlank()) {
            LOG.warn("no database URL: device decision caches stay off");
            return;
        }
        running = true;
        listener = Thread.ofPlatform().daemon().name("device-change-feed").start(this::listen);
    }

    void stop(@Observes ShutdownEvent stopping) {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }

    void rolloutChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) RolloutChanged changed) {
        sharedFactsChanged();
    }

    /**
     * What {@code *} announces — a rollout, a ring, a release, a cohort quarantine, a tenant's status — are the facts
     * every decision shares; the devices' tokens and their own rows do not depend on them. So every tenant's
     * decisions and facts go (and the release cards), and the fleet's tokens and rows stay: a ring opening does not
     * send every device's next poll to the database twice over.
     */
    private void sharedFactsChanged() {
        generations.forgetEveryTenant(CacheGenerations.Kind.DECISIONS);
        cards.forgetAll();
    }

    private void listen() {
        while (running) {
            try (Connection connection = DriverManager.getConnection(url.get(), connectionProperties())) {
                // A heartbeat on a connection that died without a word (a partition, a dead host) must fail, not hang.
                connection.setNetworkTimeout(Runnable::run, (int) networkTimeout.toMillis());
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                // Anything may have changed while no one listened.
                forgetAll();
                metrics.listening();
                generations.trusted(true);
                receive(connection);
            } catch (SQLException e) {
                metrics.lost();
                generations.trusted(false);
                if (running) {
                    LOG.warnf("device change feed lost (%s); caches off until it is back", e.getMessage());
                    pause();
                }
            }
        }
        generations.trusted(false);
        metrics.lost();
    }

    /**
     * Applies notifications as they come. A connection can die silently, and waiting for notifications would
     * never tell: when none came for {@link #heartbeat}, a round trip proves the listener is still heard, or
     * fails within {@link #networkTimeout} and the caches are off until a new connection listens. Everything
     * is also forgotten every {@code ringmaster.device.cache-max-age}, in case a notification was ever lost in a
     * way neither sees.
     */
    private void receive(Connection connection) throws SQLException {
        PGConnection notifications = connection.unwrap(PGConnection.class);
        long heardAt = System.nanoTime();
        long forgottenAt = heardAt;
        while (running) {
            PGNotification[] received = notifications.getNotifications(1000);
            long now = System.nanoTime();
            if (received != null && received.length > 0) {
                heardAt = now;
                metrics.heard();
                for (PGNotification notification : received) {
                    apply(notification.getParameter());
                }
            } else if (now - heardAt > heartbeat.toNanos()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT 1");
                }
                metrics.heartbeat(Duration.ofNanos(System.nanoTime() - now));
                heardAt = now;
            }
            if (now - forgottenAt > settings.cacheMaxAge().toNanos()) {
                forgetAll();
                forgottenAt = now;
            }
        }
    }

    /** Logging in may hang on a dead network as a heartbeat may: bounded the same way, so a retry comes. */
    private Properties connectionProperties() {
        Properties properties = new Properties();
        user.ifPresent(name -> properties.setProperty("user", name));
        password.ifPresent(secret -> properties.setProperty("password", secret));
        long seconds = Math.max(1, networkTimeout.toSeconds());
        properties.setProperty("connectTimeout", Long.toString(seconds));
        properties.setProperty("loginTimeout", Long.toString(seconds));
        return properties;
    }

    void apply(String payload) {
        if (payload == null || payload.isEmpty()) {
            metrics.notified(ChangeFeedMetrics.Kind.ALL);
            forgetAll();
        } else if ("*".equals(payload)) {
            metrics.notified(ChangeFeedMetrics.Kind.ALL);
            sharedFactsChanged();
        } else if (payload.startsWith(DEVICE_PREFIX)) {
            metrics.notified(ChangeFeedMetrics.Kind.DEVICE);
            try {
                UUID deviceId = UUID.fromString(payload.substring(DEVICE_PREFIX.length()));
                // Rows first: a check-in that began before the decision's forgetting cannot store its answer, and
                // one that began after it reads the rows again.
                rows.forget(deviceId);
                decisions.forget(deviceId);
                attributes.forget(deviceId);
                configData.forget(deviceId);
            } catch (IllegalArgumentException malformed) {
                forgetAll();
            }
        } else if (payload.startsWith(ROWS_PREFIX)) {
            metrics.notified(ChangeFeedMetrics.Kind.ROWS);
            generations.forget(payload.substring(ROWS_PREFIX.length()), CacheGenerations.Kind.ROWS);
        } else if (payload.startsWith(POLICY_PREFIX)) {
            metrics.notified(ChangeFeedMetrics.Kind.POLICY);
            generations.forget(payload.substring(POLICY_PREFIX.length()), CacheGenerations.Kind.DECISIONS);
        } else {
            // A bare tenant id: its devices' tokens or statuses changed, or anything else of the tenant's.
            metrics.notified(ChangeFeedMetrics.Kind.TENANT);
            generations.forgetTenant(payload);
        }
    }

    private void forgetAll() {
        generations.forgetAll();
        cards.forgetAll();
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
