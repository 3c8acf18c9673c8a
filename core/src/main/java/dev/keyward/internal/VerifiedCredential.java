package dev.keyward.internal;

import dev.keyward.AuthenticationResult.Granted;
import dev.keyward.ClientAddress;
import dev.keyward.IpAllowlist;
import dev.keyward.Principal;

/**
 * A credential found valid, as the verification cache remembers it: never the credential,
 * only what it grants and what is needed to check it again without Argon2. Immutable but for when the
 * cache's eviction policy last heard of its use, a hint that races harmlessly (its
 * {@link CachedConnection} is shared and thread-safe).
 *
 * <p>One of these is a cache entry's value, so it is kept small (72 bytes with compressed
 * references): what belongs to the connection — grant, principal, connection lookup id, usage,
 * allowed addresses, whether what is remembered of it is still trusted —
 * lives in the {@link CachedConnection} that every credential of the connection shares; a
 * bearer token's own lookup id, twelve base62 characters, is packed into a {@code long} and 12
 * bits, and the kind and flags into the same {@code int}. What a credential needs of its own
 * belongs here; what is the same for all of a connection's credentials belongs there.
 */
public final class VerifiedCredential implements Verdict {

    /** The issue time of a credential whose issue is not recorded. */
    public static final long UNKNOWN_ISSUE = Long.MIN_VALUE;

    private static final CredentialKind[] KINDS = CredentialKind.values();
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int HIGH_CHARS = 10;
    private static final int LOW_BITS = 12;
    private static final int LOW_MASK = (1 << LOW_BITS) - 1;
    private static final int KIND_SHIFT = LOW_BITS;
    private static final int ENDS_BY_EXPIRY = 1 << (KIND_SHIFT + 2);
    private static final int OWN_LOOKUP_ID = ENDS_BY_EXPIRY << 1;
    /** Made by a re-read of the store over an earlier one: no newcomer to the cache. */
    private static final int CONFIRMED = OWN_LOOKUP_ID << 1;

    private final CachedConnection connection;
    /** A token's lookup id: its first ten base62 digits as a number; 0 for a connection secret. */
    private final long lookupHigh;
    /** The last two base62 digits of a token's lookup id (12 bits), then the kind, then the flags. */
    private final int packed;
    private final long secretVersion;
    private final long expiresAtMillis;
    private final long checkedAtMillis;
    private final long issuedAtMillis;
    /** Its connection's {@link CachedConnection#trust()} when it was made or confirmed. */
    private final int trust;
    /** When the cache's eviction policy last heard of a use of it ({@link VerificationCache#get(CacheKey, long)}). */
    private long useNotedAtMillis;

    /**
     * @param connection      what the credential shares with the other credentials of its connection
     * @param kind            the kind of credential
     * @param lookupId        the lookup id the credential embeds: the connection's for a secret, its own for a
     *                        token (twelve base62 characters, as every issued lookup id)
     * @param secretVersion   for a connection secret, the version of the secret it matched; 0 for a token
     * @param expiresAtMillis when it stops being valid whatever the store says (its or its token's expiry,
     *                        the end of a grace period), or {@link Long#MAX_VALUE}
     * @param endsByExpiry    whether it stops then because it expires, rather than because a grace period ends
     * @param checkedAtMillis when the store last confirmed it
     * @param issuedAtMillis  when a bearer token was issued; {@link #UNKNOWN_ISSUE} for a connection secret,
     *                        whose issue the store does not record apart from other changes
     * @throws IllegalArgumentException if a token's lookup id is not twelve base62 characters
     */
    public VerifiedCredential(CachedConnection connection, CredentialKind kind, String lookupId, long secretVersion,
            long expiresAtMillis, boolean endsByExpiry, long checkedAtMillis, long issuedAtMillis) {
        this.connection = connection;
        this.trust = connection.trust();
        this.issuedAtMillis = issuedAtMillis;
        this.secretVersion = secretVersion;
        this.expiresAtMillis = expiresAtMillis;
        this.checkedAtMillis = checkedAtMillis;
        int bits = kind.ordinal() << KIND_SHIFT | (endsByExpiry ? ENDS_BY_EXPIRY : 0);
        if (lookupId.equals(connection.lookupId())) {
            this.lookupHigh = 0;
        } else {
            boolean twelve = lookupId.length() == CredentialCodec.LOOKUP_ID_LENGTH;
            long high = twelve ? digits(lookupId, 0, HIGH_CHARS) : -1;
            long low = twelve ? digits(lookupId, HIGH_CHARS, CredentialCodec.LOOKUP_ID_LENGTH) : -1;
            if (high < 0 || low < 0) {
                throw new IllegalArgumentException("a lookup id is " + CredentialCodec.LOOKUP_ID_LENGTH
                        + " base62 characters");
            }
            this.lookupHigh = high;
            bits |= (int) low | OWN_LOOKUP_ID;
        }
        this.packed = bits;
    }

    private VerifiedCredential(VerifiedCredential of, long expiresAtMillis, boolean endsByExpiry,
            long checkedAtMillis) {
        this.connection = of.connection;
        this.trust = connection.trust();
        this.lookupHigh = of.lookupHigh;
        this.packed = (endsByExpiry ? of.packed | ENDS_BY_EXPIRY : of.packed & ~ENDS_BY_EXPIRY) | CONFIRMED;
        this.useNotedAtMillis = of.useNotedAtMillis;
        this.secretVersion = of.secretVersion;
        this.expiresAtMillis = expiresAtMillis;
        this.checkedAtMillis = checkedAtMillis;
        this.issuedAtMillis = of.issuedAtMillis;
    }

    /** The grant, built once per connection so a cache hit allocates none. */
    public Granted granted() {
        return connection.granted();
    }

    /** Who the credential acts for. */
    public Principal principal() {
        return connection.principal();
    }

    /** What the credential shares with the other credentials of its connection. */
    public CachedConnection connection() {
        return connection;
    }

    /** The kind of credential. */
    public CredentialKind kind() {
        return KINDS[(packed >>> KIND_SHIFT) & 3];
    }

    /** The lookup id the credential embeds; made afresh for a token, so the warm path uses {@link #hasLookupId}. */
    public String lookupId() {
        if ((packed & OWN_LOOKUP_ID) == 0) {
            return connection.lookupId();
        }
        char[] chars = new char[CredentialCodec.LOOKUP_ID_LENGTH];
        long high = lookupHigh;
        for (int i = HIGH_CHARS - 1; i >= 0; i--) {
            chars[i] = BASE62.charAt((int) (high % 62));
            high /= 62;
        }
        int low = packed & LOW_MASK;
        chars[HIGH_CHARS] = BASE62.charAt(low / 62);
        chars[HIGH_CHARS + 1] = BASE62.charAt(low % 62);
        return new String(chars);
    }

    /** Whether the credential embeds this lookup id; allocates nothing. */
    public boolean hasLookupId(String lookupId) {
        if ((packed & OWN_LOOKUP_ID) == 0) {
            return connection.lookupId().equals(lookupId);
        }
        return lookupId.length() == CredentialCodec.LOOKUP_ID_LENGTH && digits(lookupId, 0, HIGH_CHARS) == lookupHigh
                && digits(lookupId, HIGH_CHARS, CredentialCodec.LOOKUP_ID_LENGTH) == (packed & LOW_MASK);
    }

    /** The lookup id of the connection it belongs to, by which revocation finds it. */
    public String connectionLookupId() {
        return connection.lookupId();
    }

    /** For a connection secret, the version of the secret it matched; 0 for a token. */
    public long secretVersion() {
        return secretVersion;
    }

    /** When it stops being valid whatever the store says, or {@link Long#MAX_VALUE}. */
    public long expiresAtMillis() {
        return expiresAtMillis;
    }

    /** Whether it stops then because it expires, rather than because a grace period ends. */
    public boolean endsByExpiry() {
        return (packed & ENDS_BY_EXPIRY) != 0;
    }

    /** When the store last confirmed it. */
    public long checkedAtMillis() {
        return checkedAtMillis;
    }

    /** When a bearer token was issued; {@link #UNKNOWN_ISSUE} for a connection secret. */
    public long issuedAtMillis() {
        return issuedAtMillis;
    }

    /** The addresses its connection admits, as the store last said. */
    public IpAllowlist allowedIps() {
        return connection.allowedIps();
    }

    /** Whether its connection admits a request from this address (null: unknown). */
    public boolean admits(ClientAddress address) {
        return connection.allowedIps().permits(address);
    }

    /**
     * Whether the cache's eviction policy should hear of a use at {@code nowMillis}: every use in the first
     * {@code intervalMillis} after the store was read for a newcomer to the cache, while the policy is still
     * judging whether to keep it, and then once {@code intervalMillis} have passed since it last did; a
     * credential confirmed by a re-read is no newcomer, and keeps the time of its last noted use. A plain
     * field: two threads racing both answer true at worst, and the policy hears of one use more; so does a
     * clock set back.
     */
    boolean useToNote(long nowMillis, long intervalMillis) {
        if ((packed & CONFIRMED) == 0 && nowMillis - checkedAtMillis < intervalMillis) {
            return true;
        }
        long noted = useNotedAtMillis;
        if (noted != 0 && nowMillis - noted < intervalMillis && nowMillis >= noted) {
            return false;
        }
        useNotedAtMillis = nowMillis == 0 ? 1 : nowMillis;
        return true;
    }

    /** Whether it has expired at this instant. */
    public boolean expiredAt(long nowMillis) {
        return nowMillis >= expiresAtMillis;
    }

    /** Why it is no longer valid once {@link #expiredAt} says so, for the audit trail only. */
    Verdict.Invalid invalidated() {
        Principal p = principal();
        return new Verdict.Invalid(p.organizationId(), p.connectionId(), p.authenticationType(), endsByExpiry());
    }

    /**
     * Whether its connection has trusted what is remembered of it since it was made or confirmed: false once
     * a revocation of the connection, or too many of its tokens revoked at once, made it stop.
     */
    boolean trustedByConnection() {
        return trust == connection.trust();
    }

    /**
     * The same, confirmed at {@code nowMillis} by a read of the store that began at {@code readNanos}, with
     * this principal, validity and allowed addresses.
     */
    VerifiedCredential confirmed(Principal principal, long expiresAt, boolean byExpiry, long nowMillis,
            IpAllowlist allowedIps, long readNanos) {
        connection.update(principal, allowedIps, readNanos);
        return new VerifiedCredential(this, expiresAt, byExpiry, nowMillis);
    }

    /** The base62 number of these characters, or -1 if one is not a base62 digit. */
    private static long digits(String value, int from, int to) {
        long number = 0;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'Z' ? c - 'A' + 10
                    : c >= 'a' && c <= 'z' ? c - 'a' + 36 : -1;
            if (digit < 0) {
                return -1;
            }
            number = number * 62 + digit;
        }
        return number;
    }

    @Override
    public String toString() {
        return "VerifiedCredential[" + kind() + ", " + connection + "]";
    }
}
