package dev.ringmaster.artifact;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.net.URI;
import java.util.Optional;

/** Settings of the artifact store (the "# --- Artifact store" section of application.properties). */
@ConfigMapping(prefix = "ringmaster.artifacts")
public interface ArtifactSettings {

    /** Which store keeps uploaded files; chosen once, at startup. */
    enum Store {
        FOLDER, S3
    }

    /** The largest file one upload may carry; a larger one is refused with 413 as soon as it is known. */
    @WithName("max-size")
    @WithDefault("4G")
    MemorySize maxSize();

    @WithDefault("folder")
    Store store();

    /**
     * The folder uploaded artifacts are kept in, shared by every replica (a volume they all mount); default: the
     * {@code artifacts} folder of the data folder ({@code ringmaster.data-dir}), else of the temp folder.
     */
    Optional<String> folder();

    S3 s3();

    /** An S3-compatible object store; used when {@code store=s3}. */
    interface S3 {

        /** The service's address; absent: AWS's own for the region. */
        Optional<URI> endpoint();

        @WithDefault("us-east-1")
        String region();

        Optional<String> bucket();

        /** Absent: the SDK's default chain (environment, profile, container or instance role). */
        @WithName("access-key")
        Optional<String> accessKey();

        @WithName("secret-key")
        Optional<String> secretKey();

        /** {@code true} for servers that do not serve buckets as host names (MinIO, S3Proxy, Ceph without DNS). */
        @WithName("path-style")
        @WithDefault("false")
        boolean pathStyle();

        /**
         * The size of one part of a multipart upload, and so the memory one upload under way holds; S3 needs at
         * least 5 MiB, and at most 10,000 parts make one object.
         */
        @WithName("part-size")
        @WithDefault("16M")
        MemorySize partSize();
    }
}
