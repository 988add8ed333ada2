package dev.ringmaster.support;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The service's clock under every {@code @QuarkusTest}: the real time plus an offset that only grows, or a frozen
 * instant. Tests move it through {@link TimeMachine}, which also runs the scheduled work that is due; nothing waits
 * on the wall clock for time to pass.
 *
 * <p>Time never goes back within a test JVM: classes run one after another against one database, and rows written
 * "in the future" by an earlier class must stay in the past for the next one. A test that needs a fixed instant
 * freezes the clock at {@link #instant()} or later; {@link #thaw()} lets it flow again from there. That holds across a
 * restart of the service too (a {@code @TestProfile} class starts it anew, with a new instance of this class in a new
 * class loader): the furthest offset shown lives in a system property, which every class loader of the JVM sees,
 * and a new instance starts there. Before, a profile class run after classes that had moved time ahead found the
 * clock back at the real time.
 */
@Alternative
@Priority(1)
@Singleton
public class TestClock extends Clock {

    private static final String OFFSET_PROPERTY = "ringmaster.test.clock-offset";

    private Instant frozenAt;
    private Duration offset = kept();

    @Override
    public synchronized Instant instant() {
        // Microseconds: what PostgreSQL keeps, so an instant read back from a row equals the one written.
        return frozenAt != null ? frozenAt : Instant.now().plus(offset).truncatedTo(ChronoUnit.MICROS);
    }

    /** Stops the clock at the current instant. */
    public synchronized Instant freeze() {
        frozenAt = instant();
        remember();
        return frozenAt;
    }

    /** Stops the clock at {@code at}, which must not be before the current instant. */
    public synchronized Instant freezeAt(Instant at) {
        Instant now = instant();
        if (at.isBefore(now)) {
            throw new IllegalArgumentException("the clock never goes back: " + at + " is before " + now);
        }
        frozenAt = at.truncatedTo(ChronoUnit.MICROS);
        remember();
        return frozenAt;
    }

    /** Moves the clock forward, frozen or not. */
    public synchronized Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the clock never goes back: " + by);
        }
        if (frozenAt != null) {
            frozenAt = frozenAt.plus(by);
        } else {
            offset = offset.plus(by);
        }
        remember();
        return instant();
    }

    /** Lets the clock flow again from where it stands. */
    public synchronized void thaw() {
        if (frozenAt != null) {
            Duration ahead = Duration.between(Instant.now(), frozenAt);
            offset = ahead.compareTo(offset) > 0 ? ahead : offset;
            frozenAt = null;
            remember();
        }
    }

    /** Where a clock started anew in this JVM begins: not before the furthest instant this one has shown. */
    private void remember() {
        Duration shown = frozenAt == null ? offset : Duration.between(Instant.now(), frozenAt);
        if (shown.compareTo(kept()) > 0) {
            System.setProperty(OFFSET_PROPERTY, shown.toString());
        }
    }

    /** The furthest offset any clock of this JVM has shown (zero before the first). */
    private static Duration kept() {
        return Duration.parse(System.getProperty(OFFSET_PROPERTY, "PT0S"));
    }

    public synchronized boolean frozen() {
        return frozenAt != null;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the service's clock is UTC; convert instants instead");
    }
}
