package dev.ringmaster.policy;

import dev.ringmaster.schedule.TenantPolicy;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyRulesTest {

    private static final Map<String, Boolean> GROUPS = Map.of("pilots", true, "plain", false);
    private static final WeeklyWindow NIGHT = new WeeklyWindow(Set.of(DayOfWeek.TUESDAY), LocalTime.of(2, 0), Duration.ofHours(3), null);
    private static final OffsetDateTime NEW_YEAR = OffsetDateTime.parse("2026-12-31T00:00:00+01:00");
    private static final Freeze YEAR_END = new Freeze(NEW_YEAR.minusDays(10), NEW_YEAR.plusDays(5), "year end");

    @Test
    void aSampleLikePolicyIsValid() {
        assertThat(PolicyRules.check(policy(PolicyMode.AUTOMATIC, null, Duration.ofHours(48), List.of("pilots"),
                List.of(NIGHT), List.of(YEAR_END), new BigDecimal("0.25")), GROUPS)).isEmpty();
    }

    @Test
    void everyBrokenRuleIsNamedByItsField() {
        List<WeeklyWindow> windows = List.of(
                new WeeklyWindow(Set.of(), LocalTime.NOON, Duration.ZERO, null),
                new WeeklyWindow(Set.of(DayOfWeek.MONDAY), null, Duration.ofDays(8), "Mars/Base"));
        List<Freeze> freezes = List.of(new Freeze(NEW_YEAR, NEW_YEAR, "empty"), new Freeze(NEW_YEAR, null, "open"));

        assertThat(PolicyRules.check(policy(PolicyMode.PINNED, null, Duration.ofDays(91), List.of("plain", "ghost"),
                windows, freezes, new BigDecimal("1.5")), GROUPS))
                .extracting(violation -> violation.field() + ": " + violation.message())
                .containsExactly(
                        "pinnedVersion: required when the mode is pinned",
                        "deferral: at most 90 days",
                        "maxConcurrent: a share in (0, 1]",
                        "pilot.groups: group plain is not marked pilot",
                        "pilot.groups: unknown group ghost",
                        "maintenanceWindows[0].days: at least one day",
                        "maintenanceWindows[0].duration: longer than zero and at most 7 days",
                        "maintenanceWindows[1].start: required, e.g. 02:00",
                        "maintenanceWindows[1].duration: longer than zero and at most 7 days",
                        "maintenanceWindows[1].timeZone: unknown time zone 'Mars/Base'",
                        "freezes[0]: from and to required, from before to",
                        "freezes[1]: from and to required, from before to");
    }

    @Test
    void limitsHoldAtTheirEdges() {
        assertThat(PolicyRules.check(policy(PolicyMode.PINNED, "4.0.9", Duration.ofDays(90), List.of(),
                Collections.nCopies(20, NIGHT), Collections.nCopies(50, YEAR_END), BigDecimal.ONE), GROUPS)).isEmpty();

        assertThat(PolicyRules.check(policy(null, "4.0.9 <b>", Duration.ofSeconds(-1), List.of(),
                Collections.nCopies(21, NIGHT), Collections.nCopies(51, YEAR_END), new BigDecimal("0.00001")), GROUPS))
                .extracting(PolicyRules.Violation::field)
                .containsExactly("mode", "pinnedVersion", "deferral", "maxConcurrent", "maintenanceWindows", "freezes");
        assertThat(PolicyRules.check(policy(PolicyMode.AUTOMATIC, null, null, List.of(), List.of(), List.of(), BigDecimal.ZERO), GROUPS))
                .extracting(PolicyRules.Violation::field).containsExactly("maxConcurrent");
    }

    @Test
    void thePilotGateIsChecked() {
        PolicyDocument policy = new PolicyDocument(PolicyMode.AUTOMATIC, null, null, null,
                new PolicyDocument.Pilot(List.of("pilots"), Duration.ofDays(100),
                        new PolicyDocument.Gate(-1, new BigDecimal("1.1"), Duration.ofHours(-1))),
                null, null, null, false);

        assertThat(PolicyRules.check(policy, GROUPS)).extracting(PolicyRules.Violation::field)
                .containsExactly("pilot.deferral", "pilot.gate.minSucceeded", "pilot.gate.maxFailureRate", "pilot.gate.soak");
    }

    @Test
    void theDefaultIsTheSchedulersSafeDefaultAndValid() {
        TenantPolicy scheduler = TenantPolicy.safeDefault(ZoneOffset.UTC);
        PolicyDocument document = PolicyDocument.safeDefault();

        assertThat(document.mode()).isEqualTo(scheduler.mode()).isEqualTo(PolicyMode.AUTOMATIC);
        assertThat(document.deferral()).isEqualTo(scheduler.deferral()).isEqualTo(Duration.ofHours(24));
        assertThat(document.pilot().deferral()).isEqualTo(scheduler.pilotDeferral());
        assertThat(document.pilotGroups()).isEmpty();
        assertThat(document.maintenanceWindows()).isEmpty();
        assertThat(document.freezes()).isEmpty();
        assertThat(document.maxConcurrent()).isEqualByComparingTo(BigDecimal.ONE);
        assertThat(document.paused()).isFalse();
        assertThat(PolicyRules.check(document, Map.of())).isEmpty();
    }

    @Test
    void aDocumentSurvivesTheEntity() {
        PolicyDocument document = policy(PolicyMode.N_MINUS_1, null, Duration.ofHours(12), List.of("pilots"),
                List.of(NIGHT), List.of(YEAR_END), new BigDecimal("0.5"));
        UpdatePolicy entity = new UpdatePolicy();

        document.applyTo(entity);

        assertThat(PolicyDocument.of(entity, List.of("pilots"))).isEqualTo(document);
    }

    @Test
    void ifMatchComparesTheStoredVersion() {
        assertThat(Policies.matches("\"3\"", Optional.of(3L))).isTrue();
        assertThat(Policies.matches("W/\"3\"", Optional.of(3L))).isTrue();
        assertThat(Policies.matches("\"1\", \"3\"", Optional.of(3L))).isTrue();
        assertThat(Policies.matches("*", Optional.of(3L))).isTrue();
        assertThat(Policies.matches("\"2\"", Optional.of(3L))).isFalse();
        assertThat(Policies.matches("junk", Optional.of(3L))).isFalse();
        assertThat(Policies.matches("*", Optional.empty())).isFalse();
    }

    private static PolicyDocument policy(PolicyMode mode, String pinned, Duration deferral, List<String> pilotGroups,
                                         List<WeeklyWindow> windows, List<Freeze> freezes, BigDecimal maxConcurrent) {
        return new PolicyDocument(mode, pinned, null, deferral,
                new PolicyDocument.Pilot(pilotGroups, Duration.ZERO, new PolicyDocument.Gate(1, BigDecimal.ZERO, Duration.ofHours(6))),
                windows, freezes, maxConcurrent, false);
    }
}
