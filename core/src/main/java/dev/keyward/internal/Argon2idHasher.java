package dev.keyward.internal;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import dev.keyward.Argon2Parameters;

/**
 * Hashes secrets with Argon2id (argon2-jvm) into the self-describing
 * {@code $argon2id$v=19$m=…,t=…,p=…$salt$hash} form, verifies them, and tells when a
 * stored hash was made with other parameters and should be replaced.
 *
 * <p>Salts are 16 random bytes, hashes 32 bytes. Immutable and thread-safe.
 */
public final class Argon2idHasher implements SecretHasher {

    private static final int SALT_LENGTH = 16;
    private static final int HASH_LENGTH = 32;
    private static final String HEADER_START = "$argon2id$v=19$m=";
    /** Far above any hash of accepted parameters; stops garbage before it reaches native code. */
    private static final int MAX_ENCODED_LENGTH = 512;

    private final Argon2 argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id, SALT_LENGTH, HASH_LENGTH);
    private final Argon2Parameters parameters;

    /**
     * Creates a hasher that hashes with the given parameters.
     *
     * @throws IllegalArgumentException if the parameters are null
     */
    public Argon2idHasher(Argon2Parameters parameters) {
        if (parameters == null) {
            throw new IllegalArgumentException("Argon2 parameters must not be null");
        }
        this.parameters = parameters;
    }

    /** Returns the parameters new hashes are made with. */
    public Argon2Parameters parameters() {
        return parameters;
    }

    /**
     * Hashes a secret with a fresh random salt.
     *
     * @return the encoded hash, {@code $argon2id$v=19$m=…,t=…,p=…$salt$hash}
     * @throws IllegalArgumentException if the secret is null
     */
    @Override
    public String hash(CharSequence secret) {
        if (secret == null) {
            throw new IllegalArgumentException("Secret to hash must not be null");
        }
        char[] chars = toChars(secret);
        try {
            return argon2.hash(parameters.iterations(), parameters.memoryKiB(), parameters.parallelism(), chars);
        } finally {
            argon2.wipeArray(chars);
        }
    }

    /**
     * Checks a secret against an encoded hash, comparing in constant time. The hash's own
     * parameters are used, so hashes made with older parameters still verify.
     *
     * @return whether the secret matches; false, never an exception, for a null secret or
     *     an encoded hash that is not a well-formed Argon2id v=19 hash
     */
    @Override
    public boolean verify(String encodedHash, CharSequence secret) {
        if (secret == null || EncodedHash.parameters(encodedHash) == null) {
            return false;
        }
        char[] chars = toChars(secret);
        try {
            return argon2.verify(encodedHash, chars);
        } finally {
            argon2.wipeArray(chars);
        }
    }

    /**
     * Tells whether an encoded hash should be replaced by a new one: it was made with
     * other parameters than this hasher's, or it is not a well-formed Argon2id v=19 hash.
     */
    @Override
    public boolean needsRehash(String encodedHash) {
        return !parameters.equals(EncodedHash.parameters(encodedHash));
    }

    @Override
    public String toString() {
        return "Argon2idHasher[m=" + parameters.memoryKiB() + ", t=" + parameters.iterations()
                + ", p=" + parameters.parallelism() + ']';
    }

    private static char[] toChars(CharSequence secret) {
        char[] chars = new char[secret.length()];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = secret.charAt(i);
        }
        return chars;
    }

    /**
     * A strict, single-pass reader of {@code $argon2id$v=19$m=M,t=T,p=P$SALT$HASH}, where
     * M, T and P are decimals without leading zeros and SALT and HASH unpadded base64.
     */
    private static final class EncodedHash {
        private final String text;
        private int position;

        private EncodedHash(String text) {
            this.text = text;
            this.position = HEADER_START.length();
        }

        /** Returns the parameters of a well-formed hash within accepted bounds, else null. */
        static Argon2Parameters parameters(String encoded) {
            if (encoded == null || encoded.length() > MAX_ENCODED_LENGTH || !encoded.startsWith(HEADER_START)) {
                return null;
            }
            return new EncodedHash(encoded).read();
        }

        private Argon2Parameters read() {
            int memory = number();
            int iterations = expect(",t=") ? number() : -1;
            int parallelism = expect(",p=") ? number() : -1;
            boolean rest = expect("$") && base64() && expect("$") && base64() && position == text.length();
            if (!rest || memory < 0 || iterations < 0 || parallelism < 0) {
                return null;
            }
            try {
                return new Argon2Parameters(memory, iterations, parallelism);
            } catch (IllegalArgumentException outsideAcceptedBounds) {
                return null;
            }
        }

        /** Reads a non-negative int without a leading zero; returns -1 if there is none. */
        private int number() {
            int start = position;
            // Ten digits hold any int; an eleventh makes the number too long.
            while (position < text.length() && position - start <= 10 && isDigit(text.charAt(position))) {
                position++;
            }
            int length = position - start;
            if (length == 0 || length > 10 || (length > 1 && text.charAt(start) == '0')) {
                return -1;
            }
            long value = Long.parseLong(text, start, position, 10);
            return value > Integer.MAX_VALUE ? -1 : (int) value;
        }

        private boolean expect(String literal) {
            if (!text.startsWith(literal, position)) {
                return false;
            }
            position += literal.length();
            return true;
        }

        private boolean base64() {
            int start = position;
            while (position < text.length() && isBase64(text.charAt(position))) {
                position++;
            }
            return position > start;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static boolean isBase64(char c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || isDigit(c) || c == '+' || c == '/';
        }
    }
}
