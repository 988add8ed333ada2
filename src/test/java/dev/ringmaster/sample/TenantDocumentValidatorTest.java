package dev.ringmaster.sample;

import dev.ringmaster.policy.Freeze;
import dev.ringmaster.policy.PolicyMode;
import dev.ringmaster.policy.WeeklyWindow;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TenantDocumentValidatorTest {

    private static final Set<String> PRODUCTS = Set.of("agent", "content");
    private static final TenantDocument.TenantEntry TENANT = new TenantDocument.TenantEntry("acme", "Acme", "Europe/Berlin");
    private static final List<TenantDocument.DeviceEntry> DEVICES = List.of(
            new TenantDocument.DeviceEntry("d-1", null, "Asia/Tokyo", Map.of(), Map.of("agent", "1.0.0")),
            new TenantDocument.DeviceEntry("d-2", null, null, Map.of(), Map.of()));

    @Test
    void aCompleteDocumentIsValid() {
        TenantDocument document = new TenantDocument(TENANT, DEVICES,
                List.of(new TenantDocument.GroupEntry("pilots", null, true, List.of("d-1"))),
                List.of(policy(PolicyMode.AUTOMATIC, null, new BigDecimal("0.25"),
                        new WeeklyWindow(Set.of(DayOfWeek.SUNDAY), LocalTime.of(22, 0), Duration.ofDays(7), null),
                        new TenantDocument.PilotEntry(List.of("pilots"), Duration.ZERO, null))));

        assertThat(TenantDocumentValidator.validate(document, PRODUCTS)).isEmpty();
    }

    @Test
    void everyProblemIsReportedWithItsField() {
        TenantDocument document = new TenantDocument(
                new TenantDocument.TenantEntry("Acme!", " ", "Nowhere/City"),
                List.of(new TenantDocument.DeviceEntry("d 1", null, null, null, Map.of("firmware", "1")),
                        new TenantDocument.DeviceEntry("d-2", null, null, null, null),
                        new TenantDocument.DeviceEntry("d-2", null, null, null, null)),
                List.of(new TenantDocument.GroupEntry("plain", null, false, List.of("d-9"))),
                List.of(policy(PolicyMode.PINNED, null, new BigDecimal("1.5"),
                        new WeeklyWindow(Set.of(), LocalTime.NOON, Duration.ofDays(8), "Mars/Base"),
                        new TenantDocument.PilotEntry(List.of("plain", "ghost"), Duration.ofHours(-1), null))));

        assertThat(TenantDocumentValidator.validate(document, PRODUCTS)).containsExactly(
                "tenant.slug: lower-case letters, digits and dashes, 2-63 characters, starting with a letter",
                "tenant.name: required",
                "tenant.timeZone: unknown time zone 'Nowhere/City'",
                "devices[0].id: 1-128 letters, digits, '.', '_', ':' or '-'",
                "devices[0].installed.firmware: unknown product",
                "devices[2].id: duplicate device id d-2",
                "groups[0].devices: unknown device d-9",
                "policies[0].pinnedVersion: required when the mode is pinned",
                "policies[0].maxConcurrent: a share in (0, 1]",
                "policies[0].pilot.groups: group plain is not marked pilot",
                "policies[0].pilot.groups: unknown group ghost",
                "policies[0].pilot.deferral: zero or longer",
                "policies[0].maintenanceWindows[0].days: at least one day",
                "policies[0].maintenanceWindows[0].duration: longer than zero and at most 7 days",
                "policies[0].maintenanceWindows[0].timeZone: unknown time zone 'Mars/Base'",
                "policies[0].freezes[0]: from and to required, from before to");
    }

    private static TenantDocument.PolicyEntry policy(PolicyMode mode, String pinned, BigDecimal maxConcurrent,
                                                     WeeklyWindow window, TenantDocument.PilotEntry pilot) {
        OffsetDateTime from = OffsetDateTime.parse("2026-12-20T00:00:00+01:00");
        boolean broken = mode == PolicyMode.PINNED;
        Freeze freeze = broken ? new Freeze(from, from.minusDays(1), "backwards") : new Freeze(from, from.plusDays(10), "year end");
        return new TenantDocument.PolicyEntry("agent", mode, pinned, null, Duration.ofHours(24), pilot, List.of(window),
                List.of(freeze), maxConcurrent, false);
    }
}
