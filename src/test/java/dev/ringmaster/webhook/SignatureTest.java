package dev.ringmaster.webhook;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class SignatureTest {

    @Test
    void signsIdTimestampAndBodyWithTheSecretsKeyBytes() throws Exception {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        String secret = Signature.SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
        // Computed here the way a receiver would, from the documented recipe.
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal("evt-1.1700000000.{\"a\":1}".getBytes(StandardCharsets.UTF_8)));

        assertThat(Signature.sign(secret, "evt-1", 1_700_000_000L, "{\"a\":1}")).isEqualTo(expected);
        assertThat(Signature.verify(secret, "evt-1", 1_700_000_000L, "{\"a\":1}", "v1,bogus " + expected)).isTrue();
        assertThat(Signature.verify(secret, "evt-1", 1_700_000_001L, "{\"a\":1}", expected)).as("another timestamp").isFalse();
        assertThat(Signature.verify(secret, "evt-2", 1_700_000_000L, "{\"a\":1}", expected)).as("another id").isFalse();
        assertThat(Signature.verify(secret, "evt-1", 1_700_000_000L, "{\"a\":2}", expected)).as("another body").isFalse();
        assertThat(Signature.verify(secret, "evt-1", 1_700_000_000L, "{\"a\":1}", null)).isFalse();
    }

    @Test
    void everySecretIsNew() {
        assertThat(Signature.newSecret()).startsWith("whsec_").isNotEqualTo(Signature.newSecret());
        assertThat(Base64.getDecoder().decode(Signature.newSecret().substring(6))).hasSize(32);
    }
}
