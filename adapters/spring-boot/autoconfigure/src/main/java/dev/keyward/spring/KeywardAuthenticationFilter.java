package dev.keyward.spring;

import dev.keyward.AuthenticationResult;
import dev.keyward.Principal;
import dev.keyward.RequestAuthenticator;
import dev.keyward.servlet.Answers;
import dev.keyward.servlet.KeywardFilter;
import dev.keyward.servlet.internal.Grant;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Checks each request to a protected API with the {@link KeywardAuthenticationConverter} and the
 * {@link KeywardAuthenticationProvider}. A grant becomes the security context of this request: set on
 * the holder strategy and saved in the request's attributes (stateless, never in a session), the
 * principal also left in {@link KeywardFilter#PRINCIPAL_ATTRIBUTE}, Keyward's headers on the answer;
 * then the chain goes on. As with Spring Security's own authentication filters, a session the request
 * already has gets a new id on a grant. A denial clears the context and is answered exactly as Keyward
 * wrote it (status, every header, body); the chain stops.
 *
 * <p>A request is checked once. A forward, include, async dispatch or error page into a protected API is checked
 * unless Keyward already granted the request, so an API reached by a forward or an async dispatch from elsewhere, or
 * serving the error page of a request that failed elsewhere, is not left unchecked; an error page elsewhere (Spring
 * Boot's {@code /error}) is the application's, and finds the saved context. One handed on from a granted request is
 * judged for the family of the API it reaches ({@link RequestAuthenticator#familyDenial}), so a bearer token granted
 * on a REST API is denied on an Event API it is forwarded or async-dispatched to, and it is not verified or counted
 * twice against its organization's limits, also when an answer given on another thread is dispatched back to the
 * API that started it, where the saved context is found again. Only a grant of this filter's Keyward counts: a
 * principal anything else put in {@link KeywardFilter#PRINCIPAL_ATTRIBUTE} is no grant, and a request handed on with
 * one is authenticated. Thread-safe.
 */
final class KeywardAuthenticationFilter implements Filter {

    private final RequestMatcher protectedApis;
    private final KeywardAuthenticationConverter converter;
    private final KeywardAuthenticationProvider provider;
    private final RequestAuthenticator authenticator;
    private final SecurityContextHolderStrategy contexts;
    private final SecurityContextRepository repository;

    KeywardAuthenticationFilter(RequestMatcher protectedApis, KeywardAuthenticationConverter converter,
            KeywardAuthenticationProvider provider, RequestAuthenticator authenticator,
            SecurityContextHolderStrategy contexts, SecurityContextRepository repository) {
        this.protectedApis = Objects.requireNonNull(protectedApis, "protectedApis");
        this.converter = Objects.requireNonNull(converter, "converter");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.contexts = Objects.requireNonNull(contexts, "contexts");
        this.repository = Objects.requireNonNull(repository, "repository");
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (!protectedApis.matches(request)) {
            chain.doFilter(request, response);
            return;
        }
        // An error page at a protected API is checked too: a denial writes its answer, so it never causes an error dispatch.
        Optional<Principal> earlier = request.getDispatcherType() == DispatcherType.REQUEST ? Optional.empty()
                : Grant.by(authenticator, request);
        if (earlier.isPresent()) {
            judgeFamily(earlier.get(), request, response, chain);
            return;
        }
        KeywardAuthentication granted;
        try {
            granted = (KeywardAuthentication) provider.authenticate(converter.convert(request));
        } catch (KeywardDeniedException denied) {
            contexts.clearContext();
            Answers.write(response, denied.denial());
            return;
        }
        HttpSession session = request.getSession(false);
        if (session != null) {
            request.changeSessionId();
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(granted);
        contexts.setContext(context);
        repository.saveContext(context, request, response);
        Grant.record(request, authenticator, granted.getPrincipal());
        for (Map.Entry<String, String> header : granted.responseHeaders().entrySet()) {
            response.setHeader(header.getKey(), header.getValue());
        }
        chain.doFilter(request, response);
    }

    /** Lets a request Keyward already granted into the API it is forwarded to, if its credential may call that family. */
    private void judgeFamily(Principal granted, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<AuthenticationResult.Denied> denied = authenticator.familyDenial(granted, converter.family(request), null);
        if (denied.isPresent()) {
            contexts.clearContext();
            Answers.write(response, denied.get());
            return;
        }
        chain.doFilter(request, response);
    }
}
