package dev.keyward;

/**
 * Strict parsing and printing of IP address literals as 128 bits, IPv4 addresses as their
 * IPv4-mapped IPv6 form ({@code ::ffff:a.b.c.d}). Pure text work: no name is ever looked up,
 * which {@code InetAddress.getByName} would do for anything that is not a literal. Accepted:
 * dotted-quad IPv4 (decimal, no leading zeros, each part at most 255) and the IPv6 text forms of
 * RFC 4291 §2.2 (with {@code ::} and an embedded dotted quad), without brackets or zone ids.
 * Stateless and thread-safe.
 */
final class IpLiterals {

    /** The high 32 bits of the low half of an IPv4-mapped IPv6 address. */
    static final long MAPPED = 0xFFFFL << 32;

    /** The longest IPv6 literal: eight groups of four, or six and a dotted quad. */
    private static final int LONGEST = 45;

    private IpLiterals() {
    }

    /** Whether these 128 bits are an IPv4-mapped address, i.e. an IPv4 address. */
    static boolean isIpv4(long high, long low) {
        return high == 0 && (low >>> 32) == 0xFFFFL;
    }

    /**
     * The address written in {@code text[from, to)}, or null when that is not a literal. The result
     * is returned through {@code sink} so no array is allocated for it.
     */
    static <T> T parse(CharSequence text, int from, int to, Sink<T> sink) {
        if (from >= to || to - from > LONGEST) {
            return null;
        }
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == ':') {
                return parseIpv6(text, from, to, sink);
            }
        }
        long v4 = parseIpv4(text, from, to);
        return v4 < 0 ? null : sink.accept(0, MAPPED | v4);
    }

    /** Receives a parsed address. */
    @FunctionalInterface
    interface Sink<T> {
        T accept(long high, long low);
    }

    /** The 32-bit value of a dotted quad in {@code text[from, to)}, or -1. */
    static long parseIpv4(CharSequence text, int from, int to) {
        long value = 0;
        int i = from;
        for (int part = 0; part < 4; part++) {
            int start = i;
            int octet = 0;
            while (i < to && i - start < 3 && isDigit(text.charAt(i))) {
                octet = octet * 10 + (text.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || octet > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return -1;
            }
            value = value << 8 | octet;
            if (part < 3) {
                if (i >= to || text.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
        }
        return i == to ? value : -1;
    }

    /**
     * Parses without allocating: the groups before {@code ::} are shifted into one 128-bit value as
     * they come, the groups after it into another, and the first is moved up past the gap at the end.
     */
    private static <T> T parseIpv6(CharSequence text, int from, int to, Sink<T> sink) {
        long high = 0;
        long low = 0;
        int total = 0;
        long headHigh = 0;
        long headLow = 0;
        int headCount = -1;
        int i = from;
        if (text.charAt(i) == ':') {
            if (i + 1 >= to || text.charAt(i + 1) != ':') {
                return null;
            }
            headCount = 0;
            i += 2;
        }
        while (i < to) {
            int start = i;
            int group = 0;
            int digit;
            while (i < to && i - start < 4 && (digit = hexValue(text.charAt(i))) >= 0) {
                group = group << 4 | digit;
                i++;
            }
            if (i < to && text.charAt(i) == '.') {
                // An embedded dotted quad ends the literal and fills the last two groups.
                long v4 = total > 6 ? -1 : parseIpv4(text, start, to);
                if (v4 < 0) {
                    return null;
                }
                high = high << 32 | low >>> 32;
                low = low << 32 | v4;
                total += 2;
                break;
            }
            if (i == start || total == 8) {
                return null;
            }
            high = high << 16 | low >>> 48;
            low = low << 16 | group;
            total++;
            if (i == to) {
                break;
            }
            if (text.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < to && text.charAt(i) == ':') {
                if (headCount >= 0) {
                    return null;
                }
                headCount = total;
                headHigh = high;
                headLow = low;
                high = 0;
                low = 0;
                i++;
            } else if (i == to) {
                return null;
            }
        }
        if (headCount < 0) {
            return total == 8 ? sink.accept(high, low) : null;
        }
        if (total > 7) {
            return null;
        }
        // The groups before the gap move up to the top: past the gap and the groups after it.
        int shift = 16 * (8 - headCount);
        if (shift < 128) {
            high |= shift >= 64 ? headLow << (shift - 64) : headHigh << shift | headLow >>> (64 - shift);
            low |= shift >= 64 ? 0 : headLow << shift;
        }
        return sink.accept(high, low);
    }

    /**
     * The canonical text of an address: a dotted quad for IPv4 (and IPv4-mapped IPv6), else the
     * RFC 5952 form (lower case, no leading zeros, the longest run of two or more zero groups as
     * {@code ::}).
     */
    static String format(long high, long low) {
        if (isIpv4(high, low)) {
            return ((low >>> 24) & 0xFF) + "." + ((low >>> 16) & 0xFF) + "." + ((low >>> 8) & 0xFF) + "."
                    + (low & 0xFF);
        }
        int[] groups = new int[8];
        for (int g = 0; g < 8; g++) {
            long half = g < 4 ? high : low;
            groups[g] = (int) ((half >>> (16 * (3 - g % 4))) & 0xFFFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int g = 0; g < 8; ) {
            if (groups[g] != 0) {
                g++;
                continue;
            }
            int start = g;
            while (g < 8 && groups[g] == 0) {
                g++;
            }
            if (g - start > bestLength) {
                bestStart = start;
                bestLength = g - start;
            }
        }
        StringBuilder out = new StringBuilder(39);
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                out.append("::");
                g += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[g]));
        }
        return out.toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
