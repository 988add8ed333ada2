package dev.ringmaster.artifact;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The digests of a file fed to it piece by piece, in one pass: SHA-256, which releases vouch for, and the SHA-1 and
 * MD5 hawkBit agents check (SWUpdate compares SHA-1). Computing all three while the bytes go by is what spares a
 * second read of a multi-GB file.
 */
public final class ContentDigests {

    /** The hex digests and the size of everything fed. */
    public record Values(String sha256, String sha1, String md5, long size) {
    }

    private final MessageDigest sha256;
    private final MessageDigest sha1;
    private final MessageDigest md5;
    private long size;

    public ContentDigests() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
            sha1 = MessageDigest.getInstance("SHA-1");
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256, SHA-1 and MD5", e);
        }
    }

    public void update(byte[] buffer, int offset, int length) {
        sha256.update(buffer, offset, length);
        sha1.update(buffer, offset, length);
        md5.update(buffer, offset, length);
        size += length;
    }

    /** The digests of everything fed so far; the instance is not to be fed again. */
    public Values values() {
        HexFormat hex = HexFormat.of();
        return new Values(hex.formatHex(sha256.digest()), hex.formatHex(sha1.digest()), hex.formatHex(md5.digest()), size);
    }
}
