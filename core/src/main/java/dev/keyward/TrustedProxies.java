package dev.keyward;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Finds the address of the client behind a request: the socket's peer address, or, when that
 * peer is one of the configured trusted proxies, the nearest address its forwarding header names
 * that is not a trusted proxy. Without trusted proxies ({@link #none()}, the default everywhere)
 * no header is read: anyone can write one. The header read is the one the host's proxies write,
 * chosen explicitly ({@code X-Forwarded-For} unless {@link #readingForwarded()}): reading another
 * that the proxies pass through unchanged would let a client choose its own address.
 *
 * <p>The header is read from its end, the hop the trusted peer appended, towards its start,
 * skipping trusted proxies; the first other hop is the client. A hop that is not an address
 * ({@code unknown}, an obfuscated {@code Forwarded} node, garbage) makes the client unknown
 * ({@code null}), which a connection with allowed IP ranges does not admit; so does an unreadable
 * header. Addresses are parsed as literals only, never looked up. Immutable and thread-safe.
 */
public final class TrustedProxies {

    private static final TrustedProxies NONE = new TrustedProxies(IpAllowlist.any(), false);

    private final IpAllowlist proxies;
    private final boolean forwarded;

    private TrustedProxies(IpAllowlist proxies, boolean forwarded) {
        this.proxies = proxies;
        this.forwarded = forwarded;
    }

    /** No trusted proxy: the client is always the socket's peer. */
    public static TrustedProxies none() {
        return NONE;
    }

    /**
     * Trusts the {@code X-Forwarded-For} header of requests from these proxies, each given as a
     * literal IPv4 or IPv6 address or a CIDR range ({@code 10.0.0.2}, {@code 10.1.0.0/16}).
     * An empty collection is {@link #none()}; at most {@link IpAllowlist#MAXIMUM_RANGES} entries.
     *
     * @throws IllegalArgumentException if one is not an address or range, or is a range of every address or
     *         of every IPv4 address ({@code 0.0.0.0/0}, {@code ::/0}, {@code ::ffff:0:0/96}, {@code ::/80} or any
     *         IPv6 range around that — or ranges that together hold every IPv4 address, such as
     *         {@code 0.0.0.0/1} and {@code 128.0.0.0/1}: every client, or every IPv4 client, would be taken for
     *         a proxy, and the address it writes first in the header for its own), or there are too many
     */
    private static final ClientAddress FIRST_IPV4 = ClientAddress.parse("0.0.0.0");
    private static final ClientAddress LAST_IPV4 = ClientAddress.parse("255.255.255.255");

    public static TrustedProxies of(Collection<String> proxies) {
        if (proxies == null) {
            throw new IllegalArgumentException("the trusted proxies are required (empty for none)");
        }
        List<CidrRange> ranges = new ArrayList<>();
        int position = 0;
        for (String proxy : proxies) {
            position++;
            CidrRange range;
            try {
                range = CidrRange.parse(proxy);
            } catch (KeywardException e) {
                throw new IllegalArgumentException("trusted proxy " + position + ": " + e.getMessage(), e);
            }
            if (range.prefixLength() == 0 || range.contains(FIRST_IPV4) && range.contains(LAST_IPV4)) {
                // Every client would be a proxy, and the first hop of a header any client writes its address.
                throw new IllegalArgumentException("trusted proxy " + position + ": " + range
                        + " trusts every " + (range.prefixLength() == 0 ? "" : "IPv4 ") + "address, so any such"
                        + " client could name its own address; list your proxies' addresses or ranges instead");
            }
            ranges.add(range);
        }
        if (ranges.isEmpty()) {
            return NONE;
        }
        if (holdEveryIpv4Address(ranges)) {
            throw new IllegalArgumentException("trusted proxies: together they trust every IPv4 address, so any"
                    + " such client could name its own address; list your proxies' addresses or ranges instead");
        }
        try {
            return new TrustedProxies(IpAllowlist.of(ranges), false);
        } catch (KeywardException e) {
            throw new IllegalArgumentException("trusted proxies: " + e.getMessage(), e);
        }
    }

    /** Whether the ranges together hold every IPv4 address: their IPv4 spans, in order, leave no gap. */
    private static boolean holdEveryIpv4Address(List<CidrRange> ranges) {
        List<long[]> spans = new ArrayList<>();
        for (CidrRange range : ranges) {
            if (range.isIpv4()) {
                long first = range.low() & 0xFFFF_FFFFL;
                spans.add(new long[] {first, first + (1L << (32 - range.prefixLength()))});
            }
        }
        spans.sort(Comparator.comparingLong(span -> span[0]));
        long covered = 0;
        for (long[] span : spans) {
            if (span[0] > covered) {
                return false;
            }
            covered = Math.max(covered, span[1]);
        }
        return covered > 0xFFFF_FFFFL;
    }

    /** The same proxies, whose RFC 7239 {@code Forwarded} header ({@code for=}) is read instead. */
    public TrustedProxies readingForwarded() {
        return proxies.isAny() ? this : new TrustedProxies(proxies, true);
    }

    /** Whether no proxy is trusted. */
    public boolean isNone() {
        return proxies.isAny();
    }

    /**
     * The client's address.
     *
     * @param peer    the socket's peer address; null when unknown, which gives null
     * @param headers the request's headers, read only when the peer is a trusted proxy
     * @return the client's address, or null when it cannot be known
     */
    public ClientAddress resolve(ClientAddress peer, RequestHeaders headers) {
        if (peer == null || proxies.isAny() || !proxies.permits(peer)) {
            return peer;
        }
        List<String> hops;
        try {
            hops = hops(headers.values(forwarded ? "Forwarded" : "X-Forwarded-For"));
        } catch (RuntimeException unreadable) {
            return null;
        }
        ClientAddress nearest = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            ClientAddress hop = forwarded ? forwardedFor(hops.get(i)) : node(hops.get(i));
            if (hop == null || !proxies.permits(hop)) {
                return hop;
            }
            nearest = hop;
        }
        // Every hop is a trusted proxy: the request began at one of them.
        return nearest;
    }

    private static List<String> hops(List<String> values) {
        List<String> hops = new ArrayList<>();
        if (values == null) {
            return hops;
        }
        for (String value : values) {
            if (value == null) {
                throw new IllegalArgumentException("null header value");
            }
            for (String hop : value.split(",", -1)) {
                hops.add(hop);
            }
        }
        return hops;
    }

    /** The {@code for=} node of one {@code Forwarded} element, or null. */
    private static ClientAddress forwardedFor(String element) {
        for (String pair : element.split(";", -1)) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).strip().toLowerCase(Locale.ROOT).equals("for")) {
                String value = pair.substring(equals + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return node(value);
            }
        }
        return null;
    }

    /**
     * A node as proxies write it: {@code 192.0.2.1}, {@code 192.0.2.1:4711}, {@code 2001:db8::1},
     * {@code [2001:db8::1]} or {@code [2001:db8::1]:4711}; null for anything else.
     */
    static ClientAddress node(String text) {
        String node = text.strip();
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            if (close < 0 || (close + 1 < node.length() && !isPort(node, close + 1))) {
                return null;
            }
            return ClientAddress.parseOrNull(node, 1, close);
        }
        int colon = node.indexOf(':');
        if (colon >= 0 && colon == node.lastIndexOf(':')) {
            return isPort(node, colon) ? ClientAddress.parseOrNull(node, 0, colon) : null;
        }
        return ClientAddress.parseOrNull(node, 0, node.length());
    }

    /** Whether {@code text} from {@code colon} on is {@code :} and one to five digits. */
    private static boolean isPort(String text, int colon) {
        int digits = text.length() - colon - 1;
        if (text.charAt(colon) != ':' || digits < 1 || digits > 5) {
            return false;
        }
        for (int i = colon + 1; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "TrustedProxies[" + (proxies.isAny() ? "none" : proxies.ranges() + (forwarded ? ", Forwarded"
                : ", X-Forwarded-For")) + "]";
    }
}
