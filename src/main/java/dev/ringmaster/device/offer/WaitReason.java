package dev.ringmaster.device.offer;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a device is told to wait, most telling first: the first reason that applies to any release is given. */
public enum WaitReason {
    CONCURRENCY_CAP("concurrency-cap"),
    BLAST_RADIUS_CAP("blast-radius-cap"),
    BEFORE_WINDOW("before-window"),
    PAUSED("tenant-paused"),
    RING_NOT_OPEN("ring-not-open"),
    ROLLOUT_NOT_RUNNING("rollout-not-running"),
    WINDOW_PASSED("window-passed"),
    UP_TO_DATE("up-to-date");

    private final String code;

    WaitReason(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }
}
