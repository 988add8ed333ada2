package dev.ringmaster.lifecycle;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * n-1 and n-2 count only releases that were never halted: with 1.0.0, 1.1.0 completed, 1.2.0 halted and 1.3.0
 * completed, n-1 is 1.1.0 and n-2 is 1.0.0, never the halted 1.2.0.
 */
@QuarkusTest
class NMinusAcrossHaltedReleaseTest {

    @Test
    void nMinusOneAndTwoStepOverTheHaltedRelease() {
        TimeMachine.freeze();
        String product = VendorApi.product("nminus");
        TestTenant one = TestTenant.create("nminus1");
        TestTenant two = TestTenant.create("nminus2");
        one.api().body(Map.of("mode", "n-1", "deferral", "PT0S")).put("/api/v1/policies/" + product).then().statusCode(200);
        two.api().body(Map.of("mode", "n-2", "deferral", "PT0S")).put("/api/v1/policies/" + product).then().statusCode(200);
        List<Agent> ones = one.enroll("n1", 6, product, "0.9.0");
        List<Agent> twos = two.enroll("n2", 6, product, "0.9.0");

        VendorApi.complete(product, "1.0.0");
        VendorApi.complete(product, "1.1.0");
        VendorApi.halted(product, "1.2.0");
        TimeMachine.tick();
        // Newest completed is 1.1.0: n-1 is 1.0.0, n-2 has nothing yet.
        ones.forEach(agent -> assertThat(agent.checkInAndInstall()).as(agent.externalId()).isEqualTo("1.0.0"));
        twos.forEach(agent -> assertThat(offered(agent)).as(agent.externalId()).isNull());

        VendorApi.complete(product, "1.3.0");
        TimeMachine.tick();
        ones.forEach(agent -> assertThat(offered(agent)).as(agent.externalId()).isEqualTo("1.1.0"));
        twos.forEach(agent -> assertThat(offered(agent)).as(agent.externalId()).isEqualTo("1.0.0"));

        ones.forEach(Agent::checkInAndInstall);
        ones.forEach(agent -> assertThat(offered(agent)).as("%s stays on n-1", agent.externalId()).isNull());
    }

    private static String offered(Agent agent) {
        agent.checkIn();
        return agent.offered();
    }
}
