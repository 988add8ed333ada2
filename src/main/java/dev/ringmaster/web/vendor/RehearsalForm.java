package dev.ringmaster.web.vendor;

import dev.ringmaster.rehearsal.RehearsalRequest;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rehearsal set-up form as typed: it only turns the fields into a {@link RehearsalRequest} (numbers parsed, hours
 * made durations, one failure rule); every rule about the values is the rehearsal service's, as for the API. The form
 * keeps the text as typed so a refused one is shown back for correction.
 *
 * @param horizonHours how long to play, in hours (empty: the service's default, 14 days)
 * @param selector     which devices the failure rule selects; empty or "none" for a healthy fleet
 * @param attributes   for the attributes selector: {@code key=value} terms separated by spaces
 * @param delayHours   slow-failure: hours after the success until the device falls back
 * @param fromHours    regional-outage: hours after the start the devices go quiet
 * @param untilHours   regional-outage: hours after the start they come back
 */
public record RehearsalForm(String product, String version, String plan, String scale, String horizonHours, String seed,
                            String selector, String share, String tenant, String timeZone, String attributes,
                            String behaviour,
                            String probability, String delayHours, String fromHours, String untilHours) {

    public static final List<String> SELECTORS = List.of("all", "share", "tenant", "time-zone", "attributes");
    public static final List<String> BEHAVIOURS = List.of("healthy", "fails", "silent-brick", "crash-loop", "slow-failure",
            "flaky-network", "offline", "regional-outage");

    public static RehearsalForm blank(String product) {
        return new RehearsalForm(product, "", "", "1", "", "1", "none", "", "", "", "", "healthy", "", "", "", "");
    }

    /** The request, or the fields that are not numbers where numbers belong (the service checks the rest). */
    public Parsed parse() {
        List<String> errors = new ArrayList<>();
        Integer scaled = whole("scale", scale, errors);
        Long seeded = seed == null || seed.isBlank() ? null : wholeLong(seed, errors);
        Duration horizon = hours("horizon", horizonHours, errors);
        List<RehearsalRequest.FailureSpec> failures = null;
        if (selector != null && !selector.isBlank() && !"none".equals(selector)) {
            failures = List.of(new RehearsalRequest.FailureSpec(selector, decimal("share", share, errors), blankToNull(tenant),
                    blankToNull(timeZone), pairs(attributes, errors), blankToNull(behaviour), decimal("probability", probability, errors),
                    hours("delay", delayHours, errors), hours("from", fromHours, errors), hours("until", untilHours, errors)));
        }
        if (!errors.isEmpty()) {
            return new Parsed(null, errors);
        }
        return new Parsed(new RehearsalRequest(blankToNull(product), blankToNull(version), blankToNull(plan), null, null,
                horizon, null, seeded, scaled, null, null, failures), List.of());
    }

    public record Parsed(RehearsalRequest request, List<String> errors) {
    }

    /** "model=X region=eu" as pairs; null when blank (the service says an attributes selector needs some). */
    private static Map<String, String> pairs(String text, List<String> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String term : text.strip().split("\\s+")) {
            int equals = term.indexOf('=');
            if (equals < 1) {
                errors.add("attributes: key=value terms separated by spaces, such as model=X osBuild=2024.1");
                return null;
            }
            pairs.put(term.substring(0, equals), term.substring(equals + 1));
        }
        return pairs;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static Integer whole(String field, String text, List<String> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            errors.add(field + ": a whole number");
            return null;
        }
    }

    private static Long wholeLong(String text, List<String> errors) {
        try {
            return Long.valueOf(text.strip());
        } catch (NumberFormatException e) {
            errors.add("seed: a whole number");
            return null;
        }
    }

    private static BigDecimal decimal(String field, String text, List<String> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            errors.add(field + ": a number such as 0.3");
            return null;
        }
    }

    /** Whole or fractional hours ("1.5"), to the minute. */
    private static Duration hours(String field, String text, List<String> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            BigDecimal hours = new BigDecimal(text.strip());
            if (hours.signum() < 0 || hours.compareTo(BigDecimal.valueOf(100_000)) > 0) {
                errors.add(field + ": hours from 0 to 100000");
                return null;
            }
            return Duration.ofMinutes(hours.multiply(BigDecimal.valueOf(60)).longValue());
        } catch (NumberFormatException e) {
            errors.add(field + ": a number of hours such as 48 or 1.5");
            return null;
        }
    }
}
