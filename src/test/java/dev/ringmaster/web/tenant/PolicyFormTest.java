package dev.ringmaster.web.tenant;

import dev.ringmaster.policy.Freeze;
import dev.ringmaster.policy.PolicyDocument;
import dev.ringmaster.policy.PolicyMode;
import dev.ringmaster.policy.PolicyResource;
import dev.ringmaster.policy.WeeklyWindow;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyFormTest {

    private static Map<String, List<String>> form(String... pairs) {
        Map<String, List<String>> form = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.computeIfAbsent(pairs[i], key -> new java.util.ArrayList<>()).add(pairs[i + 1]);
        }
        return form;
    }

    @Test
    void readsHoursPercentWindowsAndFreezesIntoADocument() {
        PolicyForm.Parsed parsed = PolicyForm.read(form("mode", "approval", "deferralHours", "1.5", "pilotGroups", "lab",
                "gateMinSucceeded", "3", "gateMaxFailurePercent", "5", "gateSoakHours", "24", "maxConcurrentPercent", "25",
                "window.0.days", "TUESDAY", "window.0.days", "THURSDAY", "window.0.start", "02:00", "window.0.hours", "4",
                "window.0.zone", "Europe/Berlin",
                "window.1.start", "", "window.1.hours", "", "window.1.zone", "",
                "freeze.0.from", "2026-12-24T00:00", "freeze.0.to", "2026-12-27T00:00", "freeze.0.zone", "Europe/Berlin",
                "freeze.0.reason", "holidays", "paused", "on", "version", "4")).parse();

        assertThat(parsed.errors()).isEmpty();
        PolicyDocument document = parsed.document();
        assertThat(document.mode()).isEqualTo(PolicyMode.APPROVAL);
        assertThat(document.deferral()).isEqualTo(Duration.ofMinutes(90));
        assertThat(document.pilotGroups()).containsExactly("lab");
        assertThat(document.pilot().gate().maxFailureRate()).isEqualByComparingTo("0.05");
        assertThat(document.maxConcurrent()).isEqualByComparingTo("0.25");
        assertThat(document.maintenanceWindows()).containsExactly(new WeeklyWindow(EnumSet.of(DayOfWeek.TUESDAY, DayOfWeek.THURSDAY),
                LocalTime.of(2, 0), Duration.ofHours(4), "Europe/Berlin"));
        assertThat(document.freezes()).containsExactly(new Freeze(OffsetDateTime.parse("2026-12-24T00:00+01:00"),
                OffsetDateTime.parse("2026-12-27T00:00+01:00"), "Europe/Berlin", "holidays"));
        assertThat(document.paused()).isTrue();
    }

    @Test
    void aRemovedRowIsDroppedAndTheEmptyAddRowIgnored() {
        PolicyForm form = PolicyForm.read(form("mode", "automatic",
                "window.0.days", "MONDAY", "window.0.start", "01:00", "window.0.hours", "1", "window.0.zone", "", "window.0.remove", "on",
                "window.1.start", "", "window.1.hours", "", "window.1.zone", ""));
        assertThat(form.windows()).isEmpty();
        assertThat(form.parse().document().maintenanceWindows()).isEmpty();
    }

    @Test
    void everyUnreadableFieldIsNamedAndNoDocumentIsMade() {
        PolicyForm.Parsed parsed = PolicyForm.read(form("mode", "sometimes", "deferralHours", "soon", "maxConcurrentPercent", "150",
                "window.0.days", "FUNDAY", "window.0.start", "25:00", "window.0.hours", "-1", "window.0.zone", "Mars/Olympus",
                "freeze.0.from", "yesterday", "freeze.0.to", "2026-12-27T00:00", "freeze.0.zone", "", "freeze.0.reason", "")).parse();

        assertThat(parsed.document()).isNull();
        assertThat(parsed.errors()).extracting(error -> error.field()).containsExactlyInAnyOrder("mode", "deferralHours",
                "maxConcurrentPercent", "maintenanceWindows[0].days", "maintenanceWindows[0].start", "maintenanceWindows[0].duration",
                "maintenanceWindows[0].timeZone", "freezes[0].from");
    }

    @Test
    void aStoredPolicyShowsInHoursAndPercentAndReadsBackUnchanged() {
        PolicyDocument stored = new PolicyDocument(PolicyMode.N_MINUS_1, null, null, Duration.ofHours(48),
                new PolicyDocument.Pilot(List.of("lab"), Duration.ZERO, new PolicyDocument.Gate(3, new BigDecimal("0.02"), Duration.ofHours(24))),
                List.of(new WeeklyWindow(Set.of(DayOfWeek.SUNDAY), LocalTime.of(22, 0), Duration.ofHours(6), null)),
                List.of(new Freeze(OffsetDateTime.parse("2026-12-18T00:00+01:00"), OffsetDateTime.parse("2027-01-05T00:00+01:00"), "Europe/Paris", "peak"),
                        // stored before freezes took a zone: shown and saved again with its offset
                        new Freeze(OffsetDateTime.parse("2027-03-01T00:00+05:30"), OffsetDateTime.parse("2027-03-02T00:00+05:30"), "legacy")),
                new BigDecimal("0.25"), false);
        PolicyResource.PolicyView view = new PolicyResource.PolicyView("agent", false, stored.mode(), null, null, stored.deferral(),
                stored.pilot(), stored.maintenanceWindows(), stored.freezes(), stored.maxConcurrent(), false, 7L, "someone", null);

        PolicyForm shown = PolicyForm.of(view);
        assertThat(shown.deferralHours()).isEqualTo("48");
        assertThat(shown.maxConcurrentPercent()).isEqualTo("25");
        assertThat(shown.ifMatch()).isEqualTo("7");

        Map<String, List<String>> posted = form("mode", shown.mode(), "deferralHours", shown.deferralHours(), "pilotGroups", "lab",
                "pilotDeferralHours", shown.pilotDeferralHours(), "gateMinSucceeded", shown.gateMinSucceeded(),
                "gateMaxFailurePercent", shown.gateMaxFailurePercent(), "gateSoakHours", shown.gateSoakHours(),
                "maxConcurrentPercent", shown.maxConcurrentPercent(),
                "window.0.days", "SUNDAY", "window.0.start", shown.windows().getFirst().start(), "window.0.hours", shown.windows().getFirst().hours(),
                "window.0.zone", shown.windows().getFirst().zone(),
                "freeze.0.from", shown.freezes().getFirst().from(), "freeze.0.to", shown.freezes().getFirst().to(),
                "freeze.0.zone", shown.freezes().getFirst().zone(), "freeze.0.reason", shown.freezes().getFirst().reason(),
                "freeze.1.from", shown.freezes().getLast().from(), "freeze.1.to", shown.freezes().getLast().to(),
                "freeze.1.zone", shown.freezes().getLast().zone(), "freeze.1.reason", shown.freezes().getLast().reason());
        assertThat(shown.freezes()).extracting(PolicyForm.FreezeRow::zone).containsExactly("Europe/Paris", "+05:30");
        assertThat(shown.freezes().getFirst().from()).isEqualTo("2026-12-18T00:00");
        PolicyDocument read = PolicyForm.read(posted).parse().document();
        assertThat(read.maintenanceWindows()).isEqualTo(stored.maintenanceWindows());
        assertThat(read.freezes()).isEqualTo(stored.freezes());
        assertThat(read.deferral()).isEqualTo(stored.deferral());
        assertThat(read.maxConcurrent()).isEqualByComparingTo(stored.maxConcurrent());
        assertThat(read.pilot().gate().maxFailureRate()).isEqualByComparingTo("0.02");
    }
}
