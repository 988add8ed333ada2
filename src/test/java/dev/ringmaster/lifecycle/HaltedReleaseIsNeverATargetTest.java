package dev.ringmaster.lifecycle;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A halted release blocks nobody: automatic and approval tenants stay on, or move to, the newest release that is not
 * halted, and move on to the next good release once it ships.
 */
@QuarkusTest
class HaltedReleaseIsNeverATargetTest {

    @Test
    void automaticAndApprovalTenantsGetThePreviousGoodReleaseThenTheNextOne() {
        TimeMachine.freeze();
        String product = VendorApi.product("haltskip");
        TestTenant automatic = TestTenant.create("haltauto");
        TestTenant approval = TestTenant.create("haltappr");
        automatic.followsRolloutsAtOnce(product);
        approval.api().body(Map.of("mode", "approval", "deferral", "PT0S")).put("/api/v1/policies/" + product)
                .then().statusCode(200);
        List<Agent> automatics = automatic.enroll("auto", 6, product, "0.9.0");
        List<Agent> approvals = approval.enroll("appr", 6, product, "0.9.0");

        VendorApi.complete(product, "1.0.0");
        approve(approval, product, "1.0.0");
        VendorApi.halted(product, "1.1.0");
        TimeMachine.tick();

        for (Agent agent : concat(automatics, approvals)) {
            agent.checkIn();
            assertThat(agent.offered()).as("%s: the newest release not halted", agent.externalId()).isEqualTo("1.0.0");
        }
        concat(automatics, approvals).forEach(Agent::checkInAndInstall);
        concat(automatics, approvals).forEach(agent -> assertThat(agent.checkIn().getString("decision")).isEqualTo("wait"));

        VendorApi.complete(product, "1.2.0");
        approve(approval, product, "1.2.0");
        TimeMachine.tick();
        for (Agent agent : concat(automatics, approvals)) {
            agent.checkIn();
            assertThat(agent.offered()).as("%s: the next good release", agent.externalId()).isEqualTo("1.2.0");
        }
    }

    private static void approve(TestTenant tenant, String product, String version) {
        tenant.api().body(Map.of("pilotOnly", false)).post("/api/v1/approvals/" + product + "/" + version + "/approve")
                .then().statusCode(200);
    }

    private static List<Agent> concat(List<Agent> a, List<Agent> b) {
        List<Agent> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
