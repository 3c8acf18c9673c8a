package dev.keyward;

/**
 * One IPv4 or IPv6 CIDR range, such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}. A bare
 * address is the range of that address alone ({@code /32} or {@code /128}). IPv4 ranges are kept
 * as their IPv4-mapped IPv6 ranges, so they contain IPv4-mapped IPv6 addresses too, and an
 * IPv4-mapped IPv6 range of prefix 96 or longer is the IPv4 range it denotes
 * ({@code ::ffff:10.0.0.0/104} is {@code 10.0.0.0/8}). Consequently {@code ::/0} contains every
 * address, IPv4 ones included.
 *
 * <p>Parsing is strict: a dotted quad with leading zeros ({@code 010.0.0.1}, which some parsers
 * read as octal), a prefix out of range, a prefix with a sign or leading zeros, a zone id, or a
 * host name is refused, never looked up. A range whose address has bits set past its prefix
 * ({@code 10.0.0.1/24}) is refused rather than silently widened or narrowed: the message names
 * the network it would have been, so the writer chooses. Surrounding whitespace is ignored.
 * Immutable and thread-safe; {@code toString()} is the canonical text.
 */
public final class CidrRange implements Comparable<CidrRange> {

    private static final int LONGEST_TEXT = 64;

    private final long high;
    private final long low;
    private final int prefixLength;
    private final long maskHigh;
    private final long maskLow;

    private CidrRange(long high, long low, int prefixLength) {
        this.high = high;
        this.low = low;
        this.prefixLength = prefixLength;
        this.maskHigh = prefixLength == 0 ? 0 : prefixLength >= 64 ? -1L : -1L << (64 - prefixLength);
        this.maskLow = prefixLength <= 64 ? 0 : prefixLength == 128 ? -1L : -1L << (128 - prefixLength);
    }

    /**
     * The range this text denotes.
     *
     * @throws KeywardException {@code INVALID_INPUT} if it is not a valid range; the message says
     *         why without repeating the text
     */
    public static CidrRange parse(String text) {
        if (text == null) {
            throw KeywardException.invalidInput("a CIDR range is required");
        }
        String range = text.strip();
        if (range.isEmpty() || range.length() > LONGEST_TEXT) {
            throw notARange();
        }
        int slash = range.indexOf('/');
        int end = slash < 0 ? range.length() : slash;
        ClientAddress address = ClientAddress.parseOrNull(range, 0, end);
        if (address == null) {
            throw notARange();
        }
        // The prefix counts bits of the address as written: 32 of a dotted quad, 128 of an IPv6 literal.
        int width = range.lastIndexOf(':', end - 1) < 0 ? 32 : 128;
        int prefix = slash < 0 ? width : prefixLength(range, slash + 1, width);
        int prefix128 = width == 32 ? prefix + 96 : prefix;
        CidrRange parsed = new CidrRange(address.high(), address.low(), prefix128);
        if ((address.high() & ~parsed.maskHigh) != 0 || (address.low() & ~parsed.maskLow) != 0) {
            CidrRange network = new CidrRange(address.high() & parsed.maskHigh, address.low() & parsed.maskLow,
                    prefix128);
            throw KeywardException.invalidInput("the address has bits set past the prefix length: write the network "
                    + network + " or the single address " + address + (address.isIpv4() ? "/32" : "/128"));
        }
        return parsed;
    }

    private static int prefixLength(String range, int from, int width) {
        int length = range.length() - from;
        if (length < 1 || length > 3 || (length > 1 && range.charAt(from) == '0')) {
            throw KeywardException.invalidInput("the prefix length must be a number from 0 to " + width);
        }
        int value = 0;
        for (int i = from; i < range.length(); i++) {
            char c = range.charAt(i);
            if (c < '0' || c > '9') {
                throw KeywardException.invalidInput("the prefix length must be a number from 0 to " + width);
            }
            value = value * 10 + (c - '0');
        }
        if (value > width) {
            throw KeywardException.invalidInput("the prefix length must be a number from 0 to " + width
                    + (width == 32 ? " for an IPv4 range" : " for an IPv6 range"));
        }
        return value;
    }

    private static KeywardException notARange() {
        return KeywardException.invalidInput(
                "not an IPv4 or IPv6 address or CIDR range (for example 10.0.0.0/8, 203.0.113.7 or 2001:db8::/32)");
    }

    /** Whether the address lies in this range; null lies in none. */
    public boolean contains(ClientAddress address) {
        return address != null && contains(address.high(), address.low());
    }

    boolean contains(long addressHigh, long addressLow) {
        return (addressHigh & maskHigh) == high && (addressLow & maskLow) == low;
    }

    /** Whether it is an IPv4 range. */
    public boolean isIpv4() {
        return prefixLength >= 96 && IpLiterals.isIpv4(high, low);
    }

    /** The prefix length as written: 0–32 for IPv4, 0–128 for IPv6. */
    public int prefixLength() {
        return isIpv4() ? prefixLength - 96 : prefixLength;
    }

    long high() {
        return high;
    }

    long low() {
        return low;
    }

    long maskHigh() {
        return maskHigh;
    }

    long maskLow() {
        return maskLow;
    }

    /** IPv4 ranges first, then by network address, then wider ranges first. */
    @Override
    public int compareTo(CidrRange other) {
        int family = Boolean.compare(other.isIpv4(), isIpv4());
        if (family != 0) {
            return family;
        }
        int byHigh = Long.compareUnsigned(high, other.high);
        if (byHigh != 0) {
            return byHigh;
        }
        int byLow = Long.compareUnsigned(low, other.low);
        return byLow != 0 ? byLow : Integer.compare(prefixLength, other.prefixLength);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CidrRange that && high == that.high && low == that.low
                && prefixLength == that.prefixLength;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(high) * 31 * 31 + Long.hashCode(low) * 31 + prefixLength;
    }

    /** The canonical text: {@code 10.0.0.0/8}, {@code 2001:db8::/32}, always with a prefix length. */
    @Override
    public String toString() {
        return IpLiterals.format(high, low) + "/" + prefixLength();
    }
}
