package dev.keyward.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The credential an API gateway presents to the introspection endpoint, kept as digests only
 * (SHA-256, and keyed SipHashes of its canonical Basic header in both spellings), so neither the secret nor its
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
    private final KeyedDigest.CacheKey encodedHeader;
    private final KeyedDigest.CacheKey plainHeader;

    public GatewayCredential(String clientId, String clientSecret) {
        this.clientId = clientId;
        this.idDigest = sha256(clientId);
        this.secretDigest = sha256(clientSecret);
        this.encodedHeader = keyed.of(basic(URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8)));
        this.plainHeader = keyed.of(basic(clientId + ":" + clientSecret));
    }

    private static String basic(String pair) {
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether an {@code Authorization} value is exactly the gateway's Basic credentials, form-encoded as RFC 6749
     * §2.3.1 has OAuth clients write them, or as they are, as RFC 7617 does ({@code curl -u}, a gateway's header
     * set by hand): a secret such as base64 holds {@code +}, which form decoding would read as a space. The common
     * case of every introspection, decided by one keyed SipHash digest of the value's UTF-8 bytes (a pseudorandom
     * function under a key of this process, as the verification cache uses) compared with both, without an early
     * exit. Any other spelling is judged by {@link #matches} after parsing, form-decoded.
     */
    public boolean isCanonicalHeader(String authorization) {
        // UTF-8 gives no two values the same bytes: a character past ASCII never reads as the canonical form.
        // The digest clears its copy of the bytes.
        KeyedDigest.CacheKey presented = keyed.of(authorization);
        long encoded = (presented.high() ^ encodedHeader.high()) | (presented.low() ^ encodedHeader.low());
        long plain = (presented.high() ^ plainHeader.high()) | (presented.low() ^ plainHeader.low());
        return (encoded == 0) | (plain == 0);
    }

    /**
     * Whether an {@code Authorization} value is the gateway's Basic credentials in either spelling, however the
     * header is laid out: the scheme in any case, spaces around the credentials, base64 with or without padding.
     * Laid out otherwise than {@link #isCanonicalHeader canonically}, it is written canonically and compared the
     * same way; what is not Basic with base64 credentials is not the gateway's.
     */
    public boolean isHeader(String authorization) {
        if (isCanonicalHeader(authorization)) {
            return true;
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Basic")) {
            return false;
        }
        byte[] pair;
        try {
            pair = Base64.getDecoder().decode(value.substring(space + 1).strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean is = isCanonicalHeader("Basic " + Base64.getEncoder().encodeToString(pair));
        Arrays.fill(pair, (byte) 0);
        return is;
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
