package dev.keyward;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * The IP address a request came from, as 128 bits: IPv6 as is, IPv4 as its IPv4-mapped IPv6 form
 * ({@code ::ffff:a.b.c.d}), so {@code 1.2.3.4} and {@code ::ffff:1.2.3.4} are the same address
 * and both lie in {@code 1.2.3.0/24}. Parsing is strict and literal: a host name is refused,
 * never looked up. Immutable and thread-safe; {@code toString()} is the canonical text
 * ({@code 10.0.0.1}, {@code 2001:db8::1}).
 */
public final class ClientAddress {

    private final long high;
    private final long low;

    private ClientAddress(long high, long low) {
        this.high = high;
        this.low = low;
    }

    /**
     * The address of this literal: a dotted quad ({@code 10.0.0.1}, no leading zeros) or an IPv6
     * text form ({@code 2001:db8::1}, {@code ::ffff:10.0.0.1}), without brackets, port or zone id.
     *
     * @throws IllegalArgumentException if it is not such a literal; the message does not repeat it
     */
    public static ClientAddress parse(String literal) {
        ClientAddress address = parseOrNull(literal);
        if (address == null) {
            throw new IllegalArgumentException("not an IPv4 or IPv6 address literal");
        }
        return address;
    }

    /** The address of this literal, or null when it is not one; see {@link #parse}. */
    public static ClientAddress parseOrNull(CharSequence literal) {
        return literal == null ? null : parseOrNull(literal, 0, literal.length());
    }

    static ClientAddress parseOrNull(CharSequence text, int from, int to) {
        return IpLiterals.parse(text, from, to, ClientAddress::new);
    }

    /**
     * The address of an {@link InetAddress} as the socket reports it (no name lookup); null gives null, and so
     * does an IPv6 address with a zone ({@code fe80::1%eth0}): the same address on another link is another peer,
     * which no allowed range or trusted proxy names, so it is unknown, as a literal with a zone is to
     * {@link #parse}.
     */
    public static ClientAddress of(InetAddress address) {
        if (address == null || address instanceof Inet6Address v6
                && (v6.getScopeId() != 0 || v6.getScopedInterface() != null)) {
            return null;
        }
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return new ClientAddress(0, IpLiterals.MAPPED | (toLong(bytes, 0, 4) & 0xFFFF_FFFFL));
        }
        return new ClientAddress(toLong(bytes, 0, 8), toLong(bytes, 8, 16));
    }

    private static long toLong(byte[] bytes, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            value = value << 8 | (bytes[i] & 0xFF);
        }
        return value;
    }

    /** The same address as an {@link InetAddress}, made from its bytes (no name lookup): 4 of them for IPv4. */
    public InetAddress toInetAddress() {
        byte[] bytes = isIpv4() ? new byte[4] : new byte[16];
        for (int i = 0; i < bytes.length; i++) {
            int fromEnd = bytes.length - 1 - i;
            long half = fromEnd >= 8 ? high : low;
            bytes[i] = (byte) (half >>> (8 * (fromEnd % 8)));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of 4 or 16 bytes was refused", e);
        }
    }

    /** Whether it is an IPv4 address (or an IPv4-mapped IPv6 one, which is the same). */
    public boolean isIpv4() {
        return IpLiterals.isIpv4(high, low);
    }

    long high() {
        return high;
    }

    long low() {
        return low;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClientAddress that && high == that.high && low == that.low;
    }

    @Override
    public int hashCode() {
        return Objects.hash(high, low);
    }

    @Override
    public String toString() {
        return IpLiterals.format(high, low);
    }
}
