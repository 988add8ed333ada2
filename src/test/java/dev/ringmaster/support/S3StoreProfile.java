package dev.ringmaster.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** The service with its artifacts in an S3-compatible bucket: S3Proxy, started for it, in parts of 5 MiB. */
public class S3StoreProfile implements QuarkusTestProfile {

    public static final String BUCKET = "ringmaster-artifacts";
    private static S3Proxy proxy;

    /** The server the service under this profile stores in. */
    public static synchronized S3Proxy proxy() {
        if (proxy == null) {
            proxy = S3Proxy.start(TestJvmFolder.of("s3proxy"), BUCKET);
        }
        return proxy;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Server.class));
    }

    /** Starts the server before the service and hands the service its address. */
    public static class Server implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            return Map.of(
                    "ringmaster.artifacts.store", "s3",
                    "ringmaster.artifacts.s3.endpoint", proxy().endpoint().toString(),
                    "ringmaster.artifacts.s3.bucket", BUCKET,
                    "ringmaster.artifacts.s3.access-key", S3Proxy.ACCESS_KEY,
                    "ringmaster.artifacts.s3.secret-key", S3Proxy.SECRET_KEY,
                    "ringmaster.artifacts.s3.path-style", "true",
                    "ringmaster.artifacts.s3.part-size", "5M");
        }

        @Override
        public void stop() {
            // The server outlives one application start; a shutdown hook stops it with the JVM.
        }
    }
}
