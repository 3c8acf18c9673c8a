package dev.keyward.servlet;

import dev.keyward.Principal;
import java.util.Objects;

/**
 * The servlet view of a granted request's Keyward {@link Principal}, as returned by
 * {@code HttpServletRequest.getUserPrincipal()}: its name is the connection id. Immutable.
 */
public record KeywardPrincipal(Principal principal) implements java.security.Principal {

    public KeywardPrincipal {
        Objects.requireNonNull(principal, "principal");
    }

    /** The id of the connection whose credential the request carried. */
    @Override
    public String getName() {
        return principal.connectionId().value();
    }
}
