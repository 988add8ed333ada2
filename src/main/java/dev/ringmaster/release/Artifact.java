package dev.ringmaster.release;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A file of a release: at an external URL, or uploaded and kept in the artifact store under {@code storage_key}. */
@Entity
@Table(name = "artifacts")
public class Artifact extends PanacheEntityBase {

    @Id
    public UUID id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "release_id")
    public Release release;

    @Column(nullable = false)
    public String name;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    @Column(nullable = false, columnDefinition = "char(64)")
    public String sha256;

    /** The SHA-1 and MD5 hawkBit agents check: measured at upload; for a linked file once a replica fetched it. */
    @Column(columnDefinition = "char(40)")
    public String sha1;

    @Column(columnDefinition = "char(32)")
    public String md5;

    @Column(name = "external_url")
    public String externalUrl;

    /** The store's key (the SHA-256) of an uploaded file; null for a linked one. */
    @Column(name = "storage_key")
    public String storageKey;

    /** What devices fetch: the linked URL, or the service's own path for an uploaded file. */
    public String deviceUrl() {
        return externalUrl != null ? externalUrl : dev.ringmaster.artifact.DeviceLinks.path(release.id, name);
    }

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
