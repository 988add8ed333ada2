package dev.ringmaster.artifact;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.util.Optional;

/** Settings of the artifact store (the "# --- Artifact store" section of application.properties). */
@ConfigMapping(prefix = "ringmaster.artifacts")
public interface ArtifactSettings {

    /** The largest file one upload may carry; a larger one is refused with 413 as soon as it is known. */
    @WithName("max-size")
    @WithDefault("4G")
    MemorySize maxSize();

    /**
     * The folder uploaded artifacts are kept in, shared by every replica (a volume they all mount); default: the
     * {@code artifacts} folder of the data folder ({@code ringmaster.data-dir}), else of the temp folder.
     */
    Optional<String> folder();
}
