package dev.ringmaster.tenancy;

/** Stored lower-case. A retired device keeps its history but its token no longer works. */
public enum DeviceStatus {
    active,
    retired
}
