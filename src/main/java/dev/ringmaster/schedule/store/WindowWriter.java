package dev.ringmaster.schedule.store;

import dev.ringmaster.schedule.PlannedWindow;
import dev.ringmaster.schedule.Reason;
import dev.ringmaster.schedule.fleet.DeviceWindow;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes windows into {@code release_windows}: the rows are streamed with {@code COPY} into a temporary staging
 * table, then written with set-based statements. COPY is parsed by PostgreSQL while this side is still formatting,
 * and avoids pgjdbc's array encoding (escaped text built in memory), which was among the hottest frames of the
 * previous writer's {@code unnest} upsert. {@code COPY} straight into {@code release_windows} is not possible:
 * PostgreSQL refuses {@code COPY FROM} into a table with row-level security, and the INSERT and UPDATE from the
 * staging table are where row-level security checks every row.
 *
 * <p>Each distinct reasons document is staged once, in a second table, and joined: devices with equal inputs
 * share one explanation, so PostgreSQL parses a few thousand jsonb documents instead of a million. The caller sends
 * only rows whose stored digest differs (see {@link StoredRows}); a row that is sent but says the same as the
 * stored one (a row written by someone else, without a digest) only gets its digest, so {@code computed_at}
 * keeps saying when the stored answer last changed.
 */
public final class WindowWriter {

    /** Rows per COPY and write: large enough that statements are few, small enough to bound the heap. */
    static final int CHUNK = 100_000;

    private static final String STAGING = """
            CREATE TEMP TABLE IF NOT EXISTS release_window_stage (
                tenant_id text, device_id uuid, release_id uuid, rollout_id uuid, ring_position integer,
                earliest_start timestamptz, window_start timestamptz, window_end timestamptz, forecast boolean,
                doc integer, digest bigint, new_row boolean) ON COMMIT DELETE ROWS;
            CREATE TEMP TABLE IF NOT EXISTS release_window_stage_docs (doc integer, reasons jsonb) ON COMMIT DELETE ROWS;
            TRUNCATE release_window_stage, release_window_stage_docs""";

    /**
     * Rows the device had none of. A plain INSERT: {@code ON CONFLICT} would first probe the key and insert
     * speculatively, 1.4–2.2 s against 0.7–1.4 s per 100,000 new rows in the benchmark. The recomputation holds
     * its product's advisory lock, so no other recomputation adds these keys meanwhile.
     */
    private static final String INSERT = """
            INSERT INTO release_windows (tenant_id, device_id, release_id, rollout_id, ring_position, earliest_start,
                                         window_start, window_end, forecast, reasons, computed_at, digest)
            SELECT s.tenant_id, s.device_id, s.release_id, s.rollout_id, s.ring_position, s.earliest_start,
                   s.window_start, s.window_end, s.forecast, d.reasons, ?, s.digest
            FROM release_window_stage s JOIN release_window_stage_docs d ON d.doc = s.doc
            WHERE s.new_row""";

    /** What a row's answer is compared on: everything it says except when it was computed. */
    private static final String ANSWER = "rollout_id, ring_position, earliest_start, window_start, window_end, forecast, reasons";

    /**
     * Rows that exist and differ, when the recomputation is limited to some tenants (a tenant's edit). The filter
     * on the scope's tenants (and devices) lets PostgreSQL find the rows through an index; it cannot estimate the
     * join under row-level security and otherwise scans the whole table. A plain UPDATE also changes each row
     * once, where an upsert first locks it (a second WAL record per row): 0.54 s against 0.77 s for 100,000 rows (SQL, load 7).
     */
    private static final String UPDATE_IN_TENANTS = """
            UPDATE release_windows w SET
                tenant_id = s.tenant_id, rollout_id = s.rollout_id, ring_position = s.ring_position,
                earliest_start = s.earliest_start, window_start = s.window_start, window_end = s.window_end,
                forecast = s.forecast, reasons = d.reasons, digest = s.digest,
                computed_at = CASE WHEN (w.%1$s) IS DISTINCT FROM (s.rollout_id, s.ring_position, s.earliest_start,
                                                                  s.window_start, s.window_end, s.forecast, d.reasons)
                                   THEN ? ELSE w.computed_at END
            FROM release_window_stage s JOIN release_window_stage_docs d ON d.doc = s.doc
            WHERE NOT s.new_row AND w.device_id = s.device_id AND w.release_id = s.release_id
              AND (w.%1$s, w.digest) IS DISTINCT FROM (s.rollout_id, s.ring_position, s.earliest_start, s.window_start,
                                                      s.window_end, s.forecast, d.reasons, s.digest)
              AND w.tenant_id = ANY (?)""".formatted(ANSWER.replace(", ", ", w."));

    /**
     * Rows that exist and differ, when the recomputation covers every tenant. An upsert rather than
     * {@code UPDATE ... FROM}: it finds each row through the primary key, where the join would scan the whole table
     * for every chunk.
     */
    private static final String UPDATE = """
            INSERT INTO release_windows AS w (tenant_id, device_id, release_id, rollout_id, ring_position, earliest_start,
                                              window_start, window_end, forecast, reasons, computed_at, digest)
            SELECT s.tenant_id, s.device_id, s.release_id, s.rollout_id, s.ring_position, s.earliest_start,
                   s.window_start, s.window_end, s.forecast, d.reasons, ?, s.digest
            FROM release_window_stage s JOIN release_window_stage_docs d ON d.doc = s.doc
            WHERE NOT s.new_row
            ON CONFLICT (device_id, release_id) DO UPDATE SET
                tenant_id = EXCLUDED.tenant_id, rollout_id = EXCLUDED.rollout_id,
                ring_position = EXCLUDED.ring_position, earliest_start = EXCLUDED.earliest_start,
                window_start = EXCLUDED.window_start, window_end = EXCLUDED.window_end,
                forecast = EXCLUDED.forecast, reasons = EXCLUDED.reasons, digest = EXCLUDED.digest,
                computed_at = CASE WHEN (w.rollout_id, w.ring_position, w.earliest_start, w.window_start, w.window_end,
                                         w.forecast, w.reasons)
                                        IS DISTINCT FROM (EXCLUDED.rollout_id, EXCLUDED.ring_position, EXCLUDED.earliest_start,
                                                          EXCLUDED.window_start, EXCLUDED.window_end, EXCLUDED.forecast,
                                                          EXCLUDED.reasons)
                                   THEN EXCLUDED.computed_at ELSE w.computed_at END
            WHERE (w.rollout_id, w.ring_position, w.earliest_start, w.window_start, w.window_end, w.forecast, w.reasons,
                   w.digest)
                  IS DISTINCT FROM (EXCLUDED.rollout_id, EXCLUDED.ring_position, EXCLUDED.earliest_start,
                                    EXCLUDED.window_start, EXCLUDED.window_end, EXCLUDED.forecast, EXCLUDED.reasons,
                                    EXCLUDED.digest)""";

    /** Bytes of COPY text handed to the driver at a time. */
    private static final int COPY_BUFFER = 1 << 20;

    private final Connection connection;
    private final Instant computedAt;
    private final WindowAnswers answers;
    private final Collection<String> tenantIds;
    private final Collection<UUID> deviceIds;
    private final List<DeviceWindow> pending = new ArrayList<>(CHUNK);
    private long[] pendingDigests = new long[CHUNK];
    private boolean[] pendingNew = new boolean[CHUNK];
    private int newRows;
    private long written;

    public WindowWriter(Connection connection, Instant computedAt) {
        this(connection, computedAt, new WindowAnswers(), null, null);
    }

    /**
     * @param tenantIds the recomputation's tenants, null for every tenant
     * @param deviceIds the recomputation's devices, null for every device of those tenants
     */
    WindowWriter(Connection connection, Instant computedAt, WindowAnswers answers, Collection<String> tenantIds,
            Collection<UUID> deviceIds) {
        this.connection = connection;
        this.computedAt = computedAt;
        this.answers = answers;
        this.tenantIds = tenantIds;
        this.deviceIds = deviceIds;
    }

    /** Writes the window over whatever is stored. */
    public void add(DeviceWindow window) throws SQLException {
        add(window, answers.digest(window), false);
    }

    /**
     * Writes the window.
     *
     * @param digest its {@link WindowAnswers#digest}
     * @param newRow true when no row of the device for this release is stored (see {@link StoredRows})
     */
    void add(DeviceWindow window, long digest, boolean newRow) throws SQLException {
        if (pending.size() == pendingDigests.length) {
            pendingDigests = Arrays.copyOf(pendingDigests, pendingDigests.length * 2);
            pendingNew = Arrays.copyOf(pendingNew, pendingNew.length * 2);
        }
        pendingDigests[pending.size()] = digest;
        pendingNew[pending.size()] = newRow;
        newRows += newRow ? 1 : 0;
        pending.add(window);
        if (pending.size() >= CHUNK) {
            flush();
        }
    }

    /** @return rows inserted or changed so far */
    public long flush() throws SQLException {
        if (pending.isEmpty()) {
            return written;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(STAGING);
        }
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        Map<List<Reason>, Integer> docIndexes = new IdentityHashMap<>();
        StringBuilder docs = new StringBuilder();
        for (DeviceWindow window : pending) {
            docIndexes.computeIfAbsent(window.reasons(), reasons -> {
                int index = docIndexes.size();
                docs.append(index).append('\t');
                escape(answers.document(reasons), docs);
                docs.append('\n');
                return index;
            });
        }
        CopyIn docsIn = copy.copyIn("COPY release_window_stage_docs (doc, reasons) FROM STDIN");
        send(docsIn, docs);
        docsIn.endCopy();

        CopyIn rowsIn = copy.copyIn("""
                COPY release_window_stage (tenant_id, device_id, release_id, rollout_id, ring_position, earliest_start,
                                           window_start, window_end, forecast, doc, digest, new_row) FROM STDIN""");
        StringBuilder rows = new StringBuilder(COPY_BUFFER + 1024);
        for (int i = 0; i < pending.size(); i++) {
            DeviceWindow window = pending.get(i);
            PlannedWindow plan = window.plan();
            // Tenant ids are safe text (no tab, newline or backslash), so they need no escaping.
            rows.append(window.tenantId()).append('\t').append(window.deviceId()).append('\t')
                    .append(window.releaseId()).append('\t');
            nullable(window.rolloutId(), rows).append('\t').append(plan.ring()).append('\t');
            nullable(plan.earliestStart(), rows).append('\t');
            nullable(plan.window() == null ? null : plan.window().start(), rows).append('\t');
            nullable(plan.window() == null ? null : plan.window().end(), rows).append('\t');
            rows.append(plan.forecast() ? 't' : 'f').append('\t').append(docIndexes.get(window.reasons())).append('\t')
                    .append(pendingDigests[i]).append('\t').append(pendingNew[i] ? 't' : 'f').append('\n');
            if (rows.length() >= COPY_BUFFER) {
                send(rowsIn, rows);
            }
        }
        send(rowsIn, rows);
        rowsIn.endCopy();

        if (newRows > 0) {
            written += execute(INSERT);
        }
        if (newRows < pending.size()) {
            written += tenantIds == null ? execute(UPDATE) : updateInTenants();
        }
        newRows = 0;
        pending.clear();
        return written;
    }

    private int updateInTenants() throws SQLException {
        String sql = deviceIds == null ? UPDATE_IN_TENANTS : UPDATE_IN_TENANTS + " AND w.device_id = ANY (?)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setTimestamp(1, Timestamp.from(computedAt));
            statement.setArray(2, connection.createArrayOf("text", tenantIds.toArray()));
            if (deviceIds != null) {
                statement.setArray(3, connection.createArrayOf("uuid", deviceIds.toArray()));
            }
            return statement.executeUpdate();
        }
    }

    private int execute(String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setTimestamp(1, Timestamp.from(computedAt));
            return statement.executeUpdate();
        }
    }

    private static void send(CopyIn copy, StringBuilder text) throws SQLException {
        if (text.isEmpty()) {
            return;
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        text.setLength(0);
    }

    private static StringBuilder nullable(Object value, StringBuilder out) {
        return value == null ? out.append("\\N") : out.append(value);
    }

    /** COPY's text format: backslash, tab, newline and carriage return are escaped with a backslash. */
    private static void escape(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }
}
