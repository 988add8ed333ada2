package dev.ringmaster.support;

import dev.ringmaster.device.CacheGenerations;
import dev.ringmaster.device.checkin.ChangeFeed;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits until the service's change feed has applied every notification committed before the call. A test that
 * writes (enrolls, edits a policy) and then measures what the caches do must not have a notification of its own
 * set-up arrive in the middle of the measurement: PostgreSQL delivers notifications in commit order, so once a
 * marker sent now has been applied, so has everything before it. The marker names a tenant that does not exist;
 * forgetting it forgets nothing.
 */
public final class ChangeFeedBarrier {

    private ChangeFeedBarrier() {
    }

    public static void await() {
        String marker = "barrier-" + UUID.randomUUID();
        CacheGenerations generations = Arc.container().instance(CacheGenerations.class).get();
        try (Connection connection = Arc.container().instance(AgroalDataSource.class).get().getConnection();
             PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, ChangeFeed.CHANNEL);
            notify.setString(2, marker);
            notify.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot notify the change feed: " + e.getMessage(), e);
        }
        // Delivery takes a millisecond or so: polled that often (Eventually's tenth of a second, on every set-up
        // call that waits for windows, would add minutes to the suite).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (generations.stamp(marker, CacheGenerations.Kind.CREDENTIALS).tenant() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the change feed did not apply a notification within 30 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
