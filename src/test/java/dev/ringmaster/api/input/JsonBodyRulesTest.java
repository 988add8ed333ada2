package dev.ringmaster.api.input;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonBodyRulesTest {

    @Test
    void wellFormedBodiesPass() {
        JsonBodyRules.check("{\"name\":\"Ada's lab\",\"share\":0.5,\"count\":9223372036854775807,\"tags\":[\"a\",\"b\"],\"emoji\":\"\\ud83d\\ude00\"}");
        JsonBodyRules.check("  ");
        JsonBodyRules.check("\"just a string\"");
    }

    @Test
    void refusalsNameTheField() {
        assertRefused("{\"a\":{\"name\":\"x\\u0000\"}}", "a.name", "must not contain the NUL character");
        assertRefused("{\"list\":[\"ok\",\"\\ud800\"]}", "list[1]", "must not contain a lone UTF-16 surrogate");
        assertRefused("{\"n\":1e309}", "n", "must be a finite number");
        assertRefused("{\"n\":9223372036854775808}", "n", "must be a number between -9223372036854775808 and 9223372036854775807");
        assertRefused("{\"a\":1,\"a\":2}", "a", "has a key twice");
        assertRefused("{\"a\":1} x", "(body)", "is not valid JSON");
        assertRefused("{\"a\":1} 2", "(body)", "must be one JSON document with nothing after it");
        assertRefused("{\"a\":1}{\"a\":1}", "(body)", "must be one JSON document with nothing after it");
        assertRefused("{\"s\":\"" + "x".repeat(JsonBodyRules.LONGEST_STRING + 1) + "\"}", "s", "must be at most 10000 characters");
        assertRefused("[" + "1,".repeat(JsonBodyRules.MOST_ENTRIES) + "1]", "[10000]", "must have at most 10000 entries");
    }

    @Test
    void onlyStrictUtf8IsText() {
        assertThat(JsonBodyRules.utf8("é".getBytes(StandardCharsets.UTF_8))).isEqualTo("é");
        for (byte[] bad : new byte[][]{{(byte) 0xC0, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}}) {
            assertThatThrownBy(() -> JsonBodyRules.utf8(bad)).isInstanceOf(InputRefused.class).hasMessage("is not valid UTF-8");
        }
    }

    private static void assertRefused(String body, String field, String message) {
        assertThatThrownBy(() -> JsonBodyRules.check(body)).isInstanceOfSatisfying(InputRefused.class, refused -> {
            assertThat(refused.field()).isEqualTo(field);
            assertThat(refused.getMessage()).startsWith(message);
            assertThat(refused.status()).isEqualTo(400);
        });
    }
}
