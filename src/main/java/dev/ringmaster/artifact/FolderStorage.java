package dev.ringmaster.artifact;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Artifacts as files in one folder; replicas share it by mounting the same volume. An upload is written to a
 * partial file in {@code .uploads} (same file system, so keeping it is an atomic rename).
 */
public class FolderStorage implements ArtifactStorage {

    private final Path folder;

    public FolderStorage(Path folder) {
        this.folder = folder;
    }

    @Override
    public Upload begin(Optional<String> expectedKey) throws IOException {
        Path partial = Files.createTempFile(Files.createDirectories(folder().resolve(".uploads")), "upload-", ".part");
        return new PartialFile(partial, Files.newOutputStream(partial));
    }

    @Override
    public boolean has(String key) {
        return Files.isRegularFile(folder().resolve(key));
    }

    @Override
    public InputStream open(String key, long first, long length) throws IOException {
        FileChannel channel = FileChannel.open(folder().resolve(key));
        channel.position(first);
        return new FilterInputStream(Channels.newInputStream(channel)) {
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

    private Path folder() {
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new IllegalStateException("artifact folder " + folder + " is unusable: " + e.getMessage(), e);
        }
    }

    private final class PartialFile implements Upload {
        private final Path partial;
        private final OutputStream out;

        PartialFile(Path partial, OutputStream out) {
            this.partial = partial;
            this.out = out;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void keep(String key) throws IOException {
            out.close();
            Path target = folder().resolve(key);
            if (Files.isRegularFile(target)) {
                Files.deleteIfExists(partial); // the same content is already kept
                return;
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(partial);
            }
        }

        @Override
        public void discard() {
            try {
                out.close();
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
