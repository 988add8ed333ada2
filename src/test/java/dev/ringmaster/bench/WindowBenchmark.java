package dev.ringmaster.bench;

import dev.ringmaster.localstack.DatabaseEndpoint;
import dev.ringmaster.localstack.EmbeddedDatabase;
import dev.ringmaster.schedule.fleet.ProductFacts;
import dev.ringmaster.schedule.fleet.TenantPlan;
import dev.ringmaster.schedule.store.FleetReader;
import dev.ringmaster.schedule.store.WindowRecompute;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Benchmark of the stored release windows (not a unit test; see docs/windows.md, "Benchmark", for the command).
 *
 * <p>Starts a throwaway embedded PostgreSQL with the real migrations and roles, generates 1,000,000 devices in 1,000
 * tenants (one of them with 100,000 devices) with varied policies, zones and pilot groups, then measures as the
 * application role (row-level security on):
 * <ol>
 *   <li>reading and planning every device without writing, to tell planning time from database time;</li>
 *   <li>a full merge of one product persisted to {@code release_windows} (system scope, every tenant, empty table);</li>
 *   <li>the same full merge again with nothing changed (what a periodic refresh mostly is);</li>
 *   <li>reading and planning the 100,000-device tenant alone;</li>
 *   <li>a policy edit in the 100,000-device tenant reflected in its stored windows (that tenant's scope), exactly
 *       what {@code Policies.replace} triggers in its transaction.</li>
 * </ol>
 * Prints seconds per step and the peak heap. Arguments: {@code [devices] [tenants]} (defaults 1000000 1000).
 *
 * <p>The fleet is seeded in SQL ({@code COPY}), unlike the tests, which go through the front door: through the
 * services a tenant takes seconds (its Keycloak organization) and a device tens of milliseconds (docs/windows.md,
 * "Benchmark"), hours for these sizes, and this runs with neither Quarkus nor Keycloak.
 */
public final class WindowBenchmark {

    private static final String[] ZONES = {"Europe/Berlin", "America/New_York", "America/Chicago", "Asia/Tokyo",
            "Europe/London", "Australia/Sydney", "America/Los_Angeles", "Asia/Kolkata"};
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int tenants = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int bigTenant = Math.min(100_000, devices / 10);
        System.out.printf("window benchmark: %,d devices in %,d tenants (largest %,d); %d processors; load %s%n",
                devices, tenants, bigTenant, Runtime.getRuntime().availableProcessors(), load());
        try (EmbeddedDatabase db = EmbeddedDatabase.throwaway()) {
            System.out.println("embedded PostgreSQL, throwaway: " + db.durability().describe());
            db.ensureDatabases(List.of("ringmaster"));
            DatabaseEndpoint owner = db.endpoint().as("ringmaster_owner", "ringmaster_owner");
            DatabaseEndpoint app = db.endpoint().as("ringmaster_app", "ringmaster_app");
            db.ensureRoles("ringmaster", owner, app);
            Flyway.configure().dataSource(owner.jdbcUrl("ringmaster"), owner.username(), owner.password())
                    .placeholders(Map.of("app_role", app.username())).initSql("SET app.all_tenants = 'on'")
                    .locations("classpath:db/migration").load().migrate();

            long started = System.nanoTime();
            UUID product;
            // Generated as the superuser: COPY refuses tables with row-level security, which superusers bypass.
            try (Connection connection = DriverManager.getConnection(db.endpoint().jdbcUrl("ringmaster"),
                    db.endpoint().username(), db.endpoint().password())) {
                product = generate(connection, devices, tenants, bigTenant);
            }
            System.out.printf("generated in %.1f s%n", seconds(started));

            resetPeak();
            Cpu cpu = new Cpu(db.serverPid());
            try (Connection connection = DriverManager.getConnection(app.jdbcUrl("ringmaster"), app.username(), app.password())) {
                connection.setAutoCommit(false);
                setScope(connection, "", "on");
                long computeOnly = System.nanoTime();
                cpu.start();
                long planned = planWithoutWriting(connection, product, null);
                connection.commit();
                System.out.printf("read and plan only (no writes): %,d devices in %.2f s %s%n", planned, seconds(computeOnly), cpu.spent());

                resetPeak();
                long full = System.nanoTime();
                cpu.start();
                WindowRecompute.Result result = new WindowRecompute(connection).run(WindowRecompute.Scope.product(product), NOW);
                connection.commit();
                System.out.printf("full merge: %,d devices, %,d rows written in %.2f s (peak heap %,d MB) %s%n",
                        result.devices(), result.written(), seconds(full), peakHeapMb(), cpu.spent());
                System.out.printf("stored windows: %,d%n", count(connection, "SELECT count(*) FROM release_windows"));
                connection.commit();

                long again = System.nanoTime();
                cpu.start();
                WindowRecompute.Result unchanged = new WindowRecompute(connection).run(WindowRecompute.Scope.product(product), NOW);
                connection.commit();
                System.out.printf("full merge again, nothing changed: %,d devices, %,d rows written in %.2f s %s%n",
                        unchanged.devices(), unchanged.written(), seconds(again), cpu.spent());

                setScope(connection, "t0000", "");
                connection.commit();
                // The edit's reading and planning alone (the policy does not change how long that takes), to tell
                // planning time from database time.
                long editPlanOnly = System.nanoTime();
                cpu.start();
                long editPlanned = planWithoutWriting(connection, product, List.of("t0000"));
                connection.commit();
                System.out.printf("read and plan only, the %,d-device tenant: %,d devices in %.2f s %s%n", bigTenant, editPlanned,
                        seconds(editPlanOnly), cpu.spent());

                resetPeak();
                long edit = System.nanoTime();
                cpu.start();
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("""
                            UPDATE update_policies SET deferral_seconds = 259200, lock_version = lock_version + 1,
                                   maintenance_windows = '[{"days":["SATURDAY","SUNDAY"],"start":"03:00:00","duration":"PT5H","timeZone":null}]'
                            WHERE tenant_id = 't0000'""");
                }
                WindowRecompute.Result edited = new WindowRecompute(connection)
                        .run(WindowRecompute.Scope.tenant(product, "t0000"), NOW);
                connection.commit();
                System.out.printf("policy edit in the %,d-device tenant: %,d devices, %,d rows rewritten in %.2f s (peak heap %,d MB) %s%n",
                        bigTenant, edited.devices(), edited.written(), seconds(edit), peakHeapMb(), cpu.spent());
            }
        }
        System.out.printf("load after: %s%n", load());
    }

    private static UUID generate(Connection connection, int devices, int tenants, int bigTenant) throws SQLException, java.io.IOException {
        connection.setAutoCommit(false);
        Random random = new Random(42);
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        String created = "2026-01-01T00:00:00Z";
        StringBuilder rows = new StringBuilder();
        for (int t = 0; t < tenants; t++) {
            rows.append(tenant(t)).append('\t').append("Tenant ").append(t).append('\t').append(ZONES[t % ZONES.length])
                    .append('\t').append(created).append('\t').append(created).append('\n');
        }
        copy.copyIn("COPY tenants (id, name, time_zone, created_at, updated_at) FROM STDIN", new StringReader(rows.toString()));

        UUID product = UUID.randomUUID();
        UUID plan = UUID.randomUUID();
        UUID olderRelease = UUID.randomUUID();
        UUID oldRelease = UUID.randomUUID();
        UUID release = UUID.randomUUID();
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO products (id, key, name, created_at) VALUES ('" + product + "', 'agent', 'Agent', now())");
            statement.execute("""
                    INSERT INTO releases (id, product_id, version, version_major, version_minor, version_patch, state, created_by, created_at, published_at)
                    VALUES ('%s', '%s', '0.9.0', 0, 9, 0, 'completed', 'bench', now(), '2026-09-01T00:00:00Z'),
                           ('%s', '%s', '1.0.0', 1, 0, 0, 'completed', 'bench', now(), '2026-10-01T00:00:00Z'),
                           ('%s', '%s', '1.1.0', 1, 1, 0, 'rolling_out', 'bench', now(), '2026-11-10T00:00:00Z')"""
                    .formatted(olderRelease, product, oldRelease, product, release, product));
            statement.execute("INSERT INTO ring_plans (id, product_id, name, salt, is_default, created_at) VALUES ('"
                    + plan + "', '" + product + "', 'default', 'bench-salt', true, now())");
            String[] shares = {"0.01", "0.1", "0.5", "1"};
            for (int ring = 0; ring < shares.length; ring++) {
                statement.execute("""
                        INSERT INTO rings (id, ring_plan_id, position, name, cumulative_share, min_soak_seconds, gate_max_failure_rate, silence_timeout_seconds)
                        VALUES ('%s', '%s', %d, 'ring-%d', %s, 86400, 0.05, 3600)""".formatted(UUID.randomUUID(), plan, ring, ring, shares[ring]));
            }
            UUID olderRollout = UUID.randomUUID();
            UUID oldRollout = UUID.randomUUID();
            UUID rollout = UUID.randomUUID();
            statement.execute("""
                    INSERT INTO rollouts (id, release_id, ring_plan_id, state, current_ring, started_at, state_changed_at, created_by, created_at)
                    VALUES ('%s', '%s', '%s', 'completed', 3, '2026-09-01T00:00:00Z', now(), 'bench', '2026-09-01T00:00:00Z'),
                           ('%s', '%s', '%s', 'completed', 3, '2026-10-01T00:00:00Z', now(), 'bench', '2026-10-01T00:00:00Z'),
                           ('%s', '%s', '%s', 'running', 1, '2026-11-16T10:00:00Z', now(), 'bench', '2026-11-16T10:00:00Z')"""
                    .formatted(olderRollout, olderRelease, plan, oldRollout, oldRelease, plan, rollout, release, plan));
            for (int ring = 0; ring < shares.length; ring++) {
                statement.execute("INSERT INTO rollout_rings (rollout_id, position, state, opened_at) VALUES ('%s', %d, 'passed', '2026-09-0%dT00:00:00Z')"
                        .formatted(olderRollout, ring, ring + 1));
                statement.execute("INSERT INTO rollout_rings (rollout_id, position, state, opened_at) VALUES ('%s', %d, 'passed', '2026-10-0%dT00:00:00Z')"
                        .formatted(oldRollout, ring, ring + 1));
            }
            statement.execute("INSERT INTO rollout_rings (rollout_id, position, state, opened_at) VALUES ('%s', 0, 'passed', '2026-11-16T10:00:00Z'), ('%s', 1, 'open', '2026-11-17T10:00:00Z'), ('%s', 2, 'pending', NULL), ('%s', 3, 'pending', NULL)"
                    .formatted(rollout, rollout, rollout, rollout));
        }

        // Devices: the big tenant first, the rest spread evenly; a quarter without a zone of their own.
        int rest = devices - bigTenant;
        int flushed = 0;
        rows.setLength(0);
        StringBuilder members = new StringBuilder();
        StringBuilder groups = new StringBuilder();
        StringBuilder policies = new StringBuilder();
        StringBuilder pilotGroups = new StringBuilder();
        int made = 0;
        for (int t = 0; t < tenants; t++) {
            int count = t == 0 ? bigTenant : rest / (tenants - 1) + (t - 1 < rest % (tenants - 1) ? 1 : 0);
            String tenant = tenant(t);
            boolean pilots = t % 3 == 0;
            UUID group = UUID.randomUUID();
            UUID policy = UUID.randomUUID();
            if (pilots) {
                groups.append(group).append('\t').append(tenant).append("\tpilots\ttrue\t").append(created).append('\t').append(created).append('\n');
            }
            String mode = switch (t % 5) {
                case 0, 1, 2 -> "automatic";
                case 3 -> "approval";
                default -> "n-1";
            };
            String windows = switch (t % 4) {
                case 0 -> "[{\"days\":[\"TUESDAY\",\"WEDNESDAY\",\"THURSDAY\"],\"start\":\"01:00:00\",\"duration\":\"PT4H\",\"timeZone\":null}]";
                case 1 -> "[{\"days\":[\"MONDAY\",\"TUESDAY\",\"WEDNESDAY\",\"THURSDAY\",\"FRIDAY\",\"SATURDAY\",\"SUNDAY\"],\"start\":\"23:00:00\",\"duration\":\"PT3H\",\"timeZone\":null}]";
                case 2 -> "[{\"days\":[\"SATURDAY\"],\"start\":\"02:00:00\",\"duration\":\"PT6H\",\"timeZone\":\"" + ZONES[t % ZONES.length] + "\"}]";
                default -> "[]";
            };
            String freezes = t % 7 == 0
                    ? "[{\"from\":\"2026-12-18T00:00:00+01:00\",\"to\":\"2027-01-05T00:00:00+01:00\",\"reason\":\"year end\"}]" : "[]";
            policies.append(policy).append('\t').append(tenant).append('\t').append(product).append('\t').append(mode)
                    .append('\t').append((t % 4) * 86_400).append('\t').append(pilots ? 2 : 0).append('\t').append(pilots ? "0.1" : "0")
                    .append('\t').append(pilots ? 86_400 : 0).append('\t').append(windows).append('\t').append(freezes)
                    .append('\t').append(t % 2 == 0 ? "0.25" : "1").append("\tbench\t").append(created).append('\n');
            if (pilots) {
                pilotGroups.append(tenant).append('\t').append(policy).append('\t').append(group).append('\n');
            }
            for (int d = 0; d < count; d++) {
                UUID id = new UUID(random.nextLong(), random.nextLong());
                String zone = random.nextInt(4) == 0 ? "\\N" : ZONES[random.nextInt(ZONES.length)];
                rows.append(id).append('\t').append(tenant).append("\tdev-").append(d).append("\tdev-").append(d).append('\t')
                        .append(zone).append('\t').append(created).append('\t').append(created).append('\n');
                if (pilots && d < 20) {
                    members.append(tenant).append('\t').append(group).append('\t').append(id).append('\n');
                }
                made++;
                if (rows.length() > 8_000_000) {
                    copy.copyIn("COPY devices (id, tenant_id, external_id, name, time_zone, created_at, updated_at) FROM STDIN",
                            new StringReader(rows.toString()));
                    flushed += 1;
                    rows.setLength(0);
                }
            }
        }
        copy.copyIn("COPY devices (id, tenant_id, external_id, name, time_zone, created_at, updated_at) FROM STDIN",
                new StringReader(rows.toString()));
        copy.copyIn("COPY device_groups (id, tenant_id, name, pilot, created_at, updated_at) FROM STDIN", new StringReader(groups.toString()));
        copy.copyIn("COPY group_memberships (tenant_id, group_id, device_id) FROM STDIN", new StringReader(members.toString()));
        copy.copyIn("""
                COPY update_policies (id, tenant_id, product_id, mode, deferral_seconds, pilot_gate_min_succeeded,
                    pilot_gate_max_failure_rate, pilot_gate_soak_seconds, maintenance_windows, freezes, max_concurrent_share,
                    updated_by, updated_at) FROM STDIN""", new StringReader(policies.toString()));
        copy.copyIn("COPY policy_pilot_groups (tenant_id, policy_id, group_id) FROM STDIN", new StringReader(pilotGroups.toString()));
        try (Statement statement = connection.createStatement()) {
            // Approval tenants approved the rolling release, so their devices get windows too.
            statement.execute("""
                    INSERT INTO tenant_release_approvals (tenant_id, release_id, decision, decided_by, decided_at)
                    SELECT tenant_id, '%s', 'approved', 'bench', '2026-11-18T00:00:00Z' FROM update_policies WHERE mode = 'approval'"""
                    .formatted(release));
            statement.execute("ANALYZE");
        }
        connection.commit();
        System.out.printf("  %,d devices written%n", made);
        return product;
    }

    /** The reading and planning part of a full merge, to tell database time from planning time. */
    private static long planWithoutWriting(Connection connection, UUID productId, List<String> tenants) throws SQLException {
        FleetReader reader = new FleetReader(connection);
        ProductFacts product = reader.product(productId, NOW).orElseThrow();
        Map<String, TenantPlan> plans = WindowRecompute.plans(product, reader.tenants(product, tenants, NOW).values(), NOW);
        long[] planned = {0};
        reader.devices(tenants, null, device -> {
            TenantPlan plan = plans.get(device.tenantId());
            if (plan != null && plan.window(device.device()).plan() != null) {
                planned[0]++;
            }
        });
        return planned[0];
    }

    private static String tenant(int index) {
        return "t%04d".formatted(index);
    }

    private static void setScope(Connection connection, String tenant, String all) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT set_config('app.tenant_id', ?, false), set_config('app.all_tenants', ?, false)")) {
            statement.setString(1, tenant);
            statement.setString(2, all);
            statement.execute();
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static void resetPeak() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeapMb() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() / (1024 * 1024);
    }

    /**
     * CPU time spent by this JVM and by the PostgreSQL server (the postmaster and its processes: the session's
     * backend, the WAL writer, the checkpointer) since {@link #start}. The machine is shared, so wall time alone
     * cannot tell a slower change from a busier machine; CPU time mostly can.
     */
    private static final class Cpu {

        /** Linux reports process times in clock ticks, 100 a second on every kernel this runs on. */
        private static final double TICK = 0.01;

        private final long serverPid;
        private long jvmStart;
        private double serverStart;

        Cpu(long serverPid) {
            this.serverPid = serverPid;
        }

        void start() {
            jvmStart = jvmNanos();
            serverStart = serverSeconds();
        }

        String spent() {
            return String.format("[cpu: java %.2f s, postgres %.2f s]", (jvmNanos() - jvmStart) / 1e9, serverSeconds() - serverStart);
        }

        private static long jvmNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }

        private double serverSeconds() {
            try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
                return processes.filter(path -> path.getFileName().toString().chars().allMatch(Character::isDigit))
                        .mapToDouble(this::serverProcessSeconds).sum();
            } catch (IOException e) {
                return Double.NaN;
            }
        }

        /**
         * utime + stime of the postmaster or one of its children, 0 for any other process; for the postmaster also
         * its children that ended (a backend that exits between two readings).
         */
        private double serverProcessSeconds(Path process) {
            try {
                String stat = Files.readString(process.resolve("stat"));
                // The command name, in parentheses, may contain spaces: fields are counted after its end.
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long pid = Long.parseLong(process.getFileName().toString());
                long parent = Long.parseLong(fields[1]);
                if (pid != serverPid && parent != serverPid) {
                    return 0;
                }
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                if (pid == serverPid) {
                    ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
                }
                return ticks * TICK;
            } catch (IOException | RuntimeException e) {
                return 0; // the process ended meanwhile
            }
        }
    }

    private static String load() {
        return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
