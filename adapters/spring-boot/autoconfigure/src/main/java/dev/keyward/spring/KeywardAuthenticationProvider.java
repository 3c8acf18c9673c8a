package dev.keyward.spring;

import dev.keyward.AuthenticationResult;
import dev.keyward.RequestAuthenticator;
import java.util.Objects;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;

/**
 * Checks a {@link KeywardAuthenticationRequest} with Keyward's {@link RequestAuthenticator}: a
 * grant becomes a {@link KeywardAuthentication}, a denial a {@link KeywardDeniedException}
 * carrying core's answer. Thread-safe.
 */
public final class KeywardAuthenticationProvider implements AuthenticationProvider {

    private final RequestAuthenticator authenticator;

    public KeywardAuthenticationProvider(RequestAuthenticator authenticator) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        KeywardAuthenticationRequest request = (KeywardAuthenticationRequest) authentication;
        AuthenticationResult result = authenticator.authenticate(request.headers(), request.family(), null,
                request.address());
        if (result instanceof AuthenticationResult.Granted granted) {
            KeywardAuthentication granted1 = new KeywardAuthentication(granted.principal(), granted.headers());
            granted1.setDetails(request.clientAddress());
            return granted1;
        }
        throw new KeywardDeniedException((AuthenticationResult.Denied) result);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return KeywardAuthenticationRequest.class.isAssignableFrom(authentication);
    }
}
