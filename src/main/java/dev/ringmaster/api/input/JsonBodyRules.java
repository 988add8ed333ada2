package dev.ringmaster.api.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What any request body must be before it is read into a request: UTF-8 (strictly: no overlong forms, no encoded
 * surrogates), and when it is JSON, one document of bounded size whose every key and string passes
 * {@link InputText}, every number fits a Java {@code long} or a finite {@code double}, every string is at most
 * {@link #LONGEST_STRING} characters and every object or array holds at most {@link #MOST_ENTRIES} entries.
 */
public final class JsonBodyRules {

    public static final int LONGEST_STRING = 10_000;
    public static final int MOST_ENTRIES = 10_000;
    public static final int DEEPEST = 32;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(DEEPEST).maxNumberLength(100).build())
            .build();

    private JsonBodyRules() {
    }

    /**
     * Every rule a text body is held to at the edge: ASCII when its content type says so, UTF-8, and when it is JSON
     * the rules of {@link #check}. For the REST layer's reader ({@code BodyRulesInterceptor}) and for the routes that
     * take a device's body before it.
     */
    public static void checkText(String contentType, byte[] body, boolean json) {
        RequestLine.checkAsciiWhenDeclared(contentType, body);
        String decoded = utf8(body);
        if (json) {
            check(decoded);
        }
    }

    /** The body as text; refused when it is not UTF-8. */
    public static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new InputRefused(400, "(body)", "is not valid UTF-8");
        }
    }

    /** One object or array being read: how many entries it has so far, and the key being read in an object. */
    private static final class Frame {
        final boolean array;
        String key;
        int entries;

        Frame(boolean array) {
            this.array = array;
        }
    }

    /** Checks a JSON body (already known to be UTF-8); an empty one is left to the endpoint, which may take none. */
    public static void check(String body) {
        if (body.isBlank()) {
            return;
        }
        Deque<Frame> frames = new ArrayDeque<>();
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME) {
                    frames.peek().key = parser.currentName();
                    text(parser.currentName(), frames);
                    continue;
                }
                if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    frames.pop();
                } else {
                    count(frames);
                    switch (token) {
                        case START_OBJECT, START_ARRAY -> frames.push(new Frame(token == JsonToken.START_ARRAY));
                        case VALUE_STRING -> text(parser.getText(), frames);
                        case VALUE_NUMBER_INT -> {
                            if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                                throw new InputRefused(400, field(frames), "must be a number between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE);
                            }
                        }
                        case VALUE_NUMBER_FLOAT -> {
                            if (!Double.isFinite(parser.getDoubleValue())) {
                                throw new InputRefused(400, field(frames), "must be a finite number");
                            }
                        }
                        default -> {
                        }
                    }
                }
                if (frames.isEmpty()) {
                    end(parser);
                    return;
                }
            }
        } catch (JsonProcessingException e) {
            String location = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            if (e.getOriginalMessage().startsWith("Duplicate field")) {
                throw new InputRefused(400, field(frames), "has a key twice" + location);
            }
            throw new InputRefused(400, "(body)", "is not valid JSON" + location);
        } catch (IOException e) {
            throw new InputRefused(400, "(body)", "cannot be read");
        }
    }

    /** After the document nothing may follow but white space. */
    private static void end(JsonParser parser) throws IOException {
        if (parser.nextToken() != null) {
            throw new InputRefused(400, "(body)", "must be one JSON document with nothing after it");
        }
    }

    private static void count(Deque<Frame> frames) {
        if (!frames.isEmpty() && ++frames.peek().entries > MOST_ENTRIES) {
            frames.peek().key = null;
            throw new InputRefused(400, field(frames), "must have at most " + MOST_ENTRIES + " entries");
        }
    }

    private static void text(String text, Deque<Frame> frames) {
        String refusal = InputText.refusal(text);
        if (refusal == null && text.length() > LONGEST_STRING) {
            refusal = "must be at most " + LONGEST_STRING + " characters";
        }
        if (refusal != null) {
            throw new InputRefused(400, field(frames), refusal);
        }
    }

    /** The path of the value being read, as a client writes it: {@code status.details[3]}. */
    private static String field(Deque<Frame> frames) {
        StringBuilder field = new StringBuilder();
        frames.descendingIterator().forEachRemaining(frame -> {
            if (frame.array) {
                field.append('[').append(Math.max(0, frame.entries - 1)).append(']');
            } else if (frame.key != null) {
                field.append(field.isEmpty() ? "" : ".").append(frame.key);
            }
        });
        return field.isEmpty() ? "(body)" : field.toString();
    }
}
