package dev.ringmaster.web;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class SameOriginTest {

    private static final URI LOCAL = URI.create("http://127.0.0.1:8080/console/policies/pause-all");
    private static final URI BEHIND_PROXY = URI.create("http://console.example.com/console/keys");

    @Test
    void theConsolesOwnOriginPasses() {
        assertThat(SameOrigin.refusal("http://127.0.0.1:8080", null, LOCAL)).isEmpty();
        assertThat(SameOrigin.refusal(null, "http://127.0.0.1:8080/console/policies", LOCAL)).isEmpty();
        assertThat(SameOrigin.refusal("HTTPS://Console.Example.com:443", null, BEHIND_PROXY)).as("TLS ended at the proxy").isEmpty();
    }

    @Test
    void anotherHostOrPortIsRefused() {
        assertThat(SameOrigin.refusal("https://evil.example", null, LOCAL)).get().asString().contains("evil.example");
        assertThat(SameOrigin.refusal("http://127.0.0.1:8081", null, LOCAL)).isPresent();
        assertThat(SameOrigin.refusal("http://127.0.0.1.evil.example:8080", null, LOCAL)).isPresent();
        assertThat(SameOrigin.refusal(null, "https://evil.example/console", LOCAL)).isPresent();
        assertThat(SameOrigin.refusal("https://evil.example", "http://127.0.0.1:8080/console", LOCAL)).as("Origin wins").isPresent();
    }

    @Test
    void neitherOriginNorRefererOrAnOpaqueOriginIsRefused() {
        assertThat(SameOrigin.refusal(null, null, LOCAL)).isPresent();
        assertThat(SameOrigin.refusal("null", null, LOCAL)).isPresent();
        assertThat(SameOrigin.refusal("", " ", LOCAL)).isPresent();
        assertThat(SameOrigin.refusal("not a url", null, LOCAL)).isPresent();
    }
}
