package dev.ringmaster.tenancy;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The device ids an enrollment key may enroll: glob patterns where {@code *} stands for any run of characters and
 * {@code ?} for one; no patterns at all means any id. A key handed to a contract manufacturer for one product line
 * then cannot enroll (or take over) ids of another.
 */
public record DeviceIdScope(List<String> patterns) {

    /** What a pattern may look like: the characters of a device id, and the two wildcards. */
    public static final String PATTERN_REGEX = "[A-Za-z0-9._:*?-]{1,128}";

    public DeviceIdScope {
        patterns = List.copyOf(patterns);
    }

    public boolean covers(String deviceId) {
        return patterns.isEmpty() || patterns.stream().anyMatch(pattern -> glob(pattern).matcher(deviceId).matches());
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
