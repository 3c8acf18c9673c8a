package dev.keyward.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The credential an API gateway presents to the introspection endpoint, kept as digests only
 * (SHA-256, and a keyed SipHash of its canonical Basic header), so neither the secret nor its
 * length stays in memory. A presented pair is compared
 * digest to digest in constant time, both halves always, so timing tells nothing of which half
 * was wrong. Immutable and thread-safe; {@code toString()} shows the id alone.
 */
public final class GatewayCredential {

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(GatewayCredential::newSha256);

    private final String clientId;
    private final byte[] idDigest;
    private final byte[] secretDigest;
    private final KeyedDigest keyed = new KeyedDigest(new SecureRandom());
    private final KeyedDigest.CacheKey headerDigest;

    public GatewayCredential(String clientId, String clientSecret) {
        this.clientId = clientId;
        this.idDigest = sha256(clientId);
        this.secretDigest = sha256(clientSecret);
        String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        String header = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        this.headerDigest = keyed.of(header);
    }

    /**
     * Whether an {@code Authorization} value is exactly the gateway's Basic credentials as RFC 6749
     * §2.3.1 encodes them: the common case of every introspection, decided by one keyed SipHash
     * digest of the value's UTF-8 bytes (a pseudorandom function under a key of this process, as the
     * verification cache uses) compared without an early exit. Any other spelling is judged by
     * {@link #matches} after parsing.
     */
    public boolean isCanonicalHeader(String authorization) {
        // UTF-8 gives no two values the same bytes: a character past ASCII never reads as the canonical form.
        // The digest clears its copy of the bytes.
        KeyedDigest.CacheKey presented = keyed.of(authorization);
        return ((presented.high() ^ headerDigest.high()) | (presented.low() ^ headerDigest.low())) == 0;
    }

    /** The gateway's client id; not secret. */
    public String clientId() {
        return clientId;
    }

    /** Whether the presented id and secret are the gateway's. */
    public boolean matches(String presentedId, String presentedSecret) {
        boolean id = MessageDigest.isEqual(idDigest, sha256(presentedId));
        boolean secret = MessageDigest.isEqual(secretDigest, sha256(presentedSecret));
        return id & secret;
    }

    private static byte[] sha256(String value) {
        return SHA_256.get().digest(value.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "GatewayCredential[" + clientId + "]";
    }
}
