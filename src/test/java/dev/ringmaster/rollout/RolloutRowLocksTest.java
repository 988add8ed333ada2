package dev.ringmaster.rollout;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.RolloutStage;
import dev.ringmaster.tenancy.BackgroundScope;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While a reconciler pass (or a vendor command) holds its rollouts locked, as it does for the whole pass, the
 * devices of those rollouts are still offered the release and their reports still recorded: offers and reports
 * insert rows that reference the rollout, and must not queue behind the pass (with 100,000 devices they did, for
 * up to a second every 30 seconds).
 */
@QuarkusTest
class RolloutRowLocksTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void devicesAreOfferedAndTheirReportsRecordedWhileAPassHoldsTheRolloutsLocked() throws Exception {
        RolloutStage stage = RolloutStage.open("row-locks", 1);
        List<Agent> fleet = stage.tenant().enroll("row-locks", 2, stage.product(), "1.0.0");
        stage.policy(Map.of("mode", "automatic", "deferral", "PT0S"));
        Agent installing = fleet.get(0);
        Agent late = fleet.get(1);
        installing.checkIn();
        assertThat(installing.decision()).isEqualTo("install");

        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            // A pass of the reconciler on another replica, stopped while it holds its locks.
            Future<List<UUID>> pass = threads.submit(() -> BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().call(() -> {
                List<UUID> locked = new ArrayList<>();
                try (Connection connection = dataSource.getConnection();
                     PreparedStatement lock = connection.prepareStatement(RolloutLocks.ACTIVE);
                     ResultSet rows = lock.executeQuery()) {
                    while (rows.next()) {
                        locked.add(rows.getObject(1, UUID.class));
                    }
                    held.countDown();
                    release.await(60, TimeUnit.SECONDS);
                }
                return locked;
            })));
            assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();

            Future<Integer> report = threads.submit(() -> installing.report("downloading"));
            Future<String> offer = threads.submit(() -> {
                late.checkIn();
                return late.decision();
            });
            // Both would wait until the pass ends, were the rollout's row locked against its references.
            assertThat(report.get(20, TimeUnit.SECONDS)).as("the report, recorded while the pass holds its locks").isEqualTo(201);
            assertThat(offer.get(20, TimeUnit.SECONDS)).as("the fresh offer, made while the pass holds its locks").isEqualTo("install");
            assertThat(pass.isDone()).as("the pass still holds its locks").isFalse();

            release.countDown();
            assertThat(pass.get(30, TimeUnit.SECONDS)).as("the pass had locked the stage's rollout").contains(stage.rollout());
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }
}
