package dev.ringmaster.tenancy;

import dev.ringmaster.error.Problem;
import dev.ringmaster.error.UnprocessableException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a device says about itself: hardware model, OS/firmware build, region, agent version under well-known keys,
 * and free key/values beside them. One set of rules for every way attributes arrive (enrollment, native check-in,
 * DDI configData, CSV import, filters), checked by hand because the check-in is the hottest request.
 *
 * @param values ordered by key, so that two equal sets compare and print alike
 */
public record DeviceAttributes(Map<String, String> values) {

    public static final String MODEL = "model";
    public static final String OS_BUILD = "osBuild";
    public static final String REGION = "region";
    public static final String AGENT_VERSION = "agentVersion";
    /** Shown first, in this order, wherever a device's attributes are listed. */
    public static final List<String> WELL_KNOWN = List.of(MODEL, OS_BUILD, REGION, AGENT_VERSION);

    public static final int MAX_KEYS = 50;
    public static final int MAX_KEY_LENGTH = 64;
    public static final int MAX_VALUE_LENGTH = 256;
    /** Identifier-like keys: they appear in filters as {@code key=value} and in URLs. */
    public static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}");

    public static final DeviceAttributes NONE = new DeviceAttributes(Map.of());

    public DeviceAttributes {
        values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /**
     * Checks attributes as they arrived; every broken rule named at once, as a 422.
     *
     * @param field the request field that carried them, for the error's names
     */
    public static DeviceAttributes parse(String field, Map<String, ?> raw) {
        if (raw == null) {
            return NONE;
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        if (raw.size() > MAX_KEYS) {
            // Nothing more is said: the keys of an oversized map are not worth checking one by one.
            throw new UnprocessableException(field, "at most " + MAX_KEYS + " attributes");
        }
        Map<String, String> values = new TreeMap<>();
        Problem.FieldError badKey = new Problem.FieldError(field, "every key must be 1-" + MAX_KEY_LENGTH
                + " letters, digits, '.', '_', ':', '/' or '-', starting with a letter or digit");
        raw.forEach((key, value) -> {
            if (key == null || !KEY.matcher(key).matches()) {
                // Named once and not echoed: an unchecked key can be as long as the body.
                if (!errors.contains(badKey)) {
                    errors.add(badKey);
                }
            } else if (!(value instanceof String text)) {
                errors.add(new Problem.FieldError(field + "." + key, "must be a string"));
            } else if (text.length() > MAX_VALUE_LENGTH) {
                errors.add(new Problem.FieldError(field + "." + key, "must be at most " + MAX_VALUE_LENGTH + " characters"));
            } else if (hasControlCharacter(text)) {
                errors.add(new Problem.FieldError(field + "." + key, "must not contain control characters"));
            } else {
                values.put(key, text);
            }
        });
        if (!errors.isEmpty()) {
            throw new UnprocessableException(errors);
        }
        return new DeviceAttributes(values);
    }

    /** The stored attributes with these laid over them; refused when the result would hold too many keys. */
    public DeviceAttributes mergedInto(DeviceAttributes stored, String field) {
        Map<String, String> merged = new TreeMap<>(stored.values);
        merged.putAll(values);
        return bounded(merged, field);
    }

    /** The stored attributes without these keys (DDI configData {@code mode: remove}). */
    public DeviceAttributes removedFrom(DeviceAttributes stored) {
        Map<String, String> left = new TreeMap<>(stored.values);
        left.keySet().removeAll(values.keySet());
        return new DeviceAttributes(left);
    }

    /** Whether every pair of the filter is among these attributes. */
    public boolean contains(DeviceAttributes filter) {
        return values.entrySet().containsAll(filter.values.entrySet());
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public Set<String> keys() {
        return values.keySet();
    }

    /** The well-known keys first, then the free ones by name. */
    public List<Map.Entry<String, String>> listed() {
        List<Map.Entry<String, String>> listed = new ArrayList<>();
        WELL_KNOWN.stream().filter(values::containsKey).forEach(key -> listed.add(Map.entry(key, values.get(key))));
        values.forEach((key, value) -> {
            if (!WELL_KNOWN.contains(key)) {
                listed.add(Map.entry(key, value));
            }
        });
        return listed;
    }

    private static DeviceAttributes bounded(Map<String, String> values, String field) {
        if (values.size() > MAX_KEYS) {
            throw new UnprocessableException(field, "a device holds at most " + MAX_KEYS + " attributes");
        }
        return new DeviceAttributes(values);
    }

    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
