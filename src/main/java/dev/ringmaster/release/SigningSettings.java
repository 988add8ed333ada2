package dev.ringmaster.release;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** {@code ringmaster.signing.*}: the manifest signing key (see docs/releases.md). */
@ConfigMapping(prefix = "ringmaster.signing")
public interface SigningSettings {

    /** Base64 of a PKCS#8 Ed25519 private key; unset: a key generated at start, lost at stop. */
    Optional<String> privateKey();
}
