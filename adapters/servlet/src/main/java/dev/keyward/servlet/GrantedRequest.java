package dev.keyward.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/** A granted request as the servlets behind the filter see it: its user is the Keyward principal. */
final class GrantedRequest extends HttpServletRequestWrapper {

    private final KeywardPrincipal principal;

    GrantedRequest(HttpServletRequest request, KeywardPrincipal principal) {
        super(request);
        this.principal = principal;
    }

    @Override
    public java.security.Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public String getRemoteUser() {
        return principal.getName();
    }

    @Override
    public String getAuthType() {
        return principal.principal().authenticationType().name();
    }
}
