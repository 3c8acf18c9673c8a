package dev.keyward.internal;

import dev.keyward.CredentialPrefixes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Finds credentials pasted where they do not belong — into an id, a name, a path about to be logged — and
 * credentials a character off, which are as secret: a credential's checksum lets anyone restore one with a
 * character changed, one too many or one cut in a few thousand tries, offline. A credential is a prefix
 * ({@code [a-z][a-z0-9]{1,10}}), {@code _}, and a body of 44 base62 characters whose last 6 are the CRC32 of
 * everything before them. Found here, in a text:
 * <ul>
 *   <li>a credential of any prefix, or one whose body is a character off: one changed (to anything, a separator
 *       or an emoji included), one too many, one cut;</li>
 *   <li>one whose {@code _} was changed to another character, or cut;</li>
 *   <li>given the prefixes in use, a body alone, or after a prefix with a character off.</li>
 * </ul>
 * Two characters off, or a body a character off with no prefix, are not found. A candidate is judged by its
 * checksum, so a text that holds none is refused with odds of about one in ten million at worst (a prefix-shaped
 * word, {@code _} and 43 or more letters and digits); an ordinary text costs one scan. A character changed is
 * tried by the linearity of CRC32 (a table says how the checksum moves), so a suspicious text costs tens of
 * microseconds. Stateless and thread-safe.
 */
public final class PastedCredentials {

    private static final int BODY = CredentialCodec.BODY_LENGTH;
    /** The characters of a body the checksum covers: lookup id and random part. */
    private static final int SIGNED = CredentialCodec.LOOKUP_ID_LENGTH + CredentialCodec.SECRET_LENGTH;
    private static final int CHECKSUM = CredentialCodec.CHECKSUM_LENGTH;
    /** The longest message the checksum covers: the longest prefix, its {@code _}, and {@link #SIGNED}. */
    private static final int LONGEST_SIGNED = CredentialPrefixes.MAX_LENGTH + SIGNED;
    /** The most characters {@link #redacted} reads; a longer text is cut there. */
    static final int MAX_REDACTED = 4096;
    private static final String REDACTED = "[redacted]";
    private static final long[] WEIGHTS = new long[CHECKSUM];
    /**
     * {@code SHIFT[k][d]}: how the CRC32 of a message changes when its byte {@code k} places before the end is
     * changed by {@code d} (exclusive or): the CRC register after byte {@code d} and {@code k} zero bytes.
     */
    private static final int[][] SHIFT = new int[LONGEST_SIGNED][256];

    static {
        int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int bit = 0; bit < 8; bit++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ 0xEDB88320 : c >>> 1;
            }
            table[i] = c;
        }
        for (int d = 0; d < 256; d++) {
            int register = table[d];
            for (int k = 0; k < LONGEST_SIGNED; k++) {
                SHIFT[k][d] = register;
                register = table[register & 0xFF] ^ (register >>> 8);
            }
        }
        long weight = 1;
        for (int i = CHECKSUM - 1; i >= 0; i--) {
            WEIGHTS[i] = weight;
            weight *= 62;
        }
    }

    private PastedCredentials() {
    }

    /**
     * Whether the text holds a credential, or one a character off, as the class comment lists; with the
     * prefixes in use, a body alone or after a prefix a character off too.
     */
    public static boolean holds(CharSequence text, List<String> prefixes) {
        return text != null && new Scan(text, text.length(), prefixes, false).run();
    }

    /** As {@link #holds}, knowing no prefix in use. */
    public static boolean holds(CharSequence text) {
        return holds(text, List.of());
    }

    /**
     * The text with the body of every credential, or credential a character off, replaced by
     * {@code [redacted]} (its prefix kept: {@code kwak_[redacted]}), and every run of {@value #SIGNED} or more
     * ASCII letters and digits too (a body without its prefix); past {@value #MAX_REDACTED} characters the text
     * is cut. For text a client sent that is about to be logged: deliberately broad, so a long id may be cut.
     */
    public static String redacted(CharSequence text) {
        int length = Math.min(text.length(), MAX_REDACTED);
        Scan scan = new Scan(text, length, List.of(), true);
        scan.run();
        boolean[] cut = scan.cut;
        int run = 0;
        for (int i = 0; i <= length; i++) {
            if (i < length && isDigit(text.charAt(i))) {
                run++;
                continue;
            }
            if (run >= SIGNED) {
                Arrays.fill(cut, i - run, i, true);
            }
            run = 0;
        }
        StringBuilder out = new StringBuilder(length + 16);
        for (int i = 0; i < length; i++) {
            if (!cut[i]) {
                out.append(text.charAt(i));
            } else if (i == 0 || !cut[i - 1]) {
                out.append(REDACTED);
            }
        }
        if (length < text.length()) {
            out.append("[…").append(text.length() - length).append(" more characters]");
        }
        return out.toString();
    }

    private static boolean isDigit(int c) {
        return c < 128 && CredentialCodec.Base62.VALUES[c] >= 0;
    }

    /** One reading of one text: its characters as bytes, one per code point, and what was found. */
    private static final class Scan {
        private final byte[] bytes;
        /** The index in the text of each byte's character, and the text's length last. */
        private final int[] at;
        /** How many digits the bytes before each index hold. */
        private final int[] digitsBefore;
        private final List<byte[]> prefixes;
        private final boolean everyOne;
        /** The characters of the text found to be a body, when every one is looked for. */
        final boolean[] cut;
        private final CRC32 crc = new CRC32();
        private final byte[] message = new byte[LONGEST_SIGNED];

        Scan(CharSequence text, int length, List<String> prefixes, boolean everyOne) {
            byte[] read = new byte[length];
            int[] where = new int[length + 1];
            int n = 0;
            for (int i = 0; i < length; n++) {
                int codePoint = Character.codePointAt(text, i);
                int count = i + Character.charCount(codePoint) > length ? 1 : Character.charCount(codePoint);
                read[n] = (byte) (codePoint < 128 ? codePoint : '?');
                where[n] = i;
                i += count;
            }
            where[n] = length;
            this.bytes = Arrays.copyOf(read, n);
            this.at = Arrays.copyOf(where, n + 1);
            this.digitsBefore = new int[n + 1];
            for (int i = 0; i < n; i++) {
                digitsBefore[i + 1] = digitsBefore[i] + (isDigit(bytes[i]) ? 1 : 0);
            }
            this.prefixes = prefixes.stream().map(p -> p.getBytes(StandardCharsets.US_ASCII)).toList();
            this.everyOne = everyOne;
            this.cut = everyOne ? new boolean[length] : null;
        }

        /** Looks through the text; true once one is found, unless every one is looked for. */
        boolean run() {
            boolean found = false;
            for (int u = 0; u < bytes.length && (everyOne || !found); u++) {
                found |= afterSeparator(u) | withoutSeparator(u) | afterKnownPrefix(u);
            }
            return found;
        }

        private int digits(int from, int to) {
            return digitsBefore[Math.min(to, bytes.length)] - digitsBefore[Math.min(from, bytes.length)];
        }

        private boolean allDigits(int from, int length) {
            return from + length <= bytes.length && digits(from, from + length) == length;
        }

        private boolean found(int from, int to) {
            if (everyOne) {
                Arrays.fill(cut, at[from], at[Math.min(to, bytes.length)], true);
            }
            return true;
        }

        /** Prefix starts {@code s} before {@code end}: {@code bytes[s, end)} a lower-case letter, then letters or digits. */
        private boolean isPrefix(int start, int end) {
            if (bytes[start] < 'a' || bytes[start] > 'z') {
                return false;
            }
            for (int i = start + 1; i < end; i++) {
                byte b = bytes[i];
                if (!(b >= 'a' && b <= 'z') && !(b >= '0' && b <= '9')) {
                    return false;
                }
            }
            return true;
        }

        /**
         * A prefix ending at {@code u}, the separator there, and a body after it: with {@code _} a body a
         * character off; with another character in its place (a changed {@code _}), the body as it is.
         */
        private boolean afterSeparator(int u) {
            boolean underscore = bytes[u] == '_';
            if (underscore ? digits(u + 1, u + 2 + BODY) < BODY - 1 : !allDigits(u + 1, BODY)) {
                return false;
            }
            boolean found = false;
            for (int s = Math.max(0, u - CredentialPrefixes.MAX_LENGTH + 1); s <= u - 2; s++) {
                if (isPrefix(s, u)) {
                    int body = underscore ? nearBody(s, u) : exact(s, u, u + 1) ? BODY : -1;
                    if (body >= 0) {
                        found = found(u + 1, u + 1 + body);
                        if (!everyOne) {
                            return true;
                        }
                    }
                }
            }
            return found;
        }

        /** A prefix, its {@code _} cut, and the body at {@code u}, as it is. */
        private boolean withoutSeparator(int u) {
            if (u < 2 || !allDigits(u, BODY)) {
                return false;
            }
            for (int s = Math.max(0, u - CredentialPrefixes.MAX_LENGTH + 1); s <= u - 2; s++) {
                if (isPrefix(s, u) && exact(s, u, u)) {
                    return found(u, u + BODY);
                }
            }
            return false;
        }

        /** With the prefixes in use, a body at {@code u} as it is, whatever comes before it. */
        private boolean afterKnownPrefix(int u) {
            if (prefixes.isEmpty() || !allDigits(u, BODY)) {
                return false;
            }
            for (byte[] prefix : prefixes) {
                int p = prefix.length;
                System.arraycopy(prefix, 0, message, 0, p);
                System.arraycopy(bytes, u, message, p, SIGNED);
                if (checksum(u + SIGNED, -1, 0) == crc(p + SIGNED)) {
                    return found(u, u + BODY);
                }
            }
            return false;
        }

        /** The message: the prefix {@code bytes[s, end)} and {@code _}; returns where the body goes in it. */
        private int prefix(int s, int end) {
            int p = end - s;
            System.arraycopy(bytes, s, message, 0, p);
            message[p] = '_';
            return p + 1;
        }

        /** Whether the prefix {@code bytes[s, end)}, {@code _} and the body at {@code body} make a credential. */
        private boolean exact(int s, int end, int body) {
            int p = prefix(s, end);
            System.arraycopy(bytes, body, message, p, SIGNED);
            return checksum(body + SIGNED, -1, 0) == crc(p + SIGNED);
        }

        private long crc(int length) {
            crc.reset();
            crc.update(message, 0, length);
            return crc.getValue();
        }

        /**
         * The value of the six checksum characters at {@code from}, the one at {@code skip} (relative, or -1)
         * taken as the digit {@code value} instead; -1 if a character is not a digit.
         */
        private long checksum(int from, int skip, int value) {
            return checksum(bytes, from, skip, value);
        }

        /** As {@link #checksum(int, int, int)}, of the characters of {@code source} at {@code from}. */
        private static long checksum(byte[] source, int from, int skip, int value) {
            long sum = 0;
            for (int i = 0; i < CHECKSUM; i++) {
                int digit = i == skip ? value : CredentialCodec.Base62.VALUES[source[from + i] & 0xFF];
                if (digit < 0) {
                    return -1;
                }
                sum += digit * WEIGHTS[i];
            }
            return sum;
        }

        /** Whether {@code target - partial} is a digit's worth at the weight of place {@code place}. */
        private static boolean digitFits(long target, long partial, int place) {
            long rest = target - partial;
            return rest >= 0 && rest % WEIGHTS[place] == 0 && rest / WEIGHTS[place] < 62;
        }

        /**
         * How many bytes after {@code _} at {@code u} make a credential with the prefix {@code bytes[s, u)}, as
         * they are or a character off: {@value #BODY} (as they are, or one changed), one more (one too many), one
         * fewer (one cut); -1 if none.
         */
        private int nearBody(int s, int u) {
            int b = u + 1;
            int available = bytes.length - b;
            int p = prefix(s, u);
            int n = p + SIGNED;
            if (available >= BODY && digits(b, b + BODY) >= BODY - 1 && changedOne(b, p, n)) {
                return BODY;
            }
            if (available >= BODY + 1 && digits(b, b + BODY + 1) >= BODY && oneTooMany(b, p, n)) {
                return BODY + 1;
            }
            if (available >= BODY - 1 && allDigits(b, BODY - 1) && oneCut(b, p, n)) {
                return BODY - 1;
            }
            return -1;
        }

        /** The body at {@code b} as it is, or with one character changed to a digit (the only one that is not, if any). */
        private boolean changedOne(int b, int p, int n) {
            int foreign = -1;
            for (int i = 0; i < BODY; i++) {
                if (!isDigit(bytes[b + i])) {
                    foreign = i;
                }
            }
            System.arraycopy(bytes, b, message, p, SIGNED);
            long crcNow = crc(n);
            int from = foreign >= 0 ? foreign : 0;
            int to = foreign >= 0 ? foreign + 1 : BODY;
            long target = checksum(b + SIGNED, -1, 0);
            if (foreign < 0 && target == crcNow) {
                return true;
            }
            for (int i = from; i < to; i++) {
                if (i < SIGNED) {
                    int shift = n - 1 - (p + i);
                    int old = bytes[b + i] & 0xFF;
                    for (int d = 0; d < 62 && target >= 0; d++) {
                        int digit = CredentialCodec.Base62.digit(d) & 0xFF;
                        if (digit != old && (crcNow ^ (SHIFT[shift][old ^ digit] & 0xFFFFFFFFL)) == target) {
                            return true;
                        }
                    }
                } else if (digitFits(crcNow, checksum(b + SIGNED, i - SIGNED, 0), i - SIGNED)) {
                    return true;
                }
            }
            return false;
        }

        /** The body at {@code b} with one of its {@value #BODY} + 1 characters taken out (the one that is not a digit, if any). */
        private boolean oneTooMany(int b, int p, int n) {
            int foreign = -1;
            for (int i = 0; i <= BODY; i++) {
                if (!isDigit(bytes[b + i])) {
                    foreign = i;
                }
            }
            byte[] body = new byte[BODY];
            for (int out = foreign >= 0 ? foreign : 0; out <= (foreign >= 0 ? foreign : BODY); out++) {
                System.arraycopy(bytes, b, body, 0, out);
                System.arraycopy(bytes, b + out + 1, body, out, BODY - out);
                System.arraycopy(body, 0, message, p, SIGNED);
                if (checksum(body, SIGNED, -1, 0) == crc(n)) {
                    return true;
                }
            }
            return false;
        }

        /** The {@value #BODY} - 1 characters at {@code b}, all digits, with a digit put in at one place. */
        private boolean oneCut(int b, int p, int n) {
            long wholeCrc = -1;
            for (int in = 0; in < BODY; in++) {
                if (in < SIGNED) {
                    // The body is bytes[b, b+in), the digit, bytes[b+in, ...): its checksum is bytes[b+SIGNED-1, ...).
                    System.arraycopy(bytes, b, message, p, in);
                    message[p + in] = 0;
                    System.arraycopy(bytes, b + in, message, p + in + 1, SIGNED - in - 1);
                    long crcNow = crc(n);
                    long target = checksum(b + SIGNED - 1, -1, 0);
                    int shift = n - 1 - (p + in);
                    for (int d = 0; d < 62; d++) {
                        int digit = CredentialCodec.Base62.digit(d) & 0xFF;
                        if ((crcNow ^ (SHIFT[shift][digit] & 0xFFFFFFFFL)) == target) {
                            return true;
                        }
                    }
                } else {
                    // The signed part is whole, the same for each place the digit goes into the checksum at.
                    if (wholeCrc < 0) {
                        System.arraycopy(bytes, b, message, p, SIGNED);
                        wholeCrc = crc(n);
                    }
                    int place = in - SIGNED;
                    long partial = 0;
                    for (int i = 0, from = b + SIGNED; i < CHECKSUM; i++) {
                        if (i != place) {
                            partial += CredentialCodec.Base62.VALUES[bytes[from++]] * WEIGHTS[i];
                        }
                    }
                    if (digitFits(wholeCrc, partial, place)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
