package dev.ringmaster.lifecycle;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.DdiAgent;
import dev.ringmaster.support.PilotFleet;
import dev.ringmaster.support.TimeMachine;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant pilot gate counts a pilot's success only once the pilot checks in running the release (DESIGN.md,
 * "Rollouts, gates and halting"), as the ring gate does: a reported success alone opens nothing, the confirming
 * check-in opens the gate at once (no clock moves before the next non-pilot's check-in), and a pilot that reports
 * success and comes back on the old version counts as reverted, a failure that closes the gate.
 */
@QuarkusTest
class PilotGateWaitsForConfirmationTest {

    /** Three pilots and three other devices; two successes open the gate, one failure in three closes it. */
    private static PilotFleet fleet(String prefix) {
        return PilotFleet.open(prefix, 3, 3, 2, 0.2);
    }

    @Test
    void reportedSuccessesOpenTheGateOnlyOnceThePilotsCheckInRunningTheRelease() {
        PilotFleet fleet = fleet("pilot-confirm");
        assertThat(fleet.pilots().get(0).checkInAndReportSuccess()).isEqualTo("2.0.0");
        assertThat(fleet.pilots().get(1).checkInAndReportSuccess()).isEqualTo("2.0.0");

        Agent first = fleet.others().get(0);
        first.checkIn();
        assertThat(first.decision()).as("two successes reported, none confirmed").isEqualTo("wait");
        assertThat(first.waitReason()).isEqualTo("pilot-gate");
        // The periodic refresh reads the same unconfirmed successes: still closed.
        TimeMachine.advance(Duration.ofMinutes(10));
        first.checkIn();
        assertThat(first.decision()).as("after the periodic refresh, successes still unconfirmed").isEqualTo("wait");
        assertThat(first.waitReason()).isEqualTo("pilot-gate");

        // The pilots come back from their reboot running 2.0.0; the clock does not move after this.
        TimeMachine.advance(Duration.ofMinutes(1));
        fleet.pilots().get(0).checkIn();
        fleet.pilots().get(1).checkIn();

        Agent next = fleet.others().get(1);
        next.checkIn();
        assertThat(next.decision()).as("checked in right after the pilots confirmed: %s", next.waitReason()).isEqualTo("install");
        assertThat(next.offered()).isEqualTo("2.0.0");
    }

    @Test
    void aPilotThatReportsSuccessAndComesBackOnTheOldVersionClosesTheGate() {
        PilotFleet fleet = fleet("pilot-revert");
        for (Agent pilot : fleet.pilots().subList(0, 2)) {
            assertThat(pilot.checkInAndReportSuccess()).isEqualTo("2.0.0");
        }
        TimeMachine.advance(Duration.ofMinutes(1));
        fleet.pilots().get(0).checkIn();
        fleet.pilots().get(1).checkIn();
        Agent first = fleet.others().get(0);
        first.checkIn();
        assertThat(first.offered()).as("two confirmed successes: %s", first.waitReason()).isEqualTo("2.0.0");

        Agent falling = fleet.pilots().get(2);
        assertThat(falling.checkInAndReportSuccess()).isEqualTo("2.0.0");
        TimeMachine.advance(Duration.ofMinutes(1));
        // An A/B fallback: the new version did not boot, the device is back on the old one.
        falling.runs(fleet.product(), "1.0.0");
        falling.checkIn();

        Agent next = fleet.others().get(1);
        next.checkIn();
        assertThat(next.decision()).as("checked in right after a pilot came back on 1.0.0").isEqualTo("wait");
        assertThat(next.waitReason()).isEqualTo("pilot-gate");
        fleet.others().get(2).checkIn();
        assertThat(fleet.others().get(2).offered()).isNull();
    }

    @Test
    void aHawkbitPilotsSuccessCountsOnceItPollsAgain() {
        PilotFleet fleet = PilotFleet.open("pilot-confirm-ddi", 3, 3, 1, 0.2);
        DdiAgent pilot = DdiAgent.of(fleet.tenant().id(), fleet.pilots().getFirst());
        pilot.poll();
        long action = pilot.deploymentAction();
        assertThat(pilot.feedback(action, "closed", "success")).isEqualTo(200);

        Agent first = fleet.others().get(0);
        first.checkIn();
        assertThat(first.waitReason()).as("closed/success reported, the agent not heard of since").isEqualTo("pilot-gate");

        // Back from the reboot, the agent polls: that confirms its success, and the gate opens at once.
        TimeMachine.advance(Duration.ofMinutes(1));
        pilot.poll();
        Agent next = fleet.others().get(1);
        next.checkIn();
        assertThat(next.offered()).as("checked in right after the pilot's poll: %s", next.waitReason()).isEqualTo("2.0.0");
    }
}
