package dev.keyward.examples;

import java.net.InetAddress;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keeps DNS rebinding away from the admin plane and the console, in both demos. The admin plane
 * takes its acting user from the {@code X-Actor} header, which any page may send to its own origin,
 * and a page whose host name its owner points at the demo's address once it has loaded is of one
 * origin with the demo. A rebound page always names a host by a DNS name, its owner's. So a request for
 * {@code /admin…} or the console is answered only if the host it names — the authority of its target
 * when the target is in absolute form ({@code http://host/path}, RFC 9112 §3.2.2), else its {@code Host}
 * header — and the origin of the page that sent it, when it says ({@code Origin}), are names a rebound
 * page cannot have: anything else is 421.
 *
 * <p>Over loopback those are {@code localhost}, a {@code 127.x.y.z} address and {@code [::1]}, with any
 * port. On any other address (a demo listening with {@code --host 0.0.0.0} behind a container's
 * published port, a virtual machine's port forward or the network) they are also any address literal,
 * IPv4 or IPv6. Each side takes the names given with {@code --allowed-host} too: a reverse proxy's, or the
 * machine's own on a network. The origin matters where a proxy on the same machine rewrites {@code Host}
 * to the demo's own address: the browser still says which page sent the request, and sends that on
 * every request that writes (a request that only reads may carry none, and is judged by its host alone).
 * An origin of {@code null} is refused: a page may have its own request say so. Decided per request by the
 * address it arrived on, not the one the demo listens on. The API, the token and other endpoints take
 * credentials of their own and are not checked. Immutable.
 */
public final class LoopbackHosts {

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]{2,45}\\]");
    private static final Pattern PORT = Pattern.compile("(:\\d{1,5})?");

    private final Set<String> console = new StaticPages().paths();
    private final Set<String> allowed;

    /** The check allowing these host names too ({@code --allowed-host}), compared without case. */
    public LoopbackHosts(Collection<String> allowedNames) {
        this.allowed = allowedNames.stream().map(name -> name.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Refuses a request for the admin plane or the console that names a host, or comes from a page at an
     * origin, a rebound page could have.
     *
     * @param path   the request's path
     * @param host   the host it names: the authority of a target in absolute form, else its
     *               {@code Host} header, or null
     * @param origin its {@code Origin} header, or null
     * @param local  the address it arrived on
     * @throws HttpError 421 when refused
     */
    public void check(String path, String host, String origin, InetAddress local) {
        if (!(path.equals("/admin") || path.startsWith("/admin/") || console.contains(path))) {
            return;
        }
        boolean overLoopback = local.isLoopbackAddress();
        if (!acceptable(name(host), overLoopback)) {
            throw new HttpError(421, "MISDIRECTED_REQUEST", overLoopback
                    ? "the admin plane and console answer only at localhost, 127.0.0.1 or [::1], or a name given"
                            + " with --allowed-host"
                    : "the admin plane and console answer only at an address, or a name given with --allowed-host");
        }
        if ("null".equals(origin)) {
            // A page may have its own request say so (same-origin mode with no referrer), a rebound page as well.
            throw new HttpError(421, "MISDIRECTED_REQUEST", "the admin plane and console answer no page whose"
                    + " request hides its origin (Origin: null); send it from a page at its own address, in cors mode");
        }
        if (origin != null && !acceptable(originName(origin), overLoopback)) {
            throw new HttpError(421, "MISDIRECTED_REQUEST", "the admin plane and console answer pages only at the names"
                    + " they answer at themselves: a proxy's name must be given with --allowed-host");
        }
    }

    private boolean acceptable(String name, boolean overLoopback) {
        if (name == null) {
            return false;
        }
        boolean loopback = name.equals("localhost") || IPV4_LOOPBACK.matcher(name).matches() || name.equals("[::1]")
                || name.equals("[0:0:0:0:0:0:0:1]");
        return loopback || (!overLoopback && isAddressLiteral(name)) || allowed.contains(name);
    }

    /** Whether a host, in lower case, is an address, IPv4 in dots or IPv6 in brackets, rather than a name. */
    private static boolean isAddressLiteral(String host) {
        return IPV4.matcher(host).matches() || IPV6.matcher(host).matches();
    }

    /** The host of an authority, {@code host[:port]} or {@code [v6]:port}, lower case; null when malformed. */
    private static String name(String authority) {
        if (authority == null) {
            return null;
        }
        String name = authority.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            return end > 0 && PORT.matcher(name.substring(end + 1)).matches() ? name.substring(0, end + 1) : null;
        }
        int colon = name.indexOf(':');
        if (colon >= 0) {
            if (!PORT.matcher(name.substring(colon)).matches()) {
                return null;
            }
            name = name.substring(0, colon);
        }
        return name.isEmpty() ? null : name;
    }

    /** The host of an origin, {@code scheme://authority}; null when it is not one. */
    private static String originName(String origin) {
        int separator = origin.indexOf("://");
        if (separator < 1 || origin.indexOf('/', separator + 3) >= 0) {
            return null;
        }
        return name(origin.substring(separator + 3));
    }
}
