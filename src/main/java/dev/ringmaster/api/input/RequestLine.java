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

    /**
     * Refuses a {@code Content-Type} that declares a charset other than UTF-8 for JSON (which is UTF-8 by
     * definition), or any charset but UTF-8, US-ASCII and ISO-8859-1 for other bodies. The last two are what many
     * clients add to forms and text by default; {@link #checkAsciiWhenDeclared} holds such bodies to ASCII, where
     * they and UTF-8 agree.
     */
    public static void checkContentType(String contentType) {
        String charset = charset(contentType);
        if (charset == null || charset.equals("utf-8") || charset.equals("utf8")) {
            return;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (type.endsWith("/json") || type.endsWith("+json") || !ASCII_COMPATIBLE.contains(charset)) {
            throw new InputRefused(415, "Content-Type", "must declare no charset or UTF-8");
        }
    }

    /** A body declared US-ASCII or ISO-8859-1 must be ASCII, so that reading it as UTF-8 reads what was meant. */
    public static void checkAsciiWhenDeclared(String contentType, byte[] body) {
        if (ASCII_COMPATIBLE.contains(String.valueOf(charset(contentType)))) {
            for (byte b : body) {
                if (b < 0) {
                    throw new InputRefused(415, "Content-Type", "must declare UTF-8 for a body that is not ASCII");
                }
            }
        }
    }

    private static final java.util.Set<String> ASCII_COMPATIBLE = java.util.Set.of("us-ascii", "iso-8859-1", "latin1");

    /** The declared charset in lower case, or null. */
    private static String charset(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("charset")) {
                return pair[1].trim().replace("\"", "").toLowerCase(java.util.Locale.ROOT);
            }
        }
        return null;
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
