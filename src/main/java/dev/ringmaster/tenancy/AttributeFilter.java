package dev.ringmaster.tenancy;

import dev.ringmaster.error.UnprocessableException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Devices whose attributes hold every one of these pairs (e.g. {@code model=X} and {@code osBuild=Y}): the fleet
 * filter of the API and console, and the definition of a dynamic group. Equality only, so it is one containment
 * test in PostgreSQL ({@code attributes @> filter}, indexed).
 */
public record AttributeFilter(DeviceAttributes pairs) {

    public static final int MAX_PAIRS = 10;

    public AttributeFilter {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("a filter names at least one attribute");
        }
    }

    /** From a JSON object of key to value (a group's definition). */
    public static AttributeFilter of(String field, Map<String, ?> raw) {
        if (raw == null || raw.isEmpty()) {
            throw new UnprocessableException(field, "name at least one attribute");
        }
        if (raw.size() > MAX_PAIRS) {
            throw new UnprocessableException(field, "at most " + MAX_PAIRS + " attributes");
        }
        return new AttributeFilter(DeviceAttributes.parse(field, raw));
    }

    /** From {@code key=value} terms (query parameters, a console field); empty terms are skipped. */
    public static java.util.Optional<AttributeFilter> parse(String field, List<String> terms) {
        Map<String, String> raw = new HashMap<>();
        for (String term : terms == null ? List.<String>of() : terms) {
            if (term == null || term.isBlank()) {
                continue;
            }
            int equals = term.indexOf('=');
            if (equals < 1) {
                throw new UnprocessableException(field, "each term must be key=value");
            }
            String key = term.substring(0, equals).strip();
            if (raw.put(key, term.substring(equals + 1).strip()) != null) {
                throw new UnprocessableException(field, "name each key once");
            }
        }
        return raw.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(of(field, raw));
    }

    public boolean matches(DeviceAttributes attributes) {
        return attributes.contains(pairs);
    }

    public Map<String, String> values() {
        return pairs.values();
    }

    /** As the console's field shows it: {@code key=value} terms separated by spaces. */
    public String text() {
        StringBuilder text = new StringBuilder();
        pairs.values().forEach((key, value) -> text.append(text.isEmpty() ? "" : " ").append(key).append('=').append(value));
        return text.toString();
    }
}
