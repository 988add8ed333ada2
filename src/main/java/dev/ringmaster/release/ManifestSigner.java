package dev.ringmaster.release;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Signs manifests with one Ed25519 key pair, using only the JDK. The key id is the first 16 hex characters
 * of the SHA-256 of the encoded public key, so an agent can tell which key a manifest expects.
 */
public final class ManifestSigner {

    public static final String ALGORITHM = "Ed25519";

    private final KeyPair keys;
    private final String keyId;

    private ManifestSigner(KeyPair keys) {
        this.keys = keys;
        this.keyId = keyIdOf(keys.getPublic());
    }

    /** A fresh key pair, kept only in memory. */
    public static ManifestSigner generate() {
        try {
            return new ManifestSigner(KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate Ed25519 keys", e);
        }
    }

    /**
     * The configured key: base64 of a PKCS#8 Ed25519 private key ({@code openssl genpkey -algorithm ed25519
     * -outform DER | base64 -w0}).
     *
     * @throws IllegalArgumentException when the text is not such a key; the message never contains the key
     */
    public static ManifestSigner fromPkcs8(String base64) {
        byte[] encoded;
        try {
            encoded = Base64.getMimeDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the signing key is not base64");
        }
        try {
            PrivateKey privateKey = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(encoded));
            byte[] seed = ((EdECPrivateKey) privateKey).getBytes()
                    .orElseThrow(() -> new IllegalArgumentException("the signing key does not expose its seed"));
            return new ManifestSigner(pairFromSeed(seed));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("the signing key is not a base64 PKCS#8 Ed25519 private key");
        }
    }

    /**
     * PKCS#8 files usually carry only the private seed, and the JDK has no public call that derives the public
     * key from it. Its Ed25519 generator draws exactly the 32-byte seed from the random source, so feeding it
     * the seed regenerates the same pair; the result is checked against the seed rather than trusted.
     */
    private static KeyPair pairFromSeed(byte[] seed) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
        generator.initialize(255, new SeedSource(seed));
        KeyPair pair = generator.generateKeyPair();
        byte[] regenerated = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
        if (!Arrays.equals(seed, regenerated)) {
            throw new GeneralSecurityException("could not derive the public key");
        }
        return pair;
    }

    public String keyId() {
        return keyId;
    }

    public PublicKey publicKey() {
        return keys.getPublic();
    }

    /** Base64 of the X.509 SubjectPublicKeyInfo, what {@link #verify} and agents take. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    public String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** Base64 of the Ed25519 signature of the bytes. */
    public String sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(keys.getPrivate());
            signature.update(message);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    /** Whether the base64 signature is the public key's signature of the bytes; false for anything malformed. */
    public static boolean verify(String publicKeyBase64, byte[] message, String signatureBase64) {
        try {
            PublicKey key = KeyFactory.getInstance(ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKeyBase64)));
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(key);
            signature.update(message);
            return signature.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static String keyIdOf(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** Hands out the seed and nothing else; see {@link #pairFromSeed}. */
    private static final class SeedSource extends SecureRandom {

        private final byte[] seed;
        private boolean used;

        SeedSource(byte[] seed) {
            this.seed = Objects.requireNonNull(seed).clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (used || bytes.length != seed.length) {
                throw new IllegalStateException("unexpected draw from the seed source");
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
            used = true;
        }
    }
}
