package dev.ringmaster.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringmaster.api.Page;
import dev.ringmaster.audit.AuditLog;
import dev.ringmaster.error.ConflictException;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.schedule.SemanticVersion;
import dev.ringmaster.tenancy.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Creating, publishing (signing) and withdrawing releases. Vendor-wide: audit entries carry no tenant. */
@ApplicationScoped
public class Releases {

    private static final BigInteger LARGEST_NUMBER = BigInteger.valueOf(Integer.MAX_VALUE);

    @Inject
    Products products;

    @Inject
    CurrentCaller caller;

    @Inject
    ManifestSigner signer;

    @Inject
    ObjectMapper json;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /** Newest version first. */
    @Transactional
    public List<ReleaseResource.ReleaseView> list(String productKey) {
        return visibleNewestFirst(productKey, Optional.empty()).stream().map(Releases::view).toList();
    }

    /**
     * Newest version first, a page at a time ({@code page} counts from 0), in one state or all. Paged after sorting:
     * the order is by semantic version, which the database cannot sort by, and a product has hundreds of
     * releases rather than millions.
     */
    @Transactional
    public Page<ReleaseResource.ReleaseView> find(String productKey, Optional<ReleaseState> state, int page, int size) {
        List<Release> found = visibleNewestFirst(productKey, state);
        List<ReleaseResource.ReleaseView> items = found.stream().skip((long) page * size).limit(size).map(Releases::view).toList();
        return new Page<>(items, page, size, found.size());
    }

    private List<Release> visibleNewestFirst(String productKey, Optional<ReleaseState> state) {
        Product product = products.require(productKey);
        return Release.<Release>list("product", product).stream()
                .filter(this::visible)
                .filter(release -> state.isEmpty() || release.state == state.get())
                .sorted(Release.NEWEST_FIRST)
                .toList();
    }

    @Transactional
    public ReleaseResource.ReleaseView get(String productKey, String version) {
        return view(visible(productKey, version));
    }

    @Transactional
    public ReleaseResource.SignedManifest manifest(String productKey, String version) {
        Release release = visible(productKey, version);
        if (release.manifestCanonical == null) {
            throw new NotFoundException("release " + version + " of '" + productKey + "' has no manifest until it is published");
        }
        return new ReleaseResource.SignedManifest(release.manifestCanonical, release.manifestSignature,
                release.manifest.path("keyId").asText());
    }

    @Transactional
    public ReleaseResource.ReleaseView create(String productKey, ReleaseResource.CreateRelease request) {
        return create(productKey, request, caller.get().username());
    }

    /** @param actor who creates it: the caller, or the sample loader */
    @Transactional
    public ReleaseResource.ReleaseView create(String productKey, ReleaseResource.CreateRelease request, String actor) {
        Product product = products.require(productKey);
        SemanticVersion parsed = parseVersion(request.version());
        List<ReleaseResource.ArtifactSpec> specs = request.artifacts() == null ? List.of() : request.artifacts();
        requireValidArtifacts(specs);
        if (Release.find(product, request.version()).isPresent()) {
            throw new ConflictException("'" + productKey + "' already has a release " + request.version());
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Release release = new Release();
        release.id = UUID.randomUUID();
        release.product = product;
        release.version = request.version();
        release.versionMajor = parsed.major().intValueExact();
        release.versionMinor = parsed.minor().intValueExact();
        release.versionPatch = parsed.patch().intValueExact();
        release.versionPre = parsed.isPreRelease() ? String.join(".", parsed.preRelease()) : null;
        release.kind = request.kind() == null ? ReleaseKind.NORMAL : request.kind();
        release.state = ReleaseState.DRAFT;
        release.notes = request.notes();
        release.createdBy = actor;
        release.createdAt = now;
        for (ReleaseResource.ArtifactSpec spec : specs) {
            Artifact artifact = new Artifact();
            artifact.id = UUID.randomUUID();
            artifact.release = release;
            artifact.name = spec.name().strip();
            artifact.sizeBytes = spec.sizeBytes();
            artifact.sha256 = spec.sha256();
            artifact.externalUrl = spec.url();
            artifact.createdAt = now;
            release.artifacts.add(artifact);
        }
        release.persist();
        audit.record(null, "release.create", "release", release.id, null, state(release));
        return view(release);
    }

    @Transactional
    public ReleaseResource.ReleaseView publish(String productKey, String version) {
        Release release = locked(productKey, version);
        requireTransition(release, ReleaseState.PUBLISHED);
        if (release.artifacts.isEmpty()) {
            throw new ConflictException("release " + version + " has no artifacts; a release is published with at least one");
        }
        Map<String, Object> before = state(release);
        // Milliseconds: the manifest's text and the stored column must name the same instant.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        CanonicalManifest manifest = new CanonicalManifest(release.product.key, release.version, release.kind.key(),
                release.notes,
                release.artifacts.stream()
                        .map(artifact -> new CanonicalManifest.Entry(artifact.name, artifact.sizeBytes, artifact.sha256, artifact.deviceUrl()))
                        .toList(),
                now.toString(), signer.keyId());
        String canonical = manifest.toJson();
        release.manifestCanonical = canonical;
        release.manifestSignature = signer.sign(manifest.bytes());
        try {
            release.manifest = json.readTree(canonical);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a canonical manifest is always JSON", e);
        }
        release.publishedAt = now;
        release.state = ReleaseState.PUBLISHED;
        Map<String, Object> after = state(release);
        after.put("keyId", signer.keyId());
        audit.record(null, "release.publish", "release", release.id, before, after);
        return view(release);
    }

    @Transactional
    public ReleaseResource.ReleaseView withdraw(String productKey, String version) {
        Release release = locked(productKey, version);
        requireTransition(release, ReleaseState.WITHDRAWN);
        Map<String, Object> before = state(release);
        release.state = ReleaseState.WITHDRAWN;
        audit.record(null, "release.withdraw", "release", release.id, before, state(release));
        return view(release);
    }

    private static void requireTransition(Release release, ReleaseState target) {
        if (!release.state.canBecome(target)) {
            throw new ConflictException("release " + release.version + " is " + release.state + " and cannot become "
                    + target + (release.state.next().isEmpty() ? "; it cannot change any more"
                    : "; from " + release.state + " it can only become " + String.join(" or ",
                    release.state.next().stream().map(ReleaseState::key).toList())));
        }
    }

    private static SemanticVersion parseVersion(String version) {
        SemanticVersion parsed;
        try {
            parsed = SemanticVersion.parse(version);
        } catch (IllegalArgumentException e) {
            throw new UnprocessableException("version", "must be a semantic version MAJOR.MINOR.PATCH[-pre][+build], e.g. 2.4.1 or 3.0.0-rc.1");
        }
        if (parsed.major().compareTo(LARGEST_NUMBER) > 0 || parsed.minor().compareTo(LARGEST_NUMBER) > 0
                || parsed.patch().compareTo(LARGEST_NUMBER) > 0) {
            throw new UnprocessableException("version", "each number must be at most " + Integer.MAX_VALUE);
        }
        return parsed;
    }

    /** The URL is signed into the manifest and handed to devices, so only plain web URLs are taken. */
    private static void requireValidArtifacts(List<ReleaseResource.ArtifactSpec> specs) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            ReleaseResource.ArtifactSpec spec = specs.get(i);
            if (!names.add(spec.name().strip())) {
                throw new UnprocessableException("artifacts[" + i + "].name", "two artifacts are named '" + spec.name().strip() + "'");
            }
            if (!isWebUrl(spec.url())) {
                throw new UnprocessableException("artifacts[" + i + "].url", "must be an absolute http or https URL with a host and no user info");
            }
        }
    }

    private static boolean isWebUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null && uri.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private Release visible(String productKey, String version) {
        Product product = products.require(productKey);
        return Release.find(product, version).filter(this::visible)
                .orElseThrow(() -> new NotFoundException("no release " + version + " of '" + productKey + "'"));
    }

    /** Tenants see a release once it has been published, so a withdrawn draft stays hidden from them. */
    private boolean visible(Release release) {
        return caller.get().isVendor() || release.publishedAt != null;
    }

    Release locked(String productKey, String version) {
        Product product = products.require(productKey);
        return Release.<Release>find("product = ?1 and version = ?2", product, version)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> new NotFoundException("no release " + version + " of '" + productKey + "'"));
    }

    static ReleaseResource.ReleaseView view(Release release) {
        return new ReleaseResource.ReleaseView(release.product.key, release.version, release.kind, release.state, release.notes,
                release.artifacts.stream()
                        .map(artifact -> new ReleaseResource.ArtifactView(artifact.name, artifact.sizeBytes, artifact.sha256, artifact.deviceUrl(), artifact.storageKey != null))
                        .toList(),
                release.manifest == null ? null : release.manifest.path("keyId").asText(),
                release.createdBy, release.createdAt, release.publishedAt);
    }

    static Map<String, Object> state(Release release) {
        Map<String, Object> state = new HashMap<>();
        state.put("product", release.product.key);
        state.put("version", release.version);
        state.put("kind", release.kind.key());
        state.put("state", release.state.key());
        state.put("artifacts", release.artifacts.size());
        return state;
    }
}
