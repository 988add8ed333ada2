package dev.ringmaster.sample;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a sample folder: {@code vendor.yaml} with products and ring plans, and one YAML or JSON file per tenant.
 * Unknown fields are errors, so a typo in a policy does not silently become a default.
 */
public final class SampleFiles {

    static final String VENDOR_FILE = "vendor.yaml";

    private static final ObjectMapper YAML = configure(new ObjectMapper(new YAMLFactory()));
    private static final ObjectMapper JSON = configure(JsonMapper.builder().build());

    private SampleFiles() {
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    }

    public record Folder(VendorDocument vendor, List<Named<TenantDocument>> tenants) {
    }

    /** A document and the file it came from, for error messages. */
    public record Named<T>(Path file, T document) {
    }

    public static Folder read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new SampleException(dir + " is not a folder of sample tenants");
        }
        Path vendorFile = dir.resolve(VENDOR_FILE);
        VendorDocument vendor = Files.exists(vendorFile) ? parse(vendorFile, VendorDocument.class) : new VendorDocument(List.of());
        try (Stream<Path> files = Files.list(dir)) {
            List<Named<TenantDocument>> tenants = files
                    .filter(file -> !file.getFileName().toString().equals(VENDOR_FILE))
                    .filter(file -> file.toString().matches(".*\\.(ya?ml|json)$"))
                    .sorted()
                    .map(file -> new Named<>(file, parse(file, TenantDocument.class)))
                    .toList();
            return new Folder(vendor, tenants);
        } catch (IOException e) {
            throw new SampleException("cannot list " + dir + ": " + e.getMessage());
        }
    }

    private static <T> T parse(Path file, Class<T> type) {
        ObjectMapper mapper = file.toString().endsWith(".json") ? JSON : YAML;
        try {
            return mapper.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new SampleException(file + ": " + e.getMessage().lines().findFirst().orElse("unreadable"));
        }
    }
}
