package dev.keyward.internal;

import dev.keyward.CredentialPrefixes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Generates credentials and recognises well-formed ones before any store read or hash.
 *
 * <p>A credential is {@code prefix + lookupId + secret + checksum}: a configured prefix per
 * {@link CredentialKind} (so secret scanners can find leaked credentials), 12 base62
 * characters of non-secret lookup id, 26 base62 characters (over 154 bits) from the
 * injected {@link SecureRandom}, and the CRC32 of everything before it as 6 base62
 * characters (so a mistyped credential is refused cheaply).
 *
 * <p>Immutable and thread-safe, provided the {@code SecureRandom} is (the JDK's are).
 */
public final class CredentialCodec {

    /** Length of the lookup id, in base62 characters. */
    public static final int LOOKUP_ID_LENGTH = 12;
    /** Upper bound on the length of any credential. */
    public static final int MAX_LENGTH = 64;

    /** Length of the random part, in base62 characters. */
    public static final int SECRET_LENGTH = 26;
    /** Length of the checksum, in base62 characters. */
    public static final int CHECKSUM_LENGTH = 6;
    /** Length of everything after the prefix. */
    public static final int BODY_LENGTH = LOOKUP_ID_LENGTH + SECRET_LENGTH + CHECKSUM_LENGTH;
    private static final char ELLIPSIS = '\u2026';
    private static final int HINT_SUFFIX_LENGTH = 4;
    /** Digits' worth of random bits drawn beyond those needed, for the values rejection sampling drops. */
    private static final int SPARE_DIGITS = 4;

    private final CredentialKind[] kinds;
    private final String[] prefixes;
    private final String clientIdPrefix;
    private final SecureRandom random;

    /**
     * Creates a codec for these prefixes, which {@link CredentialPrefixes} has validated:
     * well-shaped and none beginning another, so parsing is unambiguous.
     */
    public CredentialCodec(CredentialPrefixes prefixes, SecureRandom random) {
        Objects.requireNonNull(prefixes, "prefixes");
        this.random = Objects.requireNonNull(random, "random");
        this.kinds = CredentialKind.values();
        this.prefixes = new String[kinds.length];
        this.prefixes[CredentialKind.ACCESS_KEY.ordinal()] = prefixes.accessKey();
        this.prefixes[CredentialKind.CLIENT_SECRET.ordinal()] = prefixes.clientSecret();
        this.prefixes[CredentialKind.BEARER_TOKEN.ordinal()] = prefixes.bearerToken();
        this.clientIdPrefix = prefixes.clientId();
    }

    /** The OAuth client id of the connection whose secrets embed this lookup id: its prefix and the lookup id. */
    public String clientId(String lookupId) {
        return clientIdPrefix + lookupId;
    }

    /** Whether this client id names the connection of this (client secret) credential; no store read needed. */
    public boolean isClientIdOf(String clientId, ParsedCredential secret) {
        return secret.kind() == CredentialKind.CLIENT_SECRET
                && clientId.length() == clientIdPrefix.length() + LOOKUP_ID_LENGTH
                && clientId.startsWith(clientIdPrefix) && clientId.endsWith(secret.lookupId());
    }

    /** Returns the prefix configured for a kind. */
    public String prefix(CredentialKind kind) {
        return prefixes[requireKind(kind).ordinal()];
    }

    /** Returns a new random lookup id of 12 base62 characters. */
    public String newLookupId() {
        byte[] out = new byte[LOOKUP_ID_LENGTH];
        fillRandom(out, 0, LOOKUP_ID_LENGTH);
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /**
     * Generates a new credential of a kind, with a new random lookup id of its own (a bearer token's), drawn
     * with its secret (in one call to the random source, two for about one in a hundred);
     * {@link #lookupIdOf} reads the lookup id back.
     *
     * @throws IllegalArgumentException if the kind is null
     */
    public String issueWithNewLookupId(CredentialKind kind) {
        return generate(prefix(kind), null);
    }

    /** The lookup id of a credential this codec generated. */
    public String lookupIdOf(CredentialKind kind, String credential) {
        int start = prefix(kind).length();
        return credential.substring(start, start + LOOKUP_ID_LENGTH);
    }

    /**
     * Generates a new credential of a kind that carries a lookup id.
     *
     * @throws IllegalArgumentException if the kind is null or the lookup id is not 12 base62 characters
     */
    public String issue(CredentialKind kind, String lookupId) {
        String prefix = prefix(kind);
        byte[] lookupBytes = lookupId == null ? null : ascii(lookupId);
        if (lookupBytes == null || lookupBytes.length != LOOKUP_ID_LENGTH
                || !Base62.allDigits(lookupBytes, 0, LOOKUP_ID_LENGTH)) {
            throw new IllegalArgumentException("Lookup id must be " + LOOKUP_ID_LENGTH + " base62 characters");
        }
        return generate(prefix, lookupId);
    }

    /**
     * A new credential: the prefix, the lookup id when one is given, random base62 digits up to the
     * checksum, and the checksum. The bytes it is built in are cleared once the string is made.
     */
    private String generate(String prefix, String lookupId) {
        byte[] out = new byte[prefix.length() + BODY_LENGTH];
        int at = put(prefix, out, 0);
        if (lookupId != null) {
            at = put(lookupId, out, at);
        }
        int checksumStart = out.length - CHECKSUM_LENGTH;
        fillRandom(out, at, checksumStart);
        Base62.putFixed(out, checksumStart, crc(out, checksumStart), CHECKSUM_LENGTH);
        String credential = new String(out, StandardCharsets.ISO_8859_1);
        Arrays.fill(out, (byte) 0);
        return credential;
    }

    /** Puts the characters of an ASCII value at {@code at}; returns where they end. */
    private static int put(String value, byte[] out, int at) {
        for (int i = 0; i < value.length(); i++) {
            out[at + i] = (byte) value.charAt(i);
        }
        return at + value.length();
    }

    /**
     * Recognises a credential of one of the configured kinds. Never throws (for a value not
     * changed during the call); checks the length, then the prefix, then the characters,
     * then the checksum, so that most malformed values cost a few comparisons.
     *
     * @return the parsed credential, or {@code null} if the value is not a well-formed one
     */
    public ParsedCredential parse(CharSequence value) {
        if (value == null || value.length() > MAX_LENGTH) {
            return null;
        }
        String text = value.toString();
        int index = kindIndex(text);
        if (index < 0) {
            return null;
        }
        byte[] bytes = ascii(text);
        int bodyStart = prefixes[index].length();
        int checksumStart = bodyStart + LOOKUP_ID_LENGTH + SECRET_LENGTH;
        boolean wellFormed = bytes.length == text.length() && Base62.allDigits(bytes, bodyStart, bytes.length)
                && Base62.decode(bytes, checksumStart, CHECKSUM_LENGTH) == crc(bytes, checksumStart);
        // A copy of a presented secret: cleared, as every buffer that held one.
        Arrays.fill(bytes, (byte) 0);
        if (!wellFormed) {
            return null;
        }
        return new ParsedCredential(kinds[index], text.substring(bodyStart, bodyStart + LOOKUP_ID_LENGTH), text);
    }

    /**
     * Whether a value has the shape of a credential of any prefix, checksum included, whatever
     * prefixes this codec was configured with: so a key pasted where an id belongs is recognised
     * even by code that knows no configuration. A random string passes with odds of one in 5.7e10.
     */
    public static boolean looksLikeCredential(CharSequence value) {
        if (value == null || value.length() <= BODY_LENGTH || value.length() > MAX_LENGTH) {
            return false;
        }
        int bodyStart = value.length() - BODY_LENGTH;
        int checksumStart = bodyStart + LOOKUP_ID_LENGTH + SECRET_LENGTH;
        byte[] bytes = ascii(value);
        boolean looksLike = bytes.length == value.length()
                && CredentialPrefixes.isWellShaped(value.subSequence(0, bodyStart))
                && Base62.allDigits(bytes, bodyStart, bytes.length)
                && Base62.decode(bytes, checksumStart, CHECKSUM_LENGTH) == crc(bytes, checksumStart);
        Arrays.fill(bytes, (byte) 0);
        return looksLike;
    }

    /**
     * Returns the non-secret display form of a credential: its prefix, an ellipsis and its
     * last 4 characters, for example {@code kwak_…x9Q2}. Those are checksum characters, so
     * the hint tells at most 24 bits about the secret's 154.
     *
     * @throws IllegalArgumentException if the value has no prefix or is too short
     */
    public static String hint(String credential) {
        String hint = hintOrNull(credential);
        if (hint == null) {
            // The value is not echoed: it may be a secret that merely lacks its prefix.
            throw new IllegalArgumentException("Not a credential: a hint needs a prefix and 4 more characters");
        }
        return hint;
    }

    private static String hintOrNull(String credential) {
        int prefixEnd = credential == null ? -1 : credential.indexOf('_') + 1;
        if (prefixEnd < 2 || credential.length() - prefixEnd < HINT_SUFFIX_LENGTH) {
            return null;
        }
        return credential.substring(0, prefixEnd) + ELLIPSIS
                + credential.substring(credential.length() - HINT_SUFFIX_LENGTH);
    }

    private int kindIndex(String value) {
        for (int i = 0; i < prefixes.length; i++) {
            String prefix = prefixes[i];
            if (value.length() == prefix.length() + BODY_LENGTH && value.startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Reads the random bytes as a string of bits, six at a time, and drops the values 62 and 63: rejection
     * sampling keeps every base62 character equally likely, where a modulo would favour the first two. One
     * draw holds four digits' worth more than needed, so about one bearer token in a hundred needs a second
     * (one secret in 450, one lookup id in 10,000); every bit drawn is used once at most, and nothing is
     * drawn for a later credential. Six bits a digit need 32 bytes for a bearer token where a byte a digit
     * needed 47: the default generator's cost grows with the bytes drawn.
     */
    private void fillRandom(byte[] out, int from, int to) {
        byte[] bytes = new byte[((to - from + SPARE_DIGITS) * 6 + 7) / 8];
        int at = from;
        while (at < to) {
            random.nextBytes(bytes);
            int bits = 0;
            int held = 0;
            for (int i = 0; i < bytes.length && at < to; i++) {
                bits = (bits << 8 | bytes[i] & 0xFF) & 0x3FFF;
                held += 8;
                while (held >= 6 && at < to) {
                    held -= 6;
                    int sixBits = bits >>> held & 0x3F;
                    if (sixBits < Base62.RADIX) {
                        out[at++] = Base62.digit(sixBits);
                    }
                }
            }
        }
        Arrays.fill(bytes, (byte) 0);
    }

    /**
     * The characters as bytes, one each: a character past {@code U+00FF} becomes {@code '?'} (a surrogate
     * pair one {@code '?'} for both, so fewer bytes than characters), which no prefix, digit or checksum
     * holds, so a value with one is refused as it would be character by character.
     */
    private static byte[] ascii(CharSequence value) {
        return value.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** CRC32 (the IEEE polynomial) of the first {@code end} bytes, by the JDK's intrinsic {@link CRC32}. */
    static long crc(byte[] bytes, int end) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, end);
        return crc.getValue();
    }

    private static CredentialKind requireKind(CredentialKind kind) {
        if (kind == null) {
            throw new IllegalArgumentException("Credential kind must not be null");
        }
        return kind;
    }

    /** Base62 digits {@code 0-9A-Za-z}, so zero-padding is with {@code '0'}. */
    static final class Base62 {
        static final int RADIX = 62;
        private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        /** The value of each byte as a digit, or -1. */
        static final byte[] VALUES = new byte[256];

        static {
            Arrays.fill(VALUES, (byte) -1);
            for (int i = 0; i < RADIX; i++) {
                VALUES[DIGITS.charAt(i)] = (byte) i;
            }
        }

        private Base62() {
        }

        static byte digit(int value) {
            return (byte) DIGITS.charAt(value);
        }

        /** Whether every byte in the range is a digit; no branch per byte. */
        static boolean allDigits(byte[] bytes, int from, int to) {
            int invalid = 0;
            for (int i = from; i < to; i++) {
                // Negative for every byte that is not a digit, those past ASCII included.
                invalid |= VALUES[bytes[i] & 0xFF];
            }
            return invalid >= 0;
        }

        /** Puts exactly {@code width} digits at {@code start}, left-padded with '0'; the value must fit. */
        static void putFixed(byte[] out, int start, long value, int width) {
            long rest = value;
            for (int i = width - 1; i >= 0; i--) {
                out[start + i] = digit((int) (rest % RADIX));
                rest /= RADIX;
            }
        }

        /** Decodes {@code width} digits already known to be base62. */
        static long decode(byte[] bytes, int from, int width) {
            long result = 0;
            for (int i = from; i < from + width; i++) {
                result = result * RADIX + VALUES[bytes[i]];
            }
            return result;
        }
    }

    /**
     * A well-formed credential: its kind, its lookup id and the full value. Only the kind,
     * the lookup id and the {@linkplain #hint() hint} appear in {@link #toString()}.
     *
     * <p>Immutable and thread-safe.
     */
    public record ParsedCredential(CredentialKind kind, String lookupId, String value) {

        /** @throws NullPointerException if a component is null */
        public ParsedCredential {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(lookupId, "lookupId");
            Objects.requireNonNull(value, "value");
        }

        /** Returns the non-secret display form, as {@link CredentialCodec#hint(String)}. */
        public String hint() {
            return CredentialCodec.hint(value);
        }

        @Override
        public String toString() {
            // Never throws, even for a value this codec did not parse.
            String hint = hintOrNull(value);
            return "ParsedCredential[kind=" + kind + ", lookupId=" + lookupId
                    + ", hint=" + (hint == null ? String.valueOf(ELLIPSIS) : hint) + ']';
        }
    }
}
