package dev.ringmaster.device.download;

import dev.ringmaster.artifact.ArtifactStorage;
import dev.ringmaster.artifact.ContentDigests;
import dev.ringmaster.device.DeviceApiSettings;
import dev.ringmaster.device.offer.OfferStore;
import dev.ringmaster.device.offer.ReleaseCard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Artifacts as local files, for serving them to agents with {@code Range} and for the digests hawkBit agents
 * check (SWUpdate compares SHA-1, the release only records SHA-256). A file is fetched once from its URL,
 * kept only if its size and SHA-256 are those the release was published with, and named by that SHA-256.
 */
@ApplicationScoped
public class ArtifactStore {

    /** The file could not be fetched, or was not what the release says. */
    public static class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }

    private final Map<String, ContentDigests.Values> digests = new ConcurrentHashMap<>();
    private final Map<String, Object> fetching = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Inject
    DeviceApiSettings settings;

    @Inject
    ArtifactStorage storage;

    @Inject
    OfferStore rows;

    /** Reads {@code length} bytes of a file from {@code first}. */
    @FunctionalInterface
    public interface Ranges {
        InputStream open(long first, long length) throws IOException;
    }

    /**
     * A file to serve, with the SHA-256 and size the release was published with (an uploaded file was measured
     * against them on the way in, a linked one when fetched).
     */
    public sealed interface Served {
        String sha256();

        long size();

        /** A local file, sent as it is. */
        record LocalFile(String sha256, long size, Path path) implements Served {
        }

        /** An object in a shared store, streamed from there a range at a time by whichever replica answers. */
        record StoredObject(String sha256, long size, Ranges ranges) implements Served {
        }
    }

    /** An uploaded file is read where the store keeps it (shared by every replica); a linked one is fetched once. */
    public Served served(ReleaseCard.File file) {
        if (file.storageKey() != null) {
            String key = file.storageKey();
            return storage.file(key).<Served>map(path -> new Served.LocalFile(file.sha256(), file.sizeBytes(), path))
                    .orElseGet(() -> new Served.StoredObject(file.sha256(), file.sizeBytes(), (first, length) -> storage.open(key, first, length)));
        }
        return new Served.LocalFile(file.sha256(), file.sizeBytes(), local(file));
    }

    /**
     * The digests hawkBit agents check. An upload's were measured on the way in and come with the card. A linked
     * file's (or an upload's stored before they were kept) are measured by the first replica that reads the file and
     * written to its artifact rows, so every other replica finds them there instead of reading the file itself.
     */
    public ContentDigests.Values digests(ReleaseCard.File file) {
        if (file.sha1() != null && file.md5() != null) {
            return new ContentDigests.Values(file.sha256(), file.sha1(), file.md5(), file.sizeBytes());
        }
        ContentDigests.Values known = digests.get(file.sha256());
        if (known != null) {
            return known;
        }
        Optional<ContentDigests.Values> stored = stored(file);
        if (stored.isPresent()) {
            digests.put(file.sha256(), stored.get());
            return stored.get();
        }
        ContentDigests.Values measured;
        if (file.storageKey() != null) {
            try (InputStream in = storage.open(file.storageKey(), 0, file.sizeBytes())) {
                measured = copyMeasuring(in, OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new Unavailable("artifact " + file.name() + " could not be read from the artifact store: " + e.getMessage());
            }
            digests.put(file.sha256(), measured);
        } else {
            local(file);
            measured = digests.get(file.sha256());
        }
        keep(measured);
        return measured;
    }

    /** Digests another replica measured, from any artifact row of the same file. */
    private Optional<ContentDigests.Values> stored(ReleaseCard.File file) {
        return rows.query("SELECT sha1, md5 FROM artifacts WHERE sha256 = ? AND size_bytes = ? AND sha1 IS NOT NULL LIMIT 1",
                statement -> {
                    statement.setString(1, file.sha256());
                    statement.setLong(2, file.sizeBytes());
                }, found -> found.next()
                        ? Optional.of(new ContentDigests.Values(file.sha256(), found.getString(1), found.getString(2), file.sizeBytes()))
                        : Optional.empty());
    }

    /** Every artifact row of the file gets them: the same content linked by several releases is measured once. */
    private void keep(ContentDigests.Values measured) {
        rows.update("UPDATE artifacts SET sha1 = ?, md5 = ? WHERE sha256 = ? AND size_bytes = ? AND sha1 IS NULL", statement -> {
            statement.setString(1, measured.sha1());
            statement.setString(2, measured.md5());
            statement.setString(3, measured.sha256());
            statement.setLong(4, measured.size());
        });
    }

    private Path local(ReleaseCard.File file) {
        Path path = directory().resolve(file.sha256());
        if (Files.isRegularFile(path) && digests.containsKey(file.sha256())) {
            return path;
        }
        synchronized (fetching.computeIfAbsent(file.sha256(), key -> new Object())) {
            if (Files.isRegularFile(path)) {
                digests.computeIfAbsent(file.sha256(), key -> measure(path));
                return path;
            }
            fetch(file, path);
            return path;
        }
    }

    private void fetch(ReleaseCard.File file, Path path) {
        Path partial = path.resolveSibling(file.sha256() + ".part");
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(file.url()))
                    .timeout(Duration.ofMinutes(10)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new Unavailable("artifact " + file.name() + " answered " + response.statusCode() + " at its URL");
            }
            ContentDigests.Values measured;
            try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(partial)) {
                measured = copyMeasuring(in, out);
            }
            if (!measured.sha256().equals(file.sha256()) || measured.size() != file.sizeBytes()) {
                Files.deleteIfExists(partial);
                throw new Unavailable("artifact " + file.name() + " at its URL is not the file the release was published with");
            }
            Files.move(partial, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            digests.put(file.sha256(), measured);
        } catch (IOException e) {
            throw new Unavailable("artifact " + file.name() + " could not be fetched: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while fetching artifact " + file.name());
        }
    }

    private static ContentDigests.Values measure(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return copyMeasuring(in, OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new Unavailable("artifact file unreadable: " + e.getMessage());
        }
    }

    private static ContentDigests.Values copyMeasuring(InputStream in, OutputStream out) throws IOException {
        ContentDigests digests = new ContentDigests();
        byte[] buffer = new byte[64 * 1024];
        for (int read; (read = in.read(buffer)) > 0; ) {
            digests.update(buffer, 0, read);
            out.write(buffer, 0, read);
        }
        return digests.values();
    }

    private Path directory() {
        Path directory = settings.artifactCacheDir().map(Path::of)
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "ringmaster-artifacts"));
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new Unavailable("artifact cache folder unusable: " + e.getMessage());
        }
    }
}
