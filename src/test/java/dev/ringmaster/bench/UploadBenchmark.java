package dev.ringmaster.bench;

import dev.ringmaster.artifact.ArtifactStorage;
import dev.ringmaster.artifact.ContentDigests;
import dev.ringmaster.artifact.FolderStorage;
import dev.ringmaster.artifact.S3Storage;
import dev.ringmaster.support.S3Proxy;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;

/**
 * Upload throughput of the artifact stores (not a unit test; docs/deploy.md, "Artifact store", has the command):
 * one file of the given size (default 1 GiB) through the same loop as {@code Intake} — 64 KiB buffers, SHA-256,
 * SHA-1 and MD5 on the way ({@link ContentDigests}), written to the store's upload and kept under its digest — into the folder store and into S3Proxy
 * (filesystem blobstore, a child process on this machine) in parts of 16 MiB. The HTTP layer in front is left
 * out. Prints MB/s for each, and for SHA-256 alone and the three digests alone as ceilings.
 */
public final class UploadBenchmark {

    private static final int BUFFER = 64 * 1024;

    public static void main(String[] args) throws Exception {
        long size = args.length > 0 ? Long.parseLong(args[0]) : 1L << 30;
        byte[] block = new byte[1 << 20];
        new Random(42).nextBytes(block);
        Path root = Path.of("target", "upload-bench");
        System.out.printf("upload benchmark: %,d bytes; %d processors%n", size, Runtime.getRuntime().availableProcessors());

        report("sha-256 only", size, sha256Only(size, block));
        report("three digests only", size, measure(size, block, null, Optional.empty()));
        report("folder store", size, measure(size, block, new FolderStorage(root.resolve("folder")), Optional.empty()));
        try (S3Proxy proxy = S3Proxy.start(root.resolve("s3proxy"), "bench")) {
            S3Storage s3 = new S3Storage(proxy.client(), "bench", 16 << 20);
            // Declared: parts go straight to the content key. Undeclared: to a staging key, then a server-side copy.
            String key = digest(size, block);
            report("s3, sha-256 declared", size, measure(size, block, s3, Optional.of(key)));
            proxy.client().deleteObject(delete -> delete.bucket("bench").key(key));
            report("s3, undeclared", size, measure(size, block, s3, Optional.empty()));
        }
    }

    /** Nanoseconds to receive, measure and keep {@code size} bytes; without a store, to measure them only. */
    private static long measure(long size, byte[] block, ArtifactStorage storage, Optional<String> declared) throws Exception {
        long start = System.nanoTime();
        ContentDigests digests = new ContentDigests();
        ArtifactStorage.Upload upload = storage == null ? null : storage.begin(declared);
        for (long sent = 0; sent < size; ) {
            int offset = (int) (sent % block.length);
            int length = (int) Math.min(Math.min(BUFFER, block.length - offset), size - sent);
            digests.update(block, offset, length);
            if (upload != null) {
                upload.write(block, offset, length);
            }
            sent += length;
        }
        String key = digests.values().sha256();
        if (upload != null) {
            upload.keep(key);
        }
        return System.nanoTime() - start;
    }

    private static long sha256Only(long size, byte[] block) throws Exception {
        long start = System.nanoTime();
        digest(size, block);
        return System.nanoTime() - start;
    }

    private static String digest(long size, byte[] block) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (long sent = 0; sent < size; sent += block.length) {
            sha256.update(block, 0, (int) Math.min(block.length, size - sent));
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static void report(String what, long size, long nanos) {
        System.out.printf("%-20s %8.1f MB/s (%.1f s)%n", what, size / 1e6 / (nanos / 1e9), nanos / 1e9);
    }
}
