package dev.ringmaster.schedule.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The rows of one product that a recomputation's scope already has, read once before the devices are planned, so
 * that it writes only rows whose answer changed and deletes exactly the rows that no longer apply, without asking
 * PostgreSQL to compare every row.
 *
 * <p>A row is <em>current</em> when its release is the one its device is planned for (its tenant's, or the
 * device's own exception: a rollback, a halted release with an open action); for those the digest is kept
 * (see {@link WindowAnswers}), keyed by device, and the recomputation marks each device it plans. Rows of any other
 * release, and current rows of devices the recomputation did not plan (retired, deleted, or of a tenant that is no
 * longer active), are stale. Keys are held in parallel arrays with open addressing rather than a
 * {@code HashMap<UUID, Long>}: a full refresh reads a million of them, and boxed keys and values would cost several
 * times the heap.
 */
final class StoredRows {

    private long[] high = new long[1024];
    private long[] low = new long[1024];
    private long[] digests = new long[1024];
    private int[] releases = new int[1024];
    private byte[] state = new byte[1024];
    private int size;
    private final List<UUID> releaseIds = new ArrayList<>();
    private final Map<UUID, Integer> releaseIndexes = new HashMap<>();
    private final List<UUID> staleDevices = new ArrayList<>();
    private final List<UUID> staleReleases = new ArrayList<>();

    private static final byte FREE = 0;
    /** A current row without a digest: written by someone else, so always rewritten. */
    private static final byte UNKNOWN = 1;
    private static final byte DIGESTED = 2;
    /** Flag added once the recomputation planned the device. */
    private static final byte SEEN = 4;

    /**
     * Reads the product's rows in the scope.
     *
     * @param subjects   tenant id to the release its devices are planned for (tenants with a plan)
     * @param exceptions device id to the release it is planned for instead of its tenant's (a rollback, a halted one)
     * @param tenantIds  null for every tenant
     * @param deviceIds  null for every device of those tenants
     */
    static StoredRows read(Connection connection, UUID productId, Map<String, UUID> subjects, Map<UUID, UUID> exceptions,
            Collection<String> tenantIds, Collection<UUID> deviceIds) throws SQLException {
        StoredRows stored = new StoredRows();
        // Which rows are current is decided here rather than by joining the plans in SQL: PostgreSQL cannot
        // estimate a join with an unnested array and chose a nested loop over it for each of a million rows.
        StringBuilder sql = new StringBuilder("""
                SELECT w.tenant_id, w.device_id, w.release_id, w.digest
                FROM release_windows w JOIN releases r ON r.id = w.release_id
                WHERE r.product_id = ?""");
        if (tenantIds != null) {
            sql.append(" AND w.tenant_id = ANY (?)");
        }
        if (deviceIds != null) {
            sql.append(" AND w.device_id = ANY (?)");
        }
        StreamedRows.stream(connection, sql.toString(), 50_000, statement -> {
            int index = 1;
            statement.setObject(index++, productId);
            if (tenantIds != null) {
                statement.setArray(index++, connection.createArrayOf("text", tenantIds.toArray()));
            }
            if (deviceIds != null) {
                statement.setArray(index, connection.createArrayOf("uuid", deviceIds.toArray()));
            }
        }, row -> {
            UUID device = row.getObject(2, UUID.class);
            UUID release = row.getObject(3, UUID.class);
            long digest = row.getLong(4);
            boolean digested = !row.wasNull();
            UUID current = exceptions.containsKey(device) ? exceptions.get(device) : subjects.get(row.getString(1));
            if (release.equals(current)) {
                stored.putCurrent(device, release, digested ? DIGESTED : UNKNOWN, digest);
            } else {
                stored.staleDevices.add(device);
                stored.staleReleases.add(release);
            }
        });
        return stored;
    }

    /** What is stored for a device about to be written. */
    enum Stored {
        /** No current row: insert. */
        NONE,
        /** A current row that says something else, or has no digest: update. */
        DIFFERENT,
        /** A current row with exactly this digest: nothing to write. */
        SAME
    }

    /** Marks the device as planned, and tells what its stored current row is compared with this digest. */
    Stored planned(UUID deviceId, long digest) {
        int slot = find(deviceId.getMostSignificantBits(), deviceId.getLeastSignificantBits());
        if (state[slot] == FREE) {
            return Stored.NONE;
        }
        state[slot] |= SEEN;
        return (state[slot] & DIGESTED) != 0 && digests[slot] == digest ? Stored.SAME : Stored.DIFFERENT;
    }

    /** Deletes the stale rows; call after every device of the scope was planned. */
    long deleteStale(Connection connection) throws SQLException {
        List<UUID> devices = new ArrayList<>(staleDevices);
        List<UUID> releases = new ArrayList<>(staleReleases);
        for (int slot = 0; slot < state.length; slot++) {
            if (state[slot] != FREE && (state[slot] & SEEN) == 0) {
                devices.add(new UUID(high[slot], low[slot]));
                releases.add(releaseIds.get(this.releases[slot]));
            }
        }
        if (devices.isEmpty()) {
            return 0;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                DELETE FROM release_windows w USING unnest(?::uuid[], ?::uuid[]) AS k(d, r)
                WHERE w.device_id = k.d AND w.release_id = k.r""")) {
            statement.setArray(1, connection.createArrayOf("uuid", devices.toArray()));
            statement.setArray(2, connection.createArrayOf("uuid", releases.toArray()));
            return statement.executeUpdate();
        }
    }

    private void putCurrent(UUID deviceId, UUID releaseId, byte kind, long digest) {
        if (2 * (size + 1) > state.length) {
            grow();
        }
        long h = deviceId.getMostSignificantBits();
        long l = deviceId.getLeastSignificantBits();
        int slot = find(h, l);
        if (state[slot] == FREE) {
            size++;
        }
        high[slot] = h;
        low[slot] = l;
        state[slot] = kind;
        digests[slot] = digest;
        releases[slot] = releaseIndexes.computeIfAbsent(releaseId, id -> {
            releaseIds.add(id);
            return releaseIds.size() - 1;
        });
    }

    private int find(long h, long l) {
        int mask = state.length - 1;
        // Device ids are random (version 4) UUIDs, so their bits already spread evenly.
        long bits = h ^ l;
        int slot = (int) (bits ^ (bits >>> 32)) & mask;
        while (state[slot] != FREE && (high[slot] != h || low[slot] != l)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldHigh = high;
        long[] oldLow = low;
        long[] oldDigests = digests;
        int[] oldReleases = releases;
        byte[] oldState = state;
        int capacity = oldState.length * 2;
        high = new long[capacity];
        low = new long[capacity];
        digests = new long[capacity];
        releases = new int[capacity];
        state = new byte[capacity];
        for (int i = 0; i < oldState.length; i++) {
            if (oldState[i] != FREE) {
                int slot = find(oldHigh[i], oldLow[i]);
                high[slot] = oldHigh[i];
                low[slot] = oldLow[i];
                digests[slot] = oldDigests[i];
                releases[slot] = oldReleases[i];
                state[slot] = oldState[i];
            }
        }
    }
}
