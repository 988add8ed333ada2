package dev.ringmaster.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** {@code size} bytes made up as they are read, so a large artifact costs a test no memory; the seed varies them. */
public class MadeUpFile extends InputStream {
    private final long size;
    private final int seed;
    private long position;

    public MadeUpFile(long size) {
        this(size, 1);
    }

    public MadeUpFile(long size, int seed) {
        this.size = size;
        this.seed = seed;
    }

    @Override
    public int read() {
        return position < size ? at(position++) : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (position >= size) {
            return -1;
        }
        int count = (int) Math.min(length, size - position);
        for (int i = 0; i < count; i++) {
            buffer[offset + i] = (byte) at(position++);
        }
        return count;
    }

    private int at(long index) {
        return (int) ((index * 31 + (index >>> 13) * seed) & 0xff);
    }

    @Override
    public void close() {
        // nothing held
    }

    /** The SHA-256 of what {@code in} gives, in lower-case hex; closes it. */
    public static String sha256(InputStream in) {
        try (in) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
