package dev.keyward.spring;

import dev.keyward.Keyward;
import dev.keyward.servlet.ClientAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.web.authentication.www.DigestAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Keyward in a Spring Security filter chain, used with {@code http.with(KeywardConfigurer.keyward(), k -> ...)}.
 * Requests to the REST and Event APIs named here are checked by a filter with a
 * {@link KeywardAuthenticationConverter} and a {@link KeywardAuthenticationProvider}: a grant puts a
 * {@link KeywardAuthentication} in the security context of that request only (stateless, nothing
 * in a session), a denial is answered exactly as Keyward wrote it and the chain stops. Each request
 * is checked once: error pages and async dispatches never, a forward or include into a protected
 * API unless the request was already granted, in which case it is only judged for the API family it
 * reaches (a bearer token forwarded to an Event API is denied). The token endpoint (default {@code /oauth/token}) is
 * answered in the chain. Both filters run before Spring Security's own header authentication
 * (Digest, bearer, Basic), so the client credentials of a token request in a Basic header reach
 * Keyward's token endpoint, which answers in the chain, not the host's user login. Spring's own
 * filters still run after a grant: the bearer filter ({@code oauth2ResourceServer()}) tries every
 * bearer token, Keyward's too, and the Basic filter authenticates a request that also carries a
 * user's login as that user; so Keyward's APIs belong in a chain of their own, with
 * {@code securityMatcher}, without either. CSRF protection does not apply to these requests: they carry their credential in a
 * header, never in a cookie. The filters are made here, not as beans, so that the
 * servlet container does not run them a second time outside the chain. Defaults: no APIs, token
 * endpoint at {@code /oauth/token}, Keyward and the client address source from the application
 * context.
 */
public final class KeywardConfigurer extends AbstractHttpConfigurer<KeywardConfigurer, HttpSecurity> {

    private final List<RequestMatcher> restApis = new ArrayList<>();
    private final List<RequestMatcher> eventApis = new ArrayList<>();
    private RequestMatcher tokenEndpoint = PathPatternRequestMatcher.withDefaults().matcher("/oauth/token");
    private Keyward keyward;
    private ClientAddresses clientAddresses;

    private KeywardConfigurer() {
    }

    /** A configurer for {@code http.with(...)}. */
    public static KeywardConfigurer keyward() {
        return new KeywardConfigurer();
    }

    /** REST API requests: those matching these path patterns, any method. */
    public KeywardConfigurer restApis(String... patterns) {
        return restApis(matchers(patterns));
    }

    /** REST API requests: those these matchers match. */
    public KeywardConfigurer restApis(RequestMatcher... matchers) {
        restApis.addAll(List.of(matchers));
        return this;
    }

    /** Event API requests, closed to M2M OAuth bearer tokens: those matching these path patterns. */
    public KeywardConfigurer eventApis(String... patterns) {
        return eventApis(matchers(patterns));
    }

    /** Event API requests: those these matchers match. */
    public KeywardConfigurer eventApis(RequestMatcher... matchers) {
        eventApis.addAll(List.of(matchers));
        return this;
    }

    /** Where the token endpoint is answered, every method. Default {@code /oauth/token}. */
    public KeywardConfigurer tokenEndpoint(String path) {
        this.tokenEndpoint = PathPatternRequestMatcher.withDefaults().matcher(path);
        return this;
    }

    /** The Keyward to use instead of the application context's. */
    public KeywardConfigurer keyward(Keyward keyward) {
        this.keyward = Objects.requireNonNull(keyward, "keyward");
        return this;
    }

    /** Where client addresses come from, instead of the application context's (or the remote address). */
    public KeywardConfigurer clientAddresses(ClientAddresses clientAddresses) {
        this.clientAddresses = Objects.requireNonNull(clientAddresses, "clientAddresses");
        return this;
    }

    @Override
    public void init(HttpSecurity http) {
        CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
        if (csrf != null) {
            csrf.ignoringRequestMatchers(tokenEndpoint, protectedApis());
        }
    }

    @Override
    public void configure(HttpSecurity http) {
        Keyward kw = keyward != null ? keyward : context(http).getBean(Keyward.class);
        ClientAddresses addresses = clientAddresses != null ? clientAddresses
                : context(http).getBeanProvider(ClientAddresses.class).getIfAvailable(ClientAddresses::direct);
        KeywardAuthenticationFilter filter = new KeywardAuthenticationFilter(protectedApis(),
                new KeywardAuthenticationConverter(any(eventApis), addresses),
                new KeywardAuthenticationProvider(kw.authenticator()), kw.authenticator(), getSecurityContextHolderStrategy(),
                new RequestAttributeSecurityContextRepository());
        // Ahead of Spring Security's header authentication (Digest, then Bearer, then Basic): a token request's
        // Basic client credentials are Keyward's, answered here, never tried as a user's login.
        http.addFilterBefore(postProcess(new KeywardTokenEndpointFilter(tokenEndpoint, kw.tokenEndpoint(), addresses)),
                DigestAuthenticationFilter.class);
        http.addFilterBefore(postProcess(filter), DigestAuthenticationFilter.class);
    }

    private RequestMatcher protectedApis() {
        List<RequestMatcher> all = new ArrayList<>(restApis);
        all.addAll(eventApis);
        return any(all);
    }

    private static RequestMatcher any(List<RequestMatcher> matchers) {
        return matchers.isEmpty() ? request -> false : new OrRequestMatcher(matchers);
    }

    private static RequestMatcher[] matchers(String... patterns) {
        PathPatternRequestMatcher.Builder builder = PathPatternRequestMatcher.withDefaults();
        return java.util.Arrays.stream(patterns).map(builder::matcher).toArray(RequestMatcher[]::new);
    }

    private static ApplicationContext context(HttpSecurity http) {
        return http.getSharedObject(ApplicationContext.class);
    }
}
