package dev.ringmaster.rehearsal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * The {@code POST /api/v1/rehearsals} body: the {@code --request} file if any, its fields overridden by the flags,
 * the {@code --fail} rules added after the file's own (the first rule that selects a device decides, so the file's
 * come first).
 */
final class RequestBody {

    private RequestBody() {
    }

    static ObjectNode of(RehearseOptions options, ObjectMapper json) throws UsageException {
        ObjectNode body = json.createObjectNode();
        if (options.requestFile() != null) {
            JsonNode file;
            try {
                file = json.readTree(Files.readString(options.requestFile()));
            } catch (IOException e) {
                throw new UsageException("cannot read the request " + options.requestFile() + ": " + e.getMessage());
            }
            if (file == null || !file.isObject()) {
                throw new UsageException("the request " + options.requestFile() + " is not a JSON object");
            }
            body.setAll((ObjectNode) file);
        }
        for (Map.Entry<String, Object> field : options.fields().entrySet()) {
            body.set(field.getKey(), json.valueToTree(field.getValue()));
        }
        if (!options.failures().isEmpty()) {
            ArrayNode failures = body.path("failures").isArray() ? (ArrayNode) body.get("failures") : body.putArray("failures");
            for (String spec : options.failures()) {
                failures.add(FailureFlag.rule(spec));
            }
        }
        return body;
    }
}
