package dev.ringmaster.release;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalManifestTest {

    private static final String SHA = "ab".repeat(32);

    @Test
    void keysAreSortedAndThereIsNoWhitespace() {
        CanonicalManifest manifest = new CanonicalManifest("agent", "1.2.3", "normal", "Fixes \"ü\"",
                List.of(new CanonicalManifest.Entry("agent.bin", 42, SHA, "https://cdn.example.com/agent.bin")),
                "2026-01-02T03:04:05.678Z", "0123456789abcdef");

        assertThat(manifest.toJson()).isEqualTo("{\"artifacts\":[{\"name\":\"agent.bin\",\"sha256\":\"" + SHA
                + "\",\"size\":42,\"url\":\"https://cdn.example.com/agent.bin\"}],\"keyId\":\"0123456789abcdef\","
                + "\"kind\":\"normal\",\"notes\":\"Fixes \\\"ü\\\"\",\"product\":\"agent\","
                + "\"publishedAt\":\"2026-01-02T03:04:05.678Z\",\"version\":\"1.2.3\"}");
        assertThat(manifest.bytes()).isEqualTo(manifest.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void missingNotesAreWrittenAsNullSoEveryManifestHasTheSameKeys() {
        CanonicalManifest manifest = new CanonicalManifest("agent", "1.0.0", "emergency", null, List.of(),
                "2026-01-02T03:04:05Z", "0123456789abcdef");

        assertThat(manifest.toJson()).contains("\"notes\":null").doesNotContain(" ");
    }
}
