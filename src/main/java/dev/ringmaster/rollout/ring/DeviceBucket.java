package dev.ringmaster.rollout.ring;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.UUID;

/**
 * A device's stable place in [0, 1) for one product and ring plan, from which its ring follows.
 *
 * <p>SHA-256 of {@code "<device id>|<product key>|<plan salt>"} (UTF-8, the id in {@link UUID#toString()}'s
 * lower-case form), first 8 bytes big-endian, top 53 bits divided by 2^53. A cryptographic hash because it
 * is specified byte for byte (unlike {@code hashCode}), so every JVM and replica, and any other language,
 * gets the same bucket; 53 bits because that is what a double holds exactly, so the result is a multiple of
 * 2^-53 and never rounds up to 1. The product key keeps a device from being a canary for every product; a
 * new salt reshuffles a plan's rings.
 */
public final class DeviceBucket {

    private static final double TWO_TO_MINUS_53 = 0x1.0p-53;

    private DeviceBucket() {
    }

    public static double of(UUID deviceId, String productKey, String planSalt) {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(productKey, "productKey");
        Objects.requireNonNull(planSalt, "planSalt");
        byte[] hash = sha256(deviceId + "|" + productKey + "|" + planSalt);
        long first64 = ByteBuffer.wrap(hash, 0, Long.BYTES).getLong();
        return (first64 >>> 11) * TWO_TO_MINUS_53;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
