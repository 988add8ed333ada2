package dev.ringmaster.persistence;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Values of native query results, whose Java types depend on the driver and Hibernate's mapping of the column. */
public final class NativeValues {

    private NativeValues() {
    }

    /** A {@code timestamptz} column's value, however it arrived; null stays null. */
    public static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case Instant instant -> instant;
            case Timestamp timestamp -> timestamp.toInstant();
            case OffsetDateTime offset -> offset.toInstant();
            default -> throw new IllegalStateException("unexpected time value " + value.getClass());
        };
    }
}
