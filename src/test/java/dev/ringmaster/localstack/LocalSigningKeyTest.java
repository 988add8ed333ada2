package dev.ringmaster.localstack;

import dev.ringmaster.release.ManifestSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class LocalSigningKeyTest {

    @Test
    void theKeyIsCreatedOnceAndThenReused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("data").resolve("signing-key.pk8.b64");

        String first = LocalSigningKey.readOrCreate(file);
        String second = LocalSigningKey.readOrCreate(file);

        assertThat(second).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(ManifestSigner.fromPkcs8(first).keyId()).isEqualTo(ManifestSigner.fromPkcs8(second).keyId());
    }
}
