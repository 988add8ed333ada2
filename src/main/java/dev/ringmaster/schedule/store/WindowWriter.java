package dev.ringmaster.schedule.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ringmaster.schedule.PlannedWindow;
import dev.ringmaster.schedule.Reason;
import dev.ringmaster.schedule.fleet.DeviceWindow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes windows into {@code release_windows} in chunks: one {@code INSERT ... SELECT FROM unnest(arrays) ON
 * CONFLICT DO UPDATE} per chunk, so a chunk costs one round trip however many rows it holds. (An UPDATE joined on
 * the key plus an INSERT of the rest, in one statement, measured no faster.) Devices with the same
 * inputs share one explanation, so each distinct reasons document is sent (and parsed as jsonb) once per chunk and indexed by the rows.
 * A row whose stored answer is unchanged is not rewritten: {@code computed_at} says when the stored answer was last
 * computed differently, and an edit that moves few devices writes few rows.
 */
public final class WindowWriter {

    static final int CHUNK = 20_000;

    private static final String UPSERT = """
            INSERT INTO release_windows AS w (tenant_id, device_id, release_id, rollout_id, ring_position, earliest_start,
                                              window_start, window_end, forecast, reasons, computed_at)
            SELECT u.t, u.d, u.r, u.o, u.ring, u.e::timestamptz, u.ws::timestamptz, u.we::timestamptz, u.f,
                   x.doc, ?
            FROM unnest(?::text[], ?::uuid[], ?::uuid[], ?::uuid[], ?::int[], ?::text[], ?::text[], ?::text[],
                        ?::boolean[], ?::int[]) AS u(t, d, r, o, ring, e, ws, we, f, i)
            JOIN unnest(CAST(? AS jsonb[])) WITH ORDINALITY AS x(doc, i) ON x.i = u.i
            ON CONFLICT (device_id, release_id) DO UPDATE SET
                tenant_id = EXCLUDED.tenant_id, rollout_id = EXCLUDED.rollout_id,
                ring_position = EXCLUDED.ring_position, earliest_start = EXCLUDED.earliest_start,
                window_start = EXCLUDED.window_start, window_end = EXCLUDED.window_end,
                forecast = EXCLUDED.forecast, reasons = EXCLUDED.reasons, computed_at = EXCLUDED.computed_at
            WHERE (w.rollout_id, w.ring_position, w.earliest_start, w.window_start, w.window_end, w.forecast, w.reasons)
                  IS DISTINCT FROM (EXCLUDED.rollout_id, EXCLUDED.ring_position, EXCLUDED.earliest_start,
                                    EXCLUDED.window_start, EXCLUDED.window_end, EXCLUDED.forecast, EXCLUDED.reasons)""";

    private final Connection connection;
    private final Instant computedAt;
    private final List<DeviceWindow> pending = new ArrayList<>(CHUNK);
    private final Map<List<Reason>, String> documents = new IdentityHashMap<>();
    private long written;

    public WindowWriter(Connection connection, Instant computedAt) {
        this.connection = connection;
        this.computedAt = computedAt;
    }

    public void add(DeviceWindow window) throws SQLException {
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
        int size = pending.size();
        String[] tenants = new String[size];
        Object[] devices = new Object[size];
        Object[] releases = new Object[size];
        Object[] rollouts = new Object[size];
        Integer[] rings = new Integer[size];
        String[] earliest = new String[size];
        String[] starts = new String[size];
        String[] ends = new String[size];
        Boolean[] forecasts = new Boolean[size];
        Integer[] docIndex = new Integer[size];
        Map<List<Reason>, Integer> indexes = new IdentityHashMap<>();
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            DeviceWindow window = pending.get(i);
            PlannedWindow plan = window.plan();
            tenants[i] = window.tenantId();
            devices[i] = window.deviceId();
            releases[i] = window.releaseId();
            rollouts[i] = window.rolloutId();
            rings[i] = plan.ring();
            earliest[i] = text(plan.earliestStart());
            starts[i] = plan.window() == null ? null : text(plan.window().start());
            ends[i] = plan.window() == null ? null : text(plan.window().end());
            forecasts[i] = plan.forecast();
            docIndex[i] = indexes.computeIfAbsent(window.reasons(), reasons -> {
                docs.add(document(reasons));
                return docs.size(); // WITH ORDINALITY counts from 1
            });
        }
        try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            statement.setTimestamp(1, Timestamp.from(computedAt));
            statement.setArray(2, connection.createArrayOf("text", tenants));
            statement.setArray(3, connection.createArrayOf("uuid", devices));
            statement.setArray(4, connection.createArrayOf("uuid", releases));
            statement.setArray(5, connection.createArrayOf("uuid", rollouts));
            statement.setArray(6, connection.createArrayOf("int4", rings));
            statement.setArray(7, connection.createArrayOf("text", earliest));
            statement.setArray(8, connection.createArrayOf("text", starts));
            statement.setArray(9, connection.createArrayOf("text", ends));
            statement.setArray(10, connection.createArrayOf("bool", forecasts));
            statement.setArray(11, connection.createArrayOf("int4", docIndex));
            statement.setArray(12, connection.createArrayOf("text", docs.toArray()));
            written += statement.executeUpdate();
        }
        pending.clear();
        return written;
    }

    /** The reasons as stored: {@code [{"at": ISO instant or null, "code": ..., "text": ...}]}. */
    String document(List<Reason> reasons) {
        return documents.computeIfAbsent(reasons, list -> {
            try {
                return FleetReader.JSON.writeValueAsString(list);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("reasons cannot be written as JSON", e);
            }
        });
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
