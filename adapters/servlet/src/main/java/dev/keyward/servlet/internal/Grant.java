package dev.keyward.servlet.internal;

import dev.keyward.Principal;
import dev.keyward.RequestAuthenticator;
import dev.keyward.servlet.KeywardFilter;
import jakarta.servlet.ServletRequest;
import java.util.Optional;

/**
 * That a request was granted, and by which {@link RequestAuthenticator}, as Keyward's filters trust it when the
 * request is handed on to another API. The public {@link KeywardFilter#PRINCIPAL_ATTRIBUTE} is for the application to
 * read, and anything can put a {@link Principal} there (the application, a view exposing its model, another Keyward
 * over another store); a grant is kept beside it under an attribute of its own, in an object only this class makes,
 * naming the authenticator that granted it, so that a filter trusts only a grant of its own authenticator and
 * authenticates anything else. Immutable.
 */
public final class Grant {

    private static final String ATTRIBUTE = Grant.class.getName();

    private final RequestAuthenticator authenticator;
    private final Principal principal;

    private Grant(RequestAuthenticator authenticator, Principal principal) {
        this.authenticator = authenticator;
        this.principal = principal;
    }

    /** Keeps this authenticator's grant of the request, and its principal in the public attribute for the application. */
    public static void record(ServletRequest request, RequestAuthenticator authenticator, Principal principal) {
        request.setAttribute(ATTRIBUTE, new Grant(authenticator, principal));
        request.setAttribute(KeywardFilter.PRINCIPAL_ATTRIBUTE, principal);
    }

    /** The principal this authenticator granted the request earlier, or empty when it granted none. */
    public static Optional<Principal> by(RequestAuthenticator authenticator, ServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof Grant grant && grant.authenticator == authenticator
                ? Optional.of(grant.principal) : Optional.empty();
    }

    @Override
    public String toString() {
        return "Grant[" + principal + "]";
    }
}
