package dev.ringmaster.rehearsal;

import java.util.Locale;

/**
 * How the failure model's kinds are written in a request: the constant's name in lower case with hyphens
 * ({@code TIME_ZONE} is "time-zone"), one spelling for selectors and behaviours alike.
 */
final class KindCode {

    private KindCode() {
    }

    static String of(Enum<?> kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Null when no constant has that code. */
    static <E extends Enum<E>> E parse(Class<E> kinds, String code) {
        for (E kind : kinds.getEnumConstants()) {
            if (of(kind).equals(code)) {
                return kind;
            }
        }
        return null;
    }
}
