package dev.ringmaster.artifact;

import java.util.regex.Pattern;

/** The requests that carry an artifact file, the only bodies allowed past 1 MiB (up to the artifact limit). */
public final class ArtifactUploads {

    private static final Pattern API = Pattern.compile("/api/v1/products/[^/]+/releases/[^/]+/artifacts/[^/]+");
    private static final Pattern CONSOLE = Pattern.compile("/console/vendor/releases/[^/]+/[^/]+/artifacts");

    private ArtifactUploads() {
    }

    public static boolean isUpload(String method, String path) {
        return method.equals("PUT") && API.matcher(path).matches()
                || method.equals("POST") && CONSOLE.matcher(path).matches();
    }
}
