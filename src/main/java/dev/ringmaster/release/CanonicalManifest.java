package dev.ringmaster.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The signed description of a published release. Its canonical form — keys sorted, no whitespace, UTF-8 —
 * is what gets signed, so the same manifest always yields the same bytes.
 */
public record CanonicalManifest(String product, String version, String kind, String notes,
                                List<Entry> artifacts, String publishedAt, String keyId) {

    public record Entry(String name, long size, String sha256, String url) {
    }

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    public CanonicalManifest {
        artifacts = List.copyOf(artifacts);
    }

    /** The exact text that is signed; nulls (no notes) are written, so every manifest has the same keys. */
    public String toJson() {
        try {
            return CANONICAL.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a manifest always serialises", e);
        }
    }

    public byte[] bytes() {
        return toJson().getBytes(StandardCharsets.UTF_8);
    }
}
