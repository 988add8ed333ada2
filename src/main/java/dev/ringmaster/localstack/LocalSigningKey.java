package dev.ringmaster.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.Base64;

/**
 * The sample setup's manifest signing key: generated once into the data folder (readable by its owner only)
 * and reused on every start, so manifests signed yesterday still verify today. Production configures its own.
 */
public final class LocalSigningKey {

    private LocalSigningKey() {
    }

    /** The base64 PKCS#8 Ed25519 key kept in {@code file}, created on first use. */
    public static String readOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).strip();
            }
            Files.createDirectories(file.getParent());
            String key = Base64.getEncoder().encodeToString(
                    KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded());
            Files.writeString(file, key + "\n", StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return key;
        } catch (IOException | GeneralSecurityException e) {
            throw new LocalStackException("cannot read or create the sample signing key " + file + ": " + e.getMessage(), e);
        }
    }
}
