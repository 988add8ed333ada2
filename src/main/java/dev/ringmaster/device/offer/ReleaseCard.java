package dev.ringmaster.device.offer;

import java.util.List;
import java.util.UUID;

/** What a device needs to install a release: its identity, the signed manifest and the artifacts. */
public record ReleaseCard(UUID releaseId, UUID productId, String product, String version, String kind,
                          String manifest, String signature, String keyId, List<File> artifacts) {

    /**
     * {@code storageKey} names an uploaded file in the artifact store; null for one linked at {@code url}.
     * {@code sha1} and {@code md5} are null until known (a linked file no replica fetched yet).
     */
    public record File(UUID id, String name, long sizeBytes, String sha256, String url, String storageKey, String sha1, String md5) {

        public File(UUID id, String name, long sizeBytes, String sha256, String url, String storageKey) {
            this(id, name, sizeBytes, sha256, url, storageKey, null, null);
        }
    }

    public ReleaseCard {
        artifacts = List.copyOf(artifacts);
    }

    public java.util.Optional<File> artifact(String name) {
        return artifacts.stream().filter(file -> file.name().equals(name)).findFirst();
    }
}
