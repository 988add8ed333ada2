package dev.ringmaster.rehearsal;

import dev.ringmaster.schedule.fleet.DeviceInput;
import dev.ringmaster.schedule.fleet.PilotGateRule;
import dev.ringmaster.schedule.fleet.ProductFacts;
import dev.ringmaster.schedule.fleet.TenantFacts;
import dev.ringmaster.tenancy.DeviceAttributes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A copy of the real fleet of one product, as the windows' merge reads it: the product's releases with their
 * rollouts, each active tenant's facts (policy, pilot devices, approvals, concurrency share), each tenant's pilot gate,
 * and the active devices that run the product with the version they run and their attributes.
 *
 * @param tenantDevices every active device of the tenant, whatever it runs: the concurrency cap is a share of those
 */
public record FleetSnapshot(ProductFacts product, Map<String, TenantFacts> tenants, Map<String, PilotGateRule> pilotGates,
                            Map<String, Long> tenantDevices, List<Device> devices) {

    /** One device that runs the product, with the attributes it reported (what failure rules and cohorts select on). */
    public record Device(String tenantId, DeviceInput device, String installed, DeviceAttributes attributes) {
        public Device {
            Objects.requireNonNull(tenantId, "tenantId");
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(installed, "installed");
            Objects.requireNonNull(attributes, "attributes");
        }

        /** A device that reported no attributes. */
        public Device(String tenantId, DeviceInput device, String installed) {
            this(tenantId, device, installed, DeviceAttributes.NONE);
        }
    }

    public FleetSnapshot {
        Objects.requireNonNull(product, "product");
        tenants = Map.copyOf(tenants);
        pilotGates = Map.copyOf(pilotGates);
        tenantDevices = Map.copyOf(tenantDevices);
        devices = List.copyOf(devices);
    }

    /**
     * The fleet {@code factor} times over: each device stands for itself and {@code factor - 1} copies with ids of
     * their own (derived from its id, so a scaled fleet is the same every time), in the same tenant, zone, version,
     * attributes and pilot groups. The copies fall into rings by their own ids, as new devices would.
     */
    public FleetSnapshot scaled(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("factor must be at least 1, was " + factor);
        }
        if (factor == 1) {
            return this;
        }
        List<Device> more = new ArrayList<>(devices.size() * factor);
        Map<String, Set<UUID>> pilots = new HashMap<>();
        for (Device device : devices) {
            more.add(device);
            boolean pilot = tenants.containsKey(device.tenantId())
                    && tenants.get(device.tenantId()).pilotDevices().contains(device.device().id());
            for (int copy = 1; copy < factor; copy++) {
                UUID id = UUID.nameUUIDFromBytes((device.device().id() + "#" + copy).getBytes(StandardCharsets.UTF_8));
                more.add(new Device(device.tenantId(), new DeviceInput(id, device.device().externalId() + "#" + copy,
                        device.device().zone()), device.installed(), device.attributes()));
                if (pilot) {
                    pilots.computeIfAbsent(device.tenantId(), tenant -> new HashSet<>()).add(id);
                }
            }
        }
        Map<String, TenantFacts> scaledTenants = new LinkedHashMap<>();
        tenants.forEach((id, facts) -> {
            Set<UUID> pilotDevices = new HashSet<>(facts.pilotDevices());
            pilotDevices.addAll(pilots.getOrDefault(id, Set.of()));
            scaledTenants.put(id, new TenantFacts(id, facts.policy(), pilotDevices, facts.pilotGatePassedAt(),
                    facts.approvals(), facts.maxConcurrent(), facts.halted(), facts.internal()));
        });
        Map<String, Long> scaledCounts = new HashMap<>();
        tenantDevices.forEach((id, count) -> scaledCounts.put(id, count * factor));
        return new FleetSnapshot(product, scaledTenants, pilotGates, scaledCounts, more);
    }
}
