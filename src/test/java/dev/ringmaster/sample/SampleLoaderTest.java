package dev.ringmaster.sample;

import dev.ringmaster.tenancy.BackgroundScope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sample folder loads at start (the test stack sets it), and loading it again changes nothing. */
@QuarkusTest
class SampleLoaderTest {

    private static final List<String> TABLES = List.of("products", "ring_plans", "rings", "tenants", "devices",
            "device_installed_versions", "device_groups", "group_memberships", "update_policies", "policy_pilot_groups");

    @Inject
    SampleLoader loader;

    @Inject
    EntityManager em;

    @Test
    void loadingTheSamplesAgainCreatesNothing() {
        List<Long> before = counts();

        LoadReport report = loader.load(Path.of("tenants-sample"));

        assertThat(report.created()).isZero();
        assertThat(report.tenants()).isEqualTo(4);
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void samplesCoverZonesGroupsPilotsAndPolicies() {
        assertThat(scalar("SELECT count(DISTINCT time_zone) FROM devices WHERE time_zone IS NOT NULL")).isGreaterThanOrEqualTo(10);
        assertThat(scalar("SELECT count(*) FROM devices WHERE time_zone IS NULL")).isPositive();
        assertThat(scalar("SELECT count(*) FROM device_groups WHERE pilot AND tenant_id IN ('acme', 'globex', 'initech')"
                + " AND name IN ('it-lab', 'store-0042', 'it-test')")).isEqualTo(3);
        assertThat(scalar("SELECT count(*) FROM policy_pilot_groups")).isGreaterThanOrEqualTo(3);
        assertThat(scalar("SELECT count(DISTINCT mode) FROM update_policies")).isEqualTo(5);
        // The vendor's own fleet, flagged internal, beside customers that are not.
        assertThat(scalar("SELECT count(*) FROM tenants WHERE internal AND id = 'vendor-lab'")).isEqualTo(1);
        assertThat(scalar("SELECT count(*) FROM tenants WHERE internal AND id IN ('acme', 'globex', 'initech')")).isZero();
        // Other tests create plans of their own products; only the sample products' rings are the sample's.
        assertThat(scalar("SELECT count(*) FROM rings r JOIN ring_plans p ON p.id = r.ring_plan_id"
                + " JOIN products pr ON pr.id = p.product_id WHERE pr.key IN ('agent', 'content')")).isEqualTo(6);
        // Durations and local times are stored as ISO-8601 text, days in week order.
        assertThat(text("""
                SELECT p.maintenance_windows::text FROM update_policies p JOIN tenants t ON t.id = p.tenant_id
                JOIN products pr ON pr.id = p.product_id WHERE t.id = 'acme' AND pr.key = 'agent'"""))
                .contains("\"duration\": \"PT4H\"", "\"start\": \"01:00:00\"", "[\"TUESDAY\", \"WEDNESDAY\", \"THURSDAY\"]");
    }

    @Test
    void anInvalidTenantFileIsRefusedWholeAndNamesTheField(@TempDir Path dir) throws IOException {
        Files.copy(Path.of("tenants-sample", "vendor.yaml"), dir.resolve("vendor.yaml"));
        Files.writeString(dir.resolve("a-good.yaml"), """
                tenant: {slug: rollback-probe, name: Rollback Probe, timeZone: Europe/Paris}
                devices:
                  - {id: umb-001, timeZone: Europe/Paris}
                """);
        Files.writeString(dir.resolve("b-bad.yaml"), """
                tenant: {slug: hooli, name: Hooli, timeZone: America/Los_Angeles}
                devices:
                  - {id: hooli-001, timeZone: Mars/Olympus_Mons}
                policies:
                  - product: agent
                    mode: automatic
                    maintenanceWindows:
                      - {days: [MONDAY], start: "02:00", duration: PT0S}
                """);
        List<Long> before = counts();

        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOf(SampleException.class)
                .hasMessageContaining("b-bad.yaml")
                .hasMessageContaining("devices[0].timeZone: unknown time zone 'Mars/Olympus_Mons'")
                .hasMessageContaining("policies[0].maintenanceWindows[0].duration: longer than zero and at most 7 days");
        // The good file before it was rolled back with it: all or nothing.
        assertThat(counts()).isEqualTo(before);
        assertThat(scalar("SELECT count(*) FROM tenants WHERE id = 'rollback-probe'")).isZero();
    }

    @Test
    void sampleRingPlansKeepTheSaltTheFileNames() {
        assertThat(text("""
                SELECT string_agg(pr.key || '=' || rp.salt, ',' ORDER BY pr.key) FROM ring_plans rp
                JOIN products pr ON pr.id = rp.product_id WHERE rp.name = 'standard' AND pr.key IN ('agent', 'content')"""))
                .isEqualTo("agent=agent-2026,content=content-2026");
    }

    @Test
    void aSampleRingPlanBreakingThePlanRulesIsRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("vendor.yaml"), """
                products:
                  - key: sample-rules-probe
                    name: Probe
                    ringPlan:
                      name: standard
                      salt: probe
                      rings:
                        - {name: canary, share: 0.5, minSoak: PT1H, manualApproval: false,
                           gate: {minFinished: 1, minFinishedShare: 0.5, maxFailureRate: 0.02, silenceTimeout: PT1H}}
                        - {name: broad, share: 0.4, minSoak: PT1H, manualApproval: false,
                           gate: {minFinished: 1, minFinishedShare: 0.5, maxFailureRate: 0.02, silenceTimeout: PT1H}}
                """);

        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOf(SampleException.class)
                .hasMessageStartingWith("vendor.yaml: ring plan standard of sample-rules-probe: ")
                .hasMessageContaining("rings[1].share");
        assertThat(scalar("SELECT count(*) FROM products WHERE key = 'sample-rules-probe'")).isZero();
    }

    @Test
    void aTypoInAFieldNameIsAnError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("typo.yaml"), """
                tenant: {slug: typo, name: Typo, timeZone: UTC}
                polices: []
                """);

        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOf(SampleException.class)
                .hasMessageContaining("typo.yaml")
                .hasMessageContaining("polices");
    }

    private List<Long> counts() {
        return TABLES.stream().map(table -> scalar("SELECT count(*) FROM " + table)).toList();
    }

    private long scalar(String sql) {
        return BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql).getSingleResult()).longValue()));
    }

    private String text(String sql) {
        return BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(sql).getSingleResult()));
    }
}
