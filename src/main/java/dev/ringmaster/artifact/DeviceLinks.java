package dev.ringmaster.artifact;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Where a native agent downloads an uploaded artifact: a path on the service, signed into the manifest at
 * publishing, so the agent resolves it against the address it checks in at.
 */
public final class DeviceLinks {

    public static final String PREFIX = "/api/device/v1/artifacts/";

    private DeviceLinks() {
    }

    public static String path(UUID releaseId, String name) {
        return PREFIX + releaseId + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
