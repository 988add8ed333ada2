package dev.ringmaster.release;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** The one manifest signer of the service, from {@code ringmaster.signing.private-key}. */
public class SigningKeyProducer {

    private static final Logger LOG = Logger.getLogger(SigningKeyProducer.class);

    /** Made at start, so a bad key stops the service at once and the warning comes with the start log. */
    @Produces
    @Singleton
    @Startup
    ManifestSigner signer(SigningSettings settings) {
        if (settings.privateKey().isPresent()) {
            // A broken key must stop the service: signing with a throwaway key would look like it works.
            ManifestSigner signer = ManifestSigner.fromPkcs8(settings.privateKey().get());
            LOG.infof("signing release manifests with Ed25519 key %s", signer.keyId());
            return signer;
        }
        ManifestSigner signer = ManifestSigner.generate();
        LOG.warnf("no RINGMASTER_SIGNING_KEY (ringmaster.signing.private-key) set: signing release manifests with a "
                + "key generated at start (id %s), so they will not verify after a restart; set it to a base64 PKCS#8 "
                + "Ed25519 key, e.g. `openssl genpkey -algorithm ed25519 -outform DER | base64 -w0`", signer.keyId());
        return signer;
    }
}
