package dev.ringmaster.rehearsal;

import dev.ringmaster.tenancy.DeviceAttributes;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Rules of selector × behaviour, in order. A device's install behaviour is that of the first install rule that
 * selects it (healthy when none does), its connectivity that of the first connectivity rule (always reachable when
 * none does). A share is drawn per device and rule from a random of the device's own, so whether a device is
 * selected does not depend on the other devices or on the order they are read in.
 */
public record FailureModel(List<Rule> rules) {

    public record Rule(Selector selector, Behaviour behaviour) {
        public Rule {
            Objects.requireNonNull(selector, "selector");
            Objects.requireNonNull(behaviour, "behaviour");
        }
    }

    /** What one device does: {@code connectivity} is null for a device always reachable. */
    record Assigned(Behaviour install, Behaviour connectivity) {
    }

    public static final FailureModel HEALTHY = new FailureModel(List.of());

    public FailureModel {
        rules = List.copyOf(rules);
    }

    Assigned assign(String tenantId, ZoneId zone, DeviceAttributes attributes, SplittableRandom deviceRandom) {
        Behaviour install = null;
        Behaviour connectivity = null;
        for (Rule rule : rules) {
            // Drawn for every rule, selected or not, so a device's draws never depend on which rules matched before.
            double draw = deviceRandom.nextDouble();
            if (!rule.selector().matches(tenantId, zone, attributes, draw)) {
                continue;
            }
            if (rule.behaviour().kind().connectivity()) {
                connectivity = connectivity == null ? rule.behaviour() : connectivity;
            } else {
                install = install == null ? rule.behaviour() : install;
            }
        }
        return new Assigned(install == null ? Behaviour.HEALTHY : install, connectivity);
    }
}
