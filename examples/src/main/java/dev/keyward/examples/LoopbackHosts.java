package dev.keyward.examples;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps DNS rebinding away from the admin plane and the console, in both demos. The admin plane
 * takes its acting user from the {@code X-Actor} header, which any page may send to its own origin,
 * and a page whose host name its owner points at 127.0.0.1 once it has loaded is of one origin with
 * a demo there. A request for {@code /admin…} or the console that arrived on a loopback address
 * must therefore name a loopback host — {@code localhost}, a {@code 127.x.y.z} address or
 * {@code [::1]}, with any port — which such a page cannot: anything else is 421. The host a request
 * names is the authority of its target when the target is in absolute form
 * ({@code http://host/path}, RFC 9112 §3.2.2), else its {@code Host} header. Decided per request by
 * the address it arrived on, not the one the demo listens on: a demo listening on every address
 * ({@code --host 0.0.0.0}) is reached over loopback too. A request that arrived on another address
 * is not checked: the names it may come by are the network's, which the demo cannot know, so a page
 * rebound to such an address (the machine's own LAN address too) reaches the admin plane of a demo
 * listening there; listen on loopback, the default, to keep it out. The API, the token
 * and other endpoints take credentials of their own and are not checked. Immutable.
 */
public final class LoopbackHosts {

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");
    private static final Pattern PORT = Pattern.compile("(:\\d{1,5})?");

    private final Set<String> console = new StaticPages().paths();

    /**
     * Refuses a request for the admin plane or the console that arrived on a loopback address and
     * names no loopback host.
     *
     * @param path  the request's path
     * @param host  the host it names: the authority of a target in absolute form, else its
     *              {@code Host} header, or null
     * @param local the address it arrived on
     * @throws HttpError 421 when refused
     */
    public void check(String path, String host, InetAddress local) {
        if (local.isLoopbackAddress() && (path.equals("/admin") || path.startsWith("/admin/") || console.contains(path))
                && !loopback(host)) {
            throw new HttpError(421, "MISDIRECTED_REQUEST",
                    "the admin plane and console answer only at localhost, 127.0.0.1 or [::1]");
        }
    }

    /** True for {@code localhost}, a {@code 127.x.y.z} address or {@code [::1]}, with or without a port. */
    static boolean loopback(String host) {
        if (host == null) {
            return false;
        }
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            return end > 0 && PORT.matcher(name.substring(end + 1)).matches()
                    && (name.substring(1, end).equals("::1") || name.substring(1, end).equals("0:0:0:0:0:0:0:1"));
        }
        int colon = name.indexOf(':');
        if (colon >= 0) {
            if (!PORT.matcher(name.substring(colon)).matches()) {
                return false;
            }
            name = name.substring(0, colon);
        }
        return name.equals("localhost") || IPV4_LOOPBACK.matcher(name).matches();
    }
}
