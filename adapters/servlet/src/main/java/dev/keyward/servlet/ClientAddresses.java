package dev.keyward.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds the address of the client that sent a request: the container's remote address, or,
 * when that address is one of the configured trusted proxies, the nearest address in
 * {@code X-Forwarded-For} that is not a trusted proxy. Without trusted proxies the header is
 * never read: anyone can write it. Immutable and thread-safe; default {@link #direct()}.
 */
public final class ClientAddresses {

    /** The request attribute under which the filter leaves the client's {@link InetAddress}. */
    public static final String ATTRIBUTE = "dev.keyward.clientAddress";

    // Literal addresses only: a host name here would mean a DNS lookup on every request.
    private static final Pattern LITERAL =
            Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|\\[?[0-9A-Fa-f]*:[0-9A-Fa-f:.]{1,44}\\]?");

    private final Set<InetAddress> trustedProxies;

    private ClientAddresses(Set<InetAddress> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /** The container's remote address, always. */
    public static ClientAddresses direct() {
        return new ClientAddresses(Set.of());
    }

    /**
     * Trusts {@code X-Forwarded-For} from these proxies, given as literal IPv4 or IPv6 addresses.
     *
     * @throws IllegalArgumentException if one is not a literal address
     */
    public static ClientAddresses trustingProxies(Collection<String> proxies) {
        return new ClientAddresses(proxies.stream().map(proxy -> parse(proxy)
                .orElseThrow(() -> new IllegalArgumentException("a trusted proxy must be an IP address, was " + proxy)))
                .collect(Collectors.toUnmodifiableSet()));
    }

    /** The client's address; the remote address if nothing better is known. */
    public InetAddress resolve(HttpServletRequest request) {
        InetAddress remote = parse(request.getRemoteAddr()).orElse(null);
        if (remote == null || !trustedProxies.contains(remote)) {
            return remote;
        }
        List<String> hops = forwardedFor(request);
        InetAddress nearest = remote;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = parse(hops.get(i)).orElse(null);
            if (hop == null) {
                // A garbled entry: what lies beyond it cannot be trusted.
                return nearest;
            }
            nearest = hop;
            if (!trustedProxies.contains(hop)) {
                return hop;
            }
        }
        return nearest;
    }

    private static List<String> forwardedFor(HttpServletRequest request) {
        List<String> hops = new ArrayList<>();
        for (String value : Collections.list(request.getHeaders("X-Forwarded-For"))) {
            for (String hop : value.split(",", -1)) {
                hops.add(hop.strip());
            }
        }
        return hops;
    }

    private static Optional<InetAddress> parse(String literal) {
        if (literal == null) {
            return Optional.empty();
        }
        Optional<InetAddress> quad = dottedQuad(literal);
        if (quad != null) {
            return quad;
        }
        if (!LITERAL.matcher(literal).matches()) {
            return Optional.empty();
        }
        try {
            // Never a name lookup: the pattern admits dotted quads and (bracketed) IPv6 literals only.
            return Optional.of(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * A plain dotted-quad IPv4 address read by hand, the case of nearly every request: no pattern and
     * no resolver on the way. Null when the text is not such a quad (other forms, leading zeros), so the
     * general path decides; empty when it is four decimal numbers of which one exceeds 255, which no
     * address is and which the resolver would otherwise look up as a host name.
     */
    private static Optional<InetAddress> dottedQuad(String text) {
        int length = text.length();
        if (length < 7 || length > 15) {
            return null;
        }
        byte[] octets = new byte[4];
        int octet = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= length; i++) {
            char c = i < length ? text.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                if (digits == 3 || (digits == 1 && value == 0)) {
                    return null;
                }
                value = value * 10 + (c - '0');
                digits++;
            } else if (c == '.' && digits > 0 && octet < 4) {
                if (value > 255) {
                    return octet == 3 || isQuadOfNumbers(text) ? Optional.empty() : null;
                }
                octets[octet++] = (byte) value;
                value = 0;
                digits = 0;
            } else {
                return null;
            }
        }
        if (octet != 4) {
            return null;
        }
        try {
            return Optional.of(InetAddress.getByAddress(octets));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean isQuadOfNumbers(String text) {
        return text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    @Override
    public String toString() {
        return "ClientAddresses[trustedProxies=" + trustedProxies + "]";
    }
}
