package dev.keyward.spring;

import dev.keyward.ApiFamily;
import dev.keyward.ClientAddress;
import dev.keyward.RequestHeaders;
import java.net.InetAddress;
import java.util.Collection;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * A request to authenticate, as the converter pulled it out of an HTTP request: its headers,
 * its API family and the client's address. Not authenticated; valid only while its HTTP request
 * is. Its {@code toString()} shows no header: they may carry a credential.
 */
public final class KeywardAuthenticationRequest extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final transient RequestHeaders headers;
    private final ApiFamily family;
    private final transient ClientAddress address;
    private final transient InetAddress clientAddress;

    KeywardAuthenticationRequest(RequestHeaders headers, ApiFamily family, ClientAddress address) {
        // No authorities: Spring then shares its empty list instead of copying one per request.
        super((Collection<? extends GrantedAuthority>) null);
        this.headers = headers;
        this.family = family;
        this.address = address;
        this.clientAddress = address == null ? null : address.toInetAddress();
        setAuthenticated(false);
    }

    /**
     * The request's headers as Keyward reads its credentials: a live view, beneath Spring Security's firewall
     * when only Spring Security's own wrappers lie between (see {@link KeywardAuthenticationConverter}), so a
     * value read here has not been checked by the firewall.
     */
    public RequestHeaders headers() {
        return headers;
    }

    public ApiFamily family() {
        return family;
    }

    /** The client's address, or null if it cannot be known. */
    public InetAddress clientAddress() {
        return clientAddress;
    }

    /** The client's address as Keyward checks it against allowed IP ranges, or null if it cannot be known. */
    public ClientAddress address() {
        return address;
    }

    /** The credential stays in the headers, read by Keyward alone. */
    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Object getPrincipal() {
        return null;
    }

    @Override
    public String getName() {
        return "";
    }

    @Override
    public String toString() {
        return "KeywardAuthenticationRequest[family=" + family + ", clientAddress=" + clientAddress + "]";
    }
}
