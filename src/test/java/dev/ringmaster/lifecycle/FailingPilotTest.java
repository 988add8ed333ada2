package dev.ringmaster.lifecycle;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.PilotFleet;
import dev.ringmaster.support.TimeMachine;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pilot's failure closes its tenant's pilot gate at once: a device that is not a pilot and checks in right after
 * the failing report is told to wait, without waiting for the periodic window refresh.
 */
@QuarkusTest
class FailingPilotTest {

    @Test
    void aNonPilotCheckingInRightAfterAPilotFailedIsToldToWait() {
        // Two successes open the gate; one failure in three (33 %) is above the 20 % it allows.
        PilotFleet fleet = PilotFleet.open("failing-pilot", 3, 3, 2, 0.2);
        List<Agent> pilots = fleet.pilots();
        List<Agent> others = fleet.others();

        assertThat(pilots.get(0).checkInAndReportSuccess()).isEqualTo("2.0.0");
        assertThat(pilots.get(1).checkInAndReportSuccess()).isEqualTo("2.0.0");
        Agent failing = pilots.get(2);
        assertThat(failing.checkIn().getString("decision")).isEqualTo("install");
        assertThat(failing.report("installing")).isEqualTo(201);
        // The periodic refresh runs on the way; the two pilots come back running 2.0.0, which confirms their
        // successes: the gate is open for the tenant's other devices.
        TimeMachine.advance(Duration.ofMinutes(10));
        pilots.get(0).checkIn();
        pilots.get(1).checkIn();
        assertThat(others.get(0).checkIn().getString("decision")).as("gate passed with 2 of 2 succeeded").isEqualTo("install");

        assertThat(failing.report("failed")).isEqualTo(201);

        others.get(1).checkIn();
        assertThat(others.get(1).decision()).as("checked in right after a pilot failed").isEqualTo("wait");
        others.get(2).checkIn();
        assertThat(others.get(2).offered()).isNull();
    }
}
