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

/** A file of a release. For now always at an external URL; uploads would fill {@code storage_key}. */
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

    @Column(name = "external_url")
    public String externalUrl;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
