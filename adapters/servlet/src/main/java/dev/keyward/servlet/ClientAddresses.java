package dev.keyward.servlet;

import dev.keyward.ClientAddress;
import dev.keyward.TrustedProxies;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the address of the client that sent a request, by Keyward's {@link TrustedProxies}: the
 * container's remote address, or, when that address is one of the configured trusted proxies,
 * the nearest address in the forwarding header that is not a trusted proxy. Without trusted
 * proxies no header is read: anyone can write one. Both are read from the container's own request,
 * beneath every request wrapper: a wrapper may give another remote address (Spring's
 * {@code ForwardedHeaderFilter} gives the one named in {@code X-Forwarded-For}, whoever sent it) and
 * hide the forwarding headers. A host that relied on a wrapper such as Tomcat's {@code RemoteIpFilter}
 * names its proxies here instead: the first time a wrapper gives a remote address other than the
 * container's, a warning says so, once per instance. The remote address is read as an IP literal,
 * with or without brackets; one with a zone id leaves the client unknown. Thread-safe; its settings
 * are immutable; default {@link #direct()}.
 */
public final class ClientAddresses {

    /**
     * The request attribute under which the filter and the token servlet leave the client's
     * {@link InetAddress}, null when it cannot be known.
     */
    public static final String ATTRIBUTE = "dev.keyward.clientAddress";

    private static final Logger LOG = LoggerFactory.getLogger(ClientAddresses.class);

    private final TrustedProxies trustedProxies;
    /** Whether a wrapper giving another remote address was warned of: once is enough to be seen. */
    private final AtomicBoolean rewriteWarned = new AtomicBoolean();

    private ClientAddresses(TrustedProxies trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /** The container's remote address, always. */
    public static ClientAddresses direct() {
        return new ClientAddresses(TrustedProxies.none());
    }

    /**
     * Trusts {@code X-Forwarded-For} from these proxies, given as literal IPv4 or IPv6 addresses or
     * CIDR ranges.
     *
     * @throws IllegalArgumentException if one is not a literal address or range
     */
    public static ClientAddresses trustingProxies(Collection<String> proxies) {
        return new ClientAddresses(TrustedProxies.of(proxies));
    }

    /** Resolves addresses with these trusted proxies, e.g. {@code TrustedProxies.of(…).readingForwarded()}. */
    public static ClientAddresses of(TrustedProxies trustedProxies) {
        return new ClientAddresses(Objects.requireNonNull(trustedProxies, "trustedProxies"));
    }

    /** The client's address, for Keyward; null when it cannot be known (see {@link TrustedProxies}). */
    public ClientAddress clientAddress(HttpServletRequest request) {
        // The container gives the peer as a literal; it is parsed as one, never looked up.
        HttpServletRequest container = containerRequest(request);
        String remote = container.getRemoteAddr();
        if (container != request && !rewriteWarned.get()) {
            warnIfRewritten(request.getRemoteAddr(), remote, request);
        }
        ClientAddress peer = ClientAddress.parseOrNull(unbracketed(remote));
        return trustedProxies.resolve(peer, ServletRequestHeaders.of(container));
    }

    /**
     * Warns, once, that a wrapper gives a remote address other than the container's: a host that configured one
     * (Tomcat's {@code RemoteIpFilter}, Spring's {@code ForwardedHeaderFilter}) may expect Keyward to take it.
     * The wrapper's address may come from a header anyone can send, so it is shown only as the address it parses
     * to, never as the text given.
     */
    private void warnIfRewritten(String wrapped, String container, HttpServletRequest request) {
        if (!Objects.equals(wrapped, container) && rewriteWarned.compareAndSet(false, true)) {
            ClientAddress given = ClientAddress.parseOrNull(unbracketed(wrapped));
            ClientAddress peer = ClientAddress.parseOrNull(unbracketed(container));
            LOG.warn("A request wrapper ({}) gives the remote address {} where the container's request gives {}: Keyward uses the container's "
                    + "peer address, beneath every wrapper, for IP allowlists. If that peer is a proxy of yours, name it "
                    + "in Keyward's trusted proxies (ClientAddresses.trustingProxies, or keyward.trusted-proxies in "
                    + "Spring Boot), and Keyward reads the client from the header it forwards. Logged once.",
                    request.getClass().getName(), given == null ? "that is not an IP address" : given,
                    peer == null ? "none that is an IP address" : peer);
        }
    }

    /** The request the container made, beneath every wrapper: the one whose remote address is the socket's peer. */
    static HttpServletRequest containerRequest(HttpServletRequest request) {
        HttpServletRequest current = request;
        while (current instanceof ServletRequestWrapper wrapper
                && wrapper.getRequest() instanceof HttpServletRequest beneath) {
            current = beneath;
        }
        return current;
    }

    /**
     * The container's remote address without the brackets Jetty 12 puts around an IPv6 address
     * ({@code [::1]}); other containers give it bare. A link-local peer may come with a zone id
     * ({@code fe80::1%eth0}), which is kept, so the address is not parsed and the client is unknown:
     * an allowlist cannot name a link, and the same {@code fe80::1} on another link is another host.
     */
    static String unbracketed(String remote) {
        if (remote != null && remote.length() > 2 && remote.charAt(0) == '[' && remote.charAt(remote.length() - 1) == ']') {
            return remote.substring(1, remote.length() - 1);
        }
        return remote;
    }

    /** The client's address; null when it cannot be known. */
    public InetAddress resolve(HttpServletRequest request) {
        ClientAddress client = clientAddress(request);
        return client == null ? null : client.toInetAddress();
    }

    @Override
    public String toString() {
        return "ClientAddresses[" + trustedProxies + "]";
    }
}
