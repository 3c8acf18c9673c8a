package dev.keyward.spring;

import dev.keyward.TokenEndpoint;
import dev.keyward.servlet.ClientAddresses;
import dev.keyward.servlet.KeywardTokenServlet;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers the OAuth token endpoint inside the security filter chain, every method included
 * (Keyward answers all but POST with 405), through the servlet adapter's token servlet. Other
 * requests pass. Thread-safe.
 */
final class KeywardTokenEndpointFilter extends OncePerRequestFilter {

    private final RequestMatcher endpoint;
    private final KeywardTokenServlet servlet;

    KeywardTokenEndpointFilter(RequestMatcher endpoint, TokenEndpoint tokenEndpoint, ClientAddresses clientAddresses) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.servlet = new KeywardTokenServlet(tokenEndpoint, clientAddresses);
    }

    /** Every other request passes untouched: not even the mark a filter leaves on the requests it handles. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !endpoint.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        servlet.answer(request, response);
    }
}
