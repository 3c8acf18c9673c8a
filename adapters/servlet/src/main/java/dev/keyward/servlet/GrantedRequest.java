package dev.keyward.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A granted request as the servlets behind the filter see it: its user is the Keyward principal, which the container
 * gave no roles, so it is in none, whoever the container or the application had logged in beneath.
 */
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

    /** Always false: the user is a Keyward connection, and roles are the container's, given to its own users. */
    @Override
    public boolean isUserInRole(String role) {
        return false;
    }

    @Override
    public String getAuthType() {
        return principal.principal().authenticationType().name();
    }
}
