package dev.ringmaster.release;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestSignerTest {

    private static final byte[] MESSAGE = "{\"version\":\"1.2.3\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSignatureVerifiesWithThePublicKeyAndNotAfterTampering() {
        ManifestSigner signer = ManifestSigner.generate();
        String signature = signer.sign(MESSAGE);

        assertThat(ManifestSigner.verify(signer.publicKeyBase64(), MESSAGE, signature)).isTrue();
        byte[] tampered = MESSAGE.clone();
        tampered[5] ^= 1;
        assertThat(ManifestSigner.verify(signer.publicKeyBase64(), tampered, signature)).isFalse();
        assertThat(ManifestSigner.verify(ManifestSigner.generate().publicKeyBase64(), MESSAGE, signature)).isFalse();
        assertThat(ManifestSigner.verify(signer.publicKeyBase64(), MESSAGE, "not base64!")).isFalse();
    }

    @Test
    void aConfiguredPkcs8KeyGivesBackItsOwnPublicKey() throws Exception {
        var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String configured = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());

        ManifestSigner signer = ManifestSigner.fromPkcs8(configured);

        assertThat(signer.publicKey().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        assertThat(ManifestSigner.verify(Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()), MESSAGE,
                signer.sign(MESSAGE))).isTrue();
        assertThat(ManifestSigner.fromPkcs8(configured).keyId()).isEqualTo(signer.keyId());
    }

    @Test
    void theKeyIdIsTheStartOfTheSha256OfThePublicKey() throws Exception {
        ManifestSigner signer = ManifestSigner.generate();
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(signer.publicKey().getEncoded());

        assertThat(signer.keyId()).hasSize(16).isEqualTo(java.util.HexFormat.of().formatHex(digest, 0, 8));
        assertThat(signer.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n")
                .contains(signer.publicKeyBase64());
    }

    @Test
    void aBrokenKeyIsRefusedWithoutRepeatingIt() throws Exception {
        String rsa = Base64.getEncoder().encodeToString(
                KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate().getEncoded());

        assertThatThrownBy(() -> ManifestSigner.fromPkcs8("%%%")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("%%%");
        assertThatThrownBy(() -> ManifestSigner.fromPkcs8(rsa)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(rsa);
    }
}
