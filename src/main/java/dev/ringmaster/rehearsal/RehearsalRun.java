package dev.ringmaster.rehearsal;

import java.time.Instant;
import java.util.UUID;

/**
 * One rehearsal in the background, as kept in memory: waiting, running (with how far virtual time got) or done
 * (with its result, or why it failed). Written by the worker, read by requests: every field a reader sees is
 * published through a volatile write.
 */
final class RehearsalRun {

    enum State {
        QUEUED, RUNNING, DONE, FAILED;

        String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    final UUID id;
    final String requestedBy;
    final Instant requestedAt;
    final RehearsalRequest request;
    final Instant virtualStart;
    final Instant virtualEnd;
    final int devices;

    private volatile State state = State.QUEUED;
    private volatile Instant reached;
    private volatile Instant finishedAt;
    private volatile RehearsalResult result;
    private volatile String failure;

    RehearsalRun(UUID id, String requestedBy, Instant requestedAt, RehearsalRequest request, Instant virtualStart,
                 Instant virtualEnd, int devices) {
        this.id = id;
        this.requestedBy = requestedBy;
        this.requestedAt = requestedAt;
        this.request = request;
        this.virtualStart = virtualStart;
        this.virtualEnd = virtualEnd;
        this.devices = devices;
    }

    void running() {
        state = State.RUNNING;
    }

    void reached(Instant virtualNow) {
        reached = virtualNow;
    }

    void done(RehearsalResult result, Instant at) {
        this.result = result;
        this.finishedAt = at;
        this.state = State.DONE;
    }

    void failed(String why, Instant at) {
        this.failure = why;
        this.finishedAt = at;
        this.state = State.FAILED;
    }

    boolean finished() {
        State now = state;
        return now == State.DONE || now == State.FAILED;
    }

    /** What a request sees; the result only once done. */
    RehearsalRunView view() {
        State now = state;
        RehearsalResult done = now == State.DONE ? result : null;
        Instant at = done != null ? done.summary().end() : reached;
        return new RehearsalRunView(id, now.code(), requestedBy, requestedAt, finishedAt,
                new RehearsalRunView.Progress(virtualStart, at, virtualEnd, devices, percent(at)),
                now == State.FAILED ? failure : null, done);
    }

    private int percent(Instant at) {
        if (state == State.DONE) {
            return 100;
        }
        if (at == null) {
            return 0;
        }
        long whole = virtualEnd.toEpochMilli() - virtualStart.toEpochMilli();
        long done = at.toEpochMilli() - virtualStart.toEpochMilli();
        return whole <= 0 ? 100 : (int) Math.min(99, done * 100 / whole);
    }
}
