package dev.ringmaster.api.input;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestLineTest {

    @Test
    void cleanRequestLinesPass() {
        assertThatCode(() -> {
            RequestLine.checkPath("/api/v1/devices/caf%C3%A9");
            RequestLine.checkQuery("q=a+b&sort=name&flag");
            RequestLine.checkContentType("application/json; charset=UTF-8");
            RequestLine.checkContentType("application/x-www-form-urlencoded; charset=ISO-8859-1");
            RequestLine.checkAsciiWhenDeclared("text/csv; charset=ISO-8859-1", "id,name".getBytes());
        }).doesNotThrowAnyException();
    }

    @Test
    void nulSurrogatesAndBrokenEscapesAreRefusedWithThePartNamed() {
        assertThatThrownBy(() -> RequestLine.checkPath("/api/v1/groups/x%00")).hasMessage("must not contain the NUL character");
        assertThatThrownBy(() -> RequestLine.checkPath("/api/v1/groups/x%ED%A0%80")).hasMessage("must be UTF-8 once decoded");
        assertThatThrownBy(() -> RequestLine.checkPath("/api/v1/groups/x%0A")).hasMessage("must not contain control characters");
        assertThatThrownBy(() -> RequestLine.checkPath("/api/v1/groups/x%G1")).hasMessage("has a broken percent-escape");
        assertThatThrownBy(() -> RequestLine.checkQuery("size=1&q=a%00"))
                .isInstanceOfSatisfying(InputRefused.class, refused -> org.assertj.core.api.Assertions.assertThat(refused.field()).isEqualTo("q"));
        assertThatThrownBy(() -> RequestLine.checkHeader("X-Name", "a\u0000b")).hasMessage("must not contain the NUL character");
    }

    @Test
    void onlyUtf8IsDeclaredForJsonAndOnlyAsciiUnderOtherNames() {
        assertThatThrownBy(() -> RequestLine.checkContentType("application/json; charset=ISO-8859-1"))
                .isInstanceOfSatisfying(InputRefused.class, refused -> org.assertj.core.api.Assertions.assertThat(refused.status()).isEqualTo(415));
        assertThatThrownBy(() -> RequestLine.checkContentType("text/csv; charset=x-klingon")).isInstanceOf(InputRefused.class);
        assertThatThrownBy(() -> RequestLine.checkAsciiWhenDeclared("text/csv; charset=ISO-8859-1", new byte[]{'a', (byte) 0xE9}))
                .isInstanceOf(InputRefused.class);
    }
}
