package dev.ringmaster.support;

import java.nio.file.Path;

/**
 * A folder under target/ of this test JVM's own: the suite's parts run test JVMs side by side (bin/test-suite), and
 * two of them writing one folder (an npm install, a Keycloak transaction store, an artifact store, an S3 proxy's
 * data) would clash. The POM names each JVM in {@code ringmaster.test.fork}; a JVM started otherwise is fork-1.
 */
public final class TestJvmFolder {

    private TestJvmFolder() {
    }

    /** {@code target/<name>-<this JVM's fork>}. */
    public static Path of(String name) {
        return Path.of("target", name + "-" + System.getProperty("ringmaster.test.fork", "fork-1"));
    }
}
