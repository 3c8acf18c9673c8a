package dev.keyward.spring;

import dev.keyward.AuthenticationType;
import dev.keyward.Principal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request Keyward granted: its principal is the Keyward {@link Principal} (organization,
 * connection, authentication type), its name the connection id, and its one authority
 * {@code KEYWARD_ACCESS_KEY} or {@code KEYWARD_OAUTH}. Holds no credential. Immutable.
 */
public final class KeywardAuthentication extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    /** The one authority of each authentication type, made once rather than for every request. */
    private static final Map<AuthenticationType, List<GrantedAuthority>> AUTHORITIES = authorities();

    private final Principal principal;
    private final Map<String, String> responseHeaders;

    public KeywardAuthentication(Principal principal) {
        this(principal, Map.of());
    }

    /**
     * A grant whose answer carries these headers: {@code RateLimit-Policy} and {@code RateLimit} when a
     * traffic limit applies to the organization.
     */
    public KeywardAuthentication(Principal principal, Map<String, String> responseHeaders) {
        super(AUTHORITIES.get(principal.authenticationType()));
        this.principal = principal;
        this.responseHeaders = Map.copyOf(responseHeaders);
        super.setAuthenticated(true);
    }

    /** Headers Keyward adds to the answer of this request (the configurer writes them); empty when none. */
    public Map<String, String> responseHeaders() {
        return responseHeaders;
    }

    private static Map<AuthenticationType, List<GrantedAuthority>> authorities() {
        Map<AuthenticationType, List<GrantedAuthority>> byType = new EnumMap<>(AuthenticationType.class);
        for (AuthenticationType type : AuthenticationType.values()) {
            byType.put(type, List.of(new SimpleGrantedAuthority("KEYWARD_" + type.name())));
        }
        return byType;
    }

    @Override
    public Principal getPrincipal() {
        return principal;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public String getName() {
        return principal.connectionId().value();
    }

    @Override
    public void setAuthenticated(boolean authenticated) {
        if (authenticated != isAuthenticated()) {
            throw new IllegalArgumentException("a KeywardAuthentication is authenticated once, when Keyward grants it");
        }
    }
}
