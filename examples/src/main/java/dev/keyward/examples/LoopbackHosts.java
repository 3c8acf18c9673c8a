package dev.keyward.examples;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps DNS rebinding away from the admin plane and the console, in both demos. The admin plane
 * takes its acting user from the {@code X-Actor} header, which any page may send to its own origin,
 * and a page whose host name its owner points at 127.0.0.1 once it has loaded is of one origin with
 * a demo there. While the demo listens on a loopback address only (the default), a request for
 * {@code /admin…} or the console must therefore name a loopback host in its {@code Host} header —
 * {@code localhost}, a {@code 127.x.y.z} address or {@code [::1]}, with any port — which such a page
 * cannot: anything else is 421. Listening on another address ({@code --host}), the demo is reached by
 * names it cannot know, and checks none. The API, the token and other endpoints take credentials of
 * their own and are not checked. Immutable.
 */
public final class LoopbackHosts {

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");
    private static final Pattern PORT = Pattern.compile("(:\\d{1,5})?");

    private final boolean checked;
    private final Set<String> console = new StaticPages().paths();

    private LoopbackHosts(boolean checked) {
        this.checked = checked;
    }

    /** The check for a demo listening on this host name or address. */
    public static LoopbackHosts listeningOn(String host) {
        try {
            return new LoopbackHosts(InetAddress.getByName(host).isLoopbackAddress());
        } catch (UnknownHostException e) {
            // The server cannot listen there either, and says so.
            return new LoopbackHosts(false);
        }
    }

    /**
     * Refuses a request for the admin plane or the console that names no loopback host.
     *
     * @param path the request's path
     * @param host its {@code Host} header, or null
     * @throws HttpError 421 when refused
     */
    public void check(String path, String host) {
        if (checked && (path.equals("/admin") || path.startsWith("/admin/") || console.contains(path))
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
