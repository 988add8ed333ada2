package dev.ringmaster.device.offer;

import java.util.List;
import java.util.UUID;

/** What a device needs to install a release: its identity, the signed manifest and the artifacts. */
public record ReleaseCard(UUID releaseId, UUID productId, String product, String version, String kind,
                          String manifest, String signature, String keyId, List<File> artifacts) {

    /** {@code storageKey} names an uploaded file in the artifact store; null for one linked at {@code url}. */
    public record File(UUID id, String name, long sizeBytes, String sha256, String url, String storageKey) {
    }

    public ReleaseCard {
        artifacts = List.copyOf(artifacts);
    }

    public java.util.Optional<File> artifact(String name) {
        return artifacts.stream().filter(file -> file.name().equals(name)).findFirst();
    }
}
