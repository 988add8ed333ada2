package dev.ringmaster.rehearsal.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ringmaster.rehearsal.Behaviour;
import dev.ringmaster.rehearsal.Selector;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * {@code --fail SELECTOR=BEHAVIOUR} as one rule of the request's {@code failures}: {@code share:0.1=offline},
 * {@code attributes:model=m-3,osBuild=7=fails:1}. The kinds are the engine's own ({@link Selector.Kind},
 * {@link Behaviour.Kind}); only where each kind's one value goes is said here. The values themselves are left to the
 * service to judge, so a wrong one is answered with the field it belongs to.
 */
final class FailureFlag {

    private FailureFlag() {
    }

    static ObjectNode rule(String spec) throws UsageException {
        // A behaviour never holds '=', an attribute selector does: the last one splits.
        int split = spec.lastIndexOf('=');
        if (split <= 0 || split == spec.length() - 1) {
            throw new UsageException("--fail takes SELECTOR=BEHAVIOUR, e.g. all=silent-brick or share:0.1=offline, not " + spec);
        }
        ObjectNode rule = JsonNodeFactory.instance.objectNode();
        selector(spec.substring(0, split), rule);
        behaviour(spec.substring(split + 1), rule);
        return rule;
    }

    private static void selector(String text, ObjectNode rule) throws UsageException {
        String[] parts = text.split(":", 2);
        Selector.Kind kind = Selector.Kind.fromCode(parts[0]);
        if (kind == null) {
            throw new UsageException("--fail: no selector " + parts[0] + "; one of "
                    + codes(Arrays.stream(Selector.Kind.values()).map(Selector.Kind::code).toArray(String[]::new)));
        }
        rule.put("selector", kind.code());
        String value = value(parts, kind != Selector.Kind.ALL, "selector " + kind.code());
        switch (kind) {
            case ALL -> { }
            case SHARE -> rule.put("share", decimal(value, "share"));
            case TENANT -> rule.put("tenant", value);
            case TIME_ZONE -> rule.put("timeZone", value);
            case ATTRIBUTES -> {
                ObjectNode pairs = rule.putObject("attributes");
                for (String pair : value.split(",")) {
                    String[] keyValue = pair.split("=", 2);
                    if (keyValue.length != 2 || keyValue[0].isBlank()) {
                        throw new UsageException("--fail: attributes take key=value pairs, e.g. attributes:model=X,osBuild=7");
                    }
                    pairs.put(keyValue[0].strip(), keyValue[1].strip());
                }
            }
        }
    }

    private static void behaviour(String text, ObjectNode rule) throws UsageException {
        String[] parts = text.split(":", 2);
        Behaviour.Kind kind = Behaviour.Kind.fromCode(parts[0]);
        if (kind == null) {
            throw new UsageException("--fail: no behaviour " + parts[0] + "; one of "
                    + codes(Arrays.stream(Behaviour.Kind.values()).map(Behaviour.Kind::code).toArray(String[]::new)));
        }
        rule.put("behaviour", kind.code());
        switch (kind) {
            case FAILS, FLAKY_NETWORK -> rule.put("probability", decimal(value(parts, true, kind.code()), "probability"));
            case SLOW_FAILURE -> rule.put("delay", RehearseOptions.isoDuration(value(parts, true, kind.code())));
            case REGIONAL_OUTAGE -> {
                String[] period = value(parts, true, kind.code()).split("/", 2);
                if (period.length != 2) {
                    throw new UsageException("--fail: regional-outage takes FROM/UNTIL after the start, e.g. regional-outage:PT2H/PT8H");
                }
                rule.put("from", RehearseOptions.isoDuration(period[0]));
                rule.put("until", RehearseOptions.isoDuration(period[1]));
            }
            case HEALTHY, SILENT_BRICK, CRASH_LOOP, OFFLINE -> value(parts, false, kind.code());
        }
    }

    /** The text after the kind's ':'; required or refused as the kind takes a value or not. */
    private static String value(String[] parts, boolean takesOne, String what) throws UsageException {
        if (takesOne && (parts.length < 2 || parts[1].isBlank())) {
            throw new UsageException("--fail: " + what + " needs a value after ':'");
        }
        if (!takesOne && parts.length == 2) {
            throw new UsageException("--fail: " + what + " takes no value");
        }
        return takesOne ? parts[1].strip() : null;
    }

    private static BigDecimal decimal(String value, String what) throws UsageException {
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--fail: " + what + " is a number such as 0.1, not " + value);
        }
    }

    private static String codes(String[] codes) {
        return Arrays.stream(codes).collect(Collectors.joining(", "));
    }
}
