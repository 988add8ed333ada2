package dev.ringmaster.release;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;

/** The public half of the manifest key. Public on purpose: agents fetch it before they hold any token. */
@Path("/api/v1/signing-key")
@Produces(MediaType.APPLICATION_JSON)
public class SigningKeyResource {

    public record SigningKeyView(String keyId, String algorithm, String publicKey, String pem) {
    }

    @Inject
    ManifestSigner signer;

    @GET
    @PermitAll
    @SecurityRequirementsSet
    public SigningKeyView get() {
        return new SigningKeyView(signer.keyId(), ManifestSigner.ALGORITHM, signer.publicKeyBase64(), signer.publicKeyPem());
    }
}
