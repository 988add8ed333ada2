package dev.ringmaster.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A tenant of its own whose pilot group goes first, with a started rollout of 2.0.0 of a product of its own, on a
 * frozen clock: one ring holding every device, soaking a day and tolerant enough not to halt, so only the tenant's
 * pilot gate decides who installs. Every device runs 1.0.0.
 */
public record PilotFleet(TestTenant tenant, String product, UUID rollout, List<Agent> pilots, List<Agent> others) {

    /**
     * @param minSucceeded   pilots that must succeed before the others may install
     * @param maxFailureRate the share of finished pilots that may fail
     */
    public static PilotFleet open(String prefix, int pilotCount, int otherCount, int minSucceeded, double maxFailureRate) {
        TimeMachine.freeze();
        TestTenant tenant = TestTenant.create(prefix);
        Map<String, Object> ring = VendorApi.ring("all", "1", 0.9);
        ring.put("minSoak", "PT24H");
        String product = VendorApi.product(prefix, new ArrayList<>(List.of(ring)));
        String key = Api.enrollmentKey(tenant.admin(), pilotCount + otherCount);
        List<Agent> pilots = new ArrayList<>();
        List<Agent> others = new ArrayList<>();
        for (int i = 0; i < pilotCount; i++) {
            pilots.add(Agent.enroll(key, "pilot-" + i, null, product, "1.0.0"));
        }
        for (int i = 0; i < otherCount; i++) {
            others.add(Agent.enroll(key, "other-" + i, null, product, "1.0.0"));
        }
        Api.awaitEnrolledWindows();
        PilotGroups.create(tenant, "lab", pilots);
        PilotGroups.policy(tenant, product, "lab", minSucceeded, maxFailureRate);
        UUID rollout = VendorApi.started(product, "2.0.0");
        TimeMachine.tick();
        return new PilotFleet(tenant, product, rollout, List.copyOf(pilots), List.copyOf(others));
    }
}
