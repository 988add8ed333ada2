package dev.ringmaster.api.input;

/**
 * The rule for every piece of text a request carries (body strings and keys, path segments, query parameters,
 * headers): no NUL, which PostgreSQL cannot store, and no half of a UTF-16 surrogate pair, which no character
 * set can write.
 */
public final class InputText {

    private InputText() {
    }

    /** Why {@code text} is refused, or null when it is fine. */
    public static String refusal(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "must not contain the NUL character";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must not contain a lone UTF-16 surrogate";
            }
        }
        return null;
    }
}
