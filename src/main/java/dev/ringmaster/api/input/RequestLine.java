package dev.ringmaster.api.input;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/**
 * The rules for what arrives outside a body: the path, the query and the header values. Percent-escapes must
 * decode to UTF-8 (strictly), and what they decode to must pass {@link InputText}; a path holds no control
 * characters at all; a declared charset can only be UTF-8.
 */
public final class RequestLine {

    private RequestLine() {
    }

    /** Refuses a raw (still percent-encoded) path whose segments are not clean text. */
    public static void checkPath(String rawPath) {
        String path = decode(rawPath, false, "(path)");
        for (int i = 0; i < path.length(); i++) {
            if (Character.isISOControl(path.charAt(i))) {
                throw new InputRefused(400, "(path)", "must not contain control characters");
            }
        }
    }

    /** Refuses a raw query whose parameter names or values are not clean text; the parameter is named. */
    public static void checkQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), true, "(query)");
            decode(equals < 0 ? "" : pair.substring(equals + 1), true, name);
        }
    }

    /** Refuses a header value that is not clean text (NUL, half a surrogate pair), naming the header. */
    public static void checkHeader(String name, String value) {
        String refusal = InputText.refusal(value);
        if (refusal != null) {
            throw new InputRefused(400, name, refusal);
        }
    }

    /** Refuses a {@code Content-Type} that declares a charset other than UTF-8: bodies are UTF-8 only. */
    public static void checkContentType(String contentType) {
        if (contentType == null) {
            return;
        }
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("charset")) {
                String charset = pair[1].trim().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    throw new InputRefused(415, "Content-Type", "must declare no charset or UTF-8");
                }
            }
        }
    }

    /** Percent-decodes {@code raw} as UTF-8 and checks the text; {@code field} names it in a refusal. */
    static String decode(String raw, boolean plusIsSpace, String field) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || !HexFormat.isHexDigit(raw.charAt(i + 1)) || !HexFormat.isHexDigit(raw.charAt(i + 2))) {
                    throw new InputRefused(400, field, "has a broken percent-escape");
                }
                bytes.write(HexFormat.fromHexDigits(raw, i + 1, i + 3));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else if (c > 0x7f) {
                bytes.writeBytes(String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else {
                bytes.write(c);
            }
        }
        String text;
        try {
            text = JsonBodyRules.utf8(bytes.toByteArray());
        } catch (InputRefused notUtf8) {
            throw new InputRefused(400, field, "must be UTF-8 once decoded");
        }
        String refusal = InputText.refusal(text);
        if (refusal != null) {
            throw new InputRefused(400, field, refusal);
        }
        return text;
    }
}
