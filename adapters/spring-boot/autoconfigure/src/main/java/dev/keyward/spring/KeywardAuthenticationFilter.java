package dev.keyward.spring;

import dev.keyward.servlet.Answers;
import dev.keyward.servlet.KeywardFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Checks each request to a protected API with the {@link KeywardAuthenticationConverter} and the
 * {@link KeywardAuthenticationProvider}. A grant becomes the security context of this request: set on
 * the holder strategy and saved in the request's attributes (stateless, never in a session), the
 * principal also left in {@link KeywardFilter#PRINCIPAL_ATTRIBUTE}, Keyward's headers on the answer;
 * then the chain goes on. A denial clears the context and is answered exactly as Keyward wrote it
 * (status, every header, body); the chain stops.
 *
 * <p>Only a request's first dispatch is checked. A forward, include, error page or async dispatch of
 * that request is not checked again, so it is counted once against its organization's limits; the
 * security filter chain finds its saved context again. This is what Spring Security's own
 * {@code AuthenticationFilter} does through a once-per-request mark, known here from the dispatcher
 * type alone. That filter also builds a name for the mark, reads the context before replacing it and
 * looks for a session on every request; none of that applies to a credential checked on every request
 * and kept in none. Thread-safe.
 */
final class KeywardAuthenticationFilter implements Filter {

    private final RequestMatcher protectedApis;
    private final KeywardAuthenticationConverter converter;
    private final KeywardAuthenticationProvider provider;
    private final SecurityContextHolderStrategy contexts;
    private final SecurityContextRepository repository;

    KeywardAuthenticationFilter(RequestMatcher protectedApis, KeywardAuthenticationConverter converter,
            KeywardAuthenticationProvider provider, SecurityContextHolderStrategy contexts,
            SecurityContextRepository repository) {
        this.protectedApis = Objects.requireNonNull(protectedApis, "protectedApis");
        this.converter = Objects.requireNonNull(converter, "converter");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.contexts = Objects.requireNonNull(contexts, "contexts");
        this.repository = Objects.requireNonNull(repository, "repository");
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (request.getDispatcherType() != DispatcherType.REQUEST || !protectedApis.matches(request)) {
            chain.doFilter(request, response);
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
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(granted);
        contexts.setContext(context);
        repository.saveContext(context, request, response);
        request.setAttribute(KeywardFilter.PRINCIPAL_ATTRIBUTE, granted.getPrincipal());
        for (Map.Entry<String, String> header : granted.responseHeaders().entrySet()) {
            response.setHeader(header.getKey(), header.getValue());
        }
        chain.doFilter(request, response);
    }
}
