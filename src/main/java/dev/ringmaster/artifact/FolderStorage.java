package dev.ringmaster.artifact;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** Artifacts as files in one folder; replicas share it by mounting the same volume. */
@ApplicationScoped
public class FolderStorage implements ArtifactStorage {

    @Inject
    ArtifactSettings settings;

    @ConfigProperty(name = "ringmaster.data-dir")
    Optional<String> dataDir;

    @Override
    public void keep(Path measured, String key) throws IOException {
        Path target = folder().resolve(key);
        if (Files.isRegularFile(target)) {
            Files.deleteIfExists(measured); // the same content is already kept
            return;
        }
        try {
            Files.move(measured, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(measured);
        }
    }

    @Override
    public boolean has(String key) {
        return Files.isRegularFile(folder().resolve(key));
    }

    @Override
    public InputStream open(String key, long first, long length) throws IOException {
        FileChannel channel = FileChannel.open(folder().resolve(key));
        channel.position(first);
        return new java.io.FilterInputStream(Channels.newInputStream(channel)) {
            long left = length;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int read = super.read();
                left -= read < 0 ? 0 : 1;
                return read;
            }

            @Override
            public int read(byte[] buffer, int offset, int count) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int read = super.read(buffer, offset, (int) Math.min(count, left));
                left -= Math.max(read, 0);
                return read;
            }
        };
    }

    @Override
    public Optional<Path> file(String key) {
        Path path = folder().resolve(key);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    @Override
    public Path staging() throws IOException {
        return Files.createDirectories(folder().resolve(".uploads"));
    }

    private Path folder() {
        Path folder = settings.folder().map(Path::of)
                .orElseGet(() -> dataDir.map(Path::of).orElse(Path.of(System.getProperty("java.io.tmpdir")))
                        .resolve("artifacts"));
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new IllegalStateException("artifact folder " + folder + " is unusable: " + e.getMessage(), e);
        }
    }
}
