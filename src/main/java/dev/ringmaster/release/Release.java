package dev.ringmaster.release;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringmaster.schedule.SemanticVersion;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** One version of a product. Vendor-wide. */
@Entity
@Table(name = "releases")
public class Release extends PanacheEntityBase {

    /** Highest semantic version first, pre-releases below their release (not the order of the text). */
    public static final Comparator<Release> NEWEST_FIRST =
            Comparator.comparing((Release release) -> SemanticVersion.parse(release.version)).reversed();

    @Id
    public UUID id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "product_id")
    public Product product;

    @Column(nullable = false)
    public String version;

    @Column(name = "version_major", nullable = false)
    public int versionMajor;

    @Column(name = "version_minor", nullable = false)
    public int versionMinor;

    @Column(name = "version_patch", nullable = false)
    public int versionPatch;

    @Column(name = "version_pre")
    public String versionPre;

    @Convert(converter = ReleaseColumns.KindConverter.class)
    @Column(nullable = false)
    public ReleaseKind kind;

    @Convert(converter = ReleaseColumns.StateConverter.class)
    @Column(nullable = false)
    public ReleaseState state;

    public String notes;

    /** The manifest as a document, for queries; {@link #manifestCanonical} holds the bytes that were signed. */
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode manifest;

    @Column(name = "manifest_canonical")
    public String manifestCanonical;

    @Column(name = "manifest_signature")
    public String manifestSignature;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "published_at")
    public Instant publishedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    /** For a rollback release: the release it takes devices back from. */
    @ManyToOne
    @JoinColumn(name = "rollback_of")
    public Release rollbackOf;

    @OneToMany(mappedBy = "release", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("name")
    public List<Artifact> artifacts = new ArrayList<>();

    public static Optional<Release> find(Product product, String version) {
        return find("product = ?1 and version = ?2", product, version).firstResultOptional();
    }
}
