package dev.ringmaster.device;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.Optional;

/** Settings of the device API (the "# --- Device API" section of application.properties). */
@ConfigMapping(prefix = "ringmaster.device")
public interface DeviceApiSettings {

    Poll poll();

    /** A device offered a release and silent for longer no longer counts as installing for the concurrency cap. */
    @WithName("installing-timeout")
    @WithDefault("PT2H")
    Duration installingTimeout();

    /** How often the last-seen times gathered in memory are written, in one statement. */
    @WithName("last-seen-flush")
    @WithDefault("5s")
    String lastSeenFlush();

    /**
     * A device's last-seen time is written at most this often, however often it calls; the stored time lags
     * the truth by at most this plus one flush interval. Silence timeouts are hours, so a minute is plenty.
     */
    @WithName("last-seen-precision")
    @WithDefault("PT1M")
    Duration lastSeenPrecision();

    /**
     * Devices' own rows (windows, actions, installed versions) are read in at most this many round trips at a
     * time per tenant; devices polling meanwhile are read together in the next one.
     */
    @WithName("parallel-reads")
    @WithDefault("2")
    int parallelReads();

    /**
     * Whether devices' own rows are kept in memory between polls, so that a poll reads the database only on a
     * device's first contact and after its rows changed. Off, every full check-in and DDI poll reads them.
     */
    @WithName("row-cache")
    @WithDefault("true")
    boolean rowCache();

    /**
     * Whether a check-in whose cached decision still holds is answered on the HTTP server's I/O thread, from
     * memory, before the endpoint's machinery runs: 304 when its tag holds, the answer otherwise (see
     * {@code checkin.HeldDecisionRoute}). Off, it is answered by the endpoint like any other check-in, with the
     * same outcome. The name is from when only revalidations were answered there.
     */
    @WithName("revalidate-on-io-thread")
    @WithDefault("true")
    boolean revalidateOnIoThread();

    /**
     * Whether a device's report is recorded without the REST layer when the endpoint would take it as it is (see
     * {@code feedback.ReportRoute}). Off, every report goes through the endpoint, with the same outcome.
     */
    @WithName("reports-beside-rest-layer")
    @WithDefault("true")
    boolean reportsBesideRestLayer();

    /**
     * The device caches (decisions, rows, tokens, shared facts) are emptied at least this often, whatever the
     * change feed says: a safety net, should a notification ever be lost without the feed noticing, that bounds
     * how long a cached answer can outlive a change. Devices read their rows again at their next poll, spread
     * over their poll intervals.
     */
    @WithName("cache-max-age")
    @WithDefault("PT15M")
    Duration cacheMaxAge();

    /** Where artifacts fetched from their URL are kept to be served with Range; default: a temp folder. */
    @WithName("artifact-cache-dir")
    Optional<String> artifactCacheDir();

    interface Poll {
        /** Shortest sleep ever told; also the sleep while an install is under way. */
        @WithDefault("PT1M")
        Duration min();

        /** Longest sleep ever told, so a device always comes back to see changes. */
        @WithDefault("PT1H")
        Duration max();

        /** When nothing says when to come back (a ring not open, a budget full). */
        @WithDefault("PT15M")
        Duration recheck();

        @WithName("jitter-share")
        @WithDefault("0.1")
        double jitterShare();

        @WithName("max-jitter")
        @WithDefault("PT5M")
        Duration maxJitter();
    }
}
