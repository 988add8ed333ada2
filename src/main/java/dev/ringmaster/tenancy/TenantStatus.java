package dev.ringmaster.tenancy;

/** Stored lower-case; a suspended tenant keeps its data but its devices get nothing new. */
public enum TenantStatus {
    active,
    suspended
}
