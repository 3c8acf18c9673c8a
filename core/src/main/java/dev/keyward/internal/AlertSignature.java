package dev.keyward.internal;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Base64;
import java.util.Map;

/**
 * Checks the signature of a secret scanner's report: ECDSA on the NIST P-256 curve with SHA-256,
 * over the raw body, DER-encoded and then Base64 as GitHub sends it, by the public key the report
 * names. Only {@code java.security}. Immutable and thread-safe.
 */
public final class AlertSignature {

    /** Longer signatures cannot be P-256 ECDSA in DER (at most 72 bytes); they are refused undecoded. */
    private static final int MAX_SIGNATURE_LENGTH = 200;
    private static final ECParameterSpec P256 = p256();

    private final Map<String, ECPublicKey> keys;

    /** Trusts these keys by identifier; each must be on P-256 ({@link #requireP256}). */
    public AlertSignature(Map<String, ECPublicKey> keys) {
        this.keys = Map.copyOf(keys);
    }

    /** What checking found. */
    public enum Check {
        /** Signed by the key named. */
        VALID,
        /** The key identifier names no trusted key. */
        UNKNOWN_KEY,
        /** The signature is not Base64 of a plausible length. */
        MALFORMED,
        /** The signature does not match the body under the key named. */
        INVALID
    }

    /** Checks a body against the signature header under the key the identifier header names. */
    public Check check(String keyIdentifier, String signature, byte[] body) {
        ECPublicKey key = keys.get(keyIdentifier);
        if (key == null) {
            return Check.UNKNOWN_KEY;
        }
        if (signature.length() > MAX_SIGNATURE_LENGTH) {
            return Check.MALFORMED;
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return Check.MALFORMED;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(body);
            return verifier.verify(der) ? Check.VALID : Check.INVALID;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // A DER structure that does not parse is a signature that does not verify.
            return Check.INVALID;
        }
    }

    /**
     * The key as an EC key on P-256.
     *
     * @throws IllegalArgumentException when it is another kind of key or on another curve
     */
    public static ECPublicKey requireP256(PublicKey key) {
        if (!(key instanceof ECPublicKey ec) || !isP256(ec.getParams())) {
            throw new IllegalArgumentException("a secret scanning key must be an EC public key on P-256 (secp256r1)");
        }
        return ec;
    }

    private static boolean isP256(ECParameterSpec params) {
        return params != null && params.getCurve().equals(P256.getCurve())
                && params.getGenerator().equals(P256.getGenerator()) && params.getOrder().equals(P256.getOrder())
                && BigInteger.valueOf(params.getCofactor()).equals(BigInteger.valueOf(P256.getCofactor()));
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has the P-256 curve", e);
        }
    }

    @Override
    public String toString() {
        return "AlertSignature" + keys.keySet();
    }
}
