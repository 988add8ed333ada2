package dev.ringmaster.tenancy;

import java.util.Arrays;
import java.util.Optional;

/** The realm roles of DESIGN.md "Security", as Keycloak names them in {@code realm_access.roles}. */
public enum Role {
    VENDOR_ADMIN("vendor-admin", true),
    VENDOR_RELEASE_MANAGER("vendor-release-manager", true),
    VENDOR_VIEWER("vendor-viewer", true),
    TENANT_ADMIN("tenant-admin", false),
    TENANT_OPERATOR("tenant-operator", false),
    TENANT_VIEWER("tenant-viewer", false);

    private final String key;
    private final boolean vendor;

    Role(String key, boolean vendor) {
        this.key = key;
        this.vendor = vendor;
    }

    public String key() {
        return key;
    }

    public boolean isVendor() {
        return vendor;
    }

    public static Optional<Role> fromKey(String key) {
        return Arrays.stream(values()).filter(role -> role.key.equals(key)).findFirst();
    }
}
