package dev.keyward.spring;

import dev.keyward.Keyward;
import dev.keyward.servlet.ClientAddresses;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * is checked once: a forward, include, async dispatch or error page into a protected API unless the request
 * was already granted, in which case it is only judged for the API family it reaches (a bearer token forwarded
 * or async-dispatched to an Event API, or whose error page is one, is denied); error pages elsewhere are the
 * application's. The token endpoint (default {@code /oauth/token}) is
 * answered in the chain. Both filters run before Spring Security's own header authentication
 * (Digest, bearer, Basic), so the client credentials of a token request in a Basic header reach
 * Keyward's token endpoint, which answers in the chain, not the host's user login. Spring's own
 * filters still run after a grant: the bearer filter ({@code oauth2ResourceServer()}) tries every
 * bearer token, Keyward's too, and the Basic filter authenticates a request that also carries a
 * user's login as that user; so Keyward's APIs belong in a chain of their own, with
 * {@code securityMatcher}, without either. CSRF protection does not apply to these requests: they carry their credential in a
 * header, never in a cookie. The filters are made here, not as beans, so that the
 * servlet container does not run them a second time outside the chain. Paths and patterns are read as
 * Spring Security's own {@code requestMatchers(String...)} reads them in the same chain, with the
 * application's {@link PathPatternRequestMatcher.Builder}: under Spring Boot, beneath
 * {@code spring.mvc.servlet.path}, the token endpoint too. Defaults: no APIs, token
 * endpoint at {@code /oauth/token}, Keyward and the client address source from the application
 * context. A chain that names no API has only the token endpoint, and says so in a warning at start unless
 * {@link #tokenEndpointOnly()} says it is meant so.
 */
public final class KeywardConfigurer extends AbstractHttpConfigurer<KeywardConfigurer, HttpSecurity> {

    private static final Logger LOG = LoggerFactory.getLogger(KeywardConfigurer.class);

    private final List<Function<PathPatternRequestMatcher.Builder, RequestMatcher>> restApis = new ArrayList<>();
    private final List<Function<PathPatternRequestMatcher.Builder, RequestMatcher>> eventApis = new ArrayList<>();
    private String tokenEndpointPath = "/oauth/token";
    private boolean tokenEndpointOnly;
    private Keyward keyward;
    private ClientAddresses clientAddresses;
    /** The matchers, made once the application's path matcher builder is known. */
    private Matchers matchers;

    private KeywardConfigurer() {
    }

    /** A configurer for {@code http.with(...)}. */
    public static KeywardConfigurer keyward() {
        return new KeywardConfigurer();
    }

    /**
     * REST API requests: those matching these path patterns, any method, and the same paths with a slash at
     * their end ({@code /v1/ping/} for {@code /v1/ping}), which Jersey and Spring's {@code UrlHandlerFilter}
     * route to the same resource: a path an application serves an API at never goes unchecked for a slash. For
     * a pattern whose last segment is a wildcard or a variable ({@code /v1/*}, {@code /v1/{id}}), that is every
     * path it matches with a slash at its end.
     * The patterns are read as Spring Security's {@code requestMatchers(String...)} reads them, by the
     * application's {@link PathPatternRequestMatcher.Builder} when it has exactly one (Spring Boot's is
     * relative to {@code spring.mvc.servlet.path}), else by {@link PathPatternRequestMatcher#withDefaults()}.
     */
    public KeywardConfigurer restApis(String... patterns) {
        restApis.addAll(withTrailingSlashes(patterns));
        return this;
    }

    /** REST API requests: those these matchers match. */
    public KeywardConfigurer restApis(RequestMatcher... matchers) {
        restApis.addAll(given(matchers));
        return this;
    }

    /**
     * Event API requests, closed to M2M OAuth bearer tokens: those matching these path patterns, read as the REST
     * ones, and the same paths with a slash at their end ({@code /v1/eventManager/event/} for
     * {@code /v1/eventManager/event}), which Jersey and Spring's {@code UrlHandlerFilter} route to the same
     * resource: a path is never taken for a REST API where the application might serve an Event API.
     */
    public KeywardConfigurer eventApis(String... patterns) {
        eventApis.addAll(withTrailingSlashes(patterns));
        return this;
    }

    /** Matchers of the patterns, and of each that ends in a named segment with a slash after it. */
    private static List<Function<PathPatternRequestMatcher.Builder, RequestMatcher>> withTrailingSlashes(
            String... patterns) {
        List<Function<PathPatternRequestMatcher.Builder, RequestMatcher>> made = new ArrayList<>(patterned(patterns));
        made.addAll(patterned(Arrays.stream(patterns).filter(KeywardConfigurer::endsInANamedSegment)
                .map(pattern -> pattern + "/").toArray(String[]::new)));
        return made;
    }

    /**
     * Whether a pattern's last segment names something a slash could follow: not the root, not a slash already,
     * not {@code **} or a {@code {*name}} capture, which match what follows them already.
     */
    private static boolean endsInANamedSegment(String pattern) {
        return pattern != null && !pattern.endsWith("/") && !pattern.endsWith("**") && !pattern.contains("{*");
    }

    /** Event API requests: those these matchers match. */
    public KeywardConfigurer eventApis(RequestMatcher... matchers) {
        eventApis.addAll(given(matchers));
        return this;
    }

    /**
     * Where the token endpoint is answered, every method, read as the API patterns are. Default
     * {@code /oauth/token}.
     */
    public KeywardConfigurer tokenEndpoint(String path) {
        this.tokenEndpointPath = Objects.requireNonNull(path, "path");
        return this;
    }

    /**
     * This chain answers the token endpoint only, on purpose: it names no API, and no warning says so at start.
     * Naming an API as well is refused when the chain is built.
     */
    public KeywardConfigurer tokenEndpointOnly() {
        this.tokenEndpointOnly = true;
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
        Matchers made = matchers(http);
        CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
        if (csrf != null) {
            csrf.ignoringRequestMatchers(made.tokenEndpoint(), made.protectedApis());
        }
    }

    @Override
    public void configure(HttpSecurity http) {
        boolean namesNoApi = restApis.isEmpty() && eventApis.isEmpty();
        if (tokenEndpointOnly && !namesNoApi) {
            throw new IllegalStateException("Keyward's configurer was told tokenEndpointOnly() and given APIs as well");
        }
        if (namesNoApi && !tokenEndpointOnly) {
            LOG.warn("Keyward checks no API in this filter chain: neither restApis(...) nor eventApis(...) was "
                    + "named, so only its token endpoint at {} is answered here (tokenEndpointOnly() says it is "
                    + "meant so)", tokenEndpointPath);
        }
        Keyward kw = keyward != null ? keyward : context(http).getBean(Keyward.class);
        ClientAddresses addresses = clientAddresses != null ? clientAddresses
                : context(http).getBeanProvider(ClientAddresses.class).getIfAvailable(ClientAddresses::direct);
        Matchers made = matchers(http);
        KeywardAuthenticationFilter filter = new KeywardAuthenticationFilter(made.protectedApis(),
                new KeywardAuthenticationConverter(made.eventApis(), addresses),
                new KeywardAuthenticationProvider(kw.authenticator()), kw.authenticator(), getSecurityContextHolderStrategy(),
                new RequestAttributeSecurityContextRepository());
        // Ahead of Spring Security's header authentication (Digest, then Bearer, then Basic): a token request's
        // Basic client credentials are Keyward's, answered here, never tried as a user's login.
        KeywardTokenEndpointFilter token = new KeywardTokenEndpointFilter(made.tokenEndpoint(), kw.tokenEndpoint(),
                addresses);
        http.addFilterBefore(postProcess(token), DigestAuthenticationFilter.class);
        http.addFilterBefore(postProcess(filter), DigestAuthenticationFilter.class);
    }

    /** The matchers, made on first use with the application's path matcher builder. */
    private Matchers matchers(HttpSecurity http) {
        if (matchers == null) {
            PathPatternRequestMatcher.Builder paths = paths(http);
            List<RequestMatcher> rest = made(restApis, paths);
            List<RequestMatcher> event = made(eventApis, paths);
            List<RequestMatcher> all = new ArrayList<>(rest);
            all.addAll(event);
            matchers = new Matchers(any(all), any(event), paths.matcher(tokenEndpointPath));
        }
        return matchers;
    }

    /**
     * The builder Spring Security's own {@code requestMatchers(String...)} takes: the application's
     * {@link PathPatternRequestMatcher.Builder} when it has exactly one, else
     * {@link PathPatternRequestMatcher#withDefaults()}.
     */
    private static PathPatternRequestMatcher.Builder paths(HttpSecurity http) {
        ApplicationContext context = context(http);
        return context == null ? PathPatternRequestMatcher.withDefaults()
                : context.getBeanProvider(PathPatternRequestMatcher.Builder.class)
                        .getIfUnique(PathPatternRequestMatcher::withDefaults);
    }

    private record Matchers(RequestMatcher protectedApis, RequestMatcher eventApis, RequestMatcher tokenEndpoint) {
    }

    private static List<Function<PathPatternRequestMatcher.Builder, RequestMatcher>> patterned(String... patterns) {
        return Arrays.stream(patterns).map(pattern -> Objects.requireNonNull(pattern, "pattern"))
                .map(pattern -> (Function<PathPatternRequestMatcher.Builder, RequestMatcher>) paths -> paths.matcher(pattern))
                .toList();
    }

    private static List<Function<PathPatternRequestMatcher.Builder, RequestMatcher>> given(RequestMatcher... matchers) {
        return Arrays.stream(matchers).map(matcher -> Objects.requireNonNull(matcher, "matcher"))
                .map(matcher -> (Function<PathPatternRequestMatcher.Builder, RequestMatcher>) paths -> matcher).toList();
    }

    private static List<RequestMatcher> made(List<Function<PathPatternRequestMatcher.Builder, RequestMatcher>> makers,
            PathPatternRequestMatcher.Builder paths) {
        return makers.stream().map(maker -> maker.apply(paths)).toList();
    }

    private static RequestMatcher any(List<RequestMatcher> matchers) {
        return matchers.isEmpty() ? request -> false : new OrRequestMatcher(matchers);
    }

    private static ApplicationContext context(HttpSecurity http) {
        return http.getSharedObject(ApplicationContext.class);
    }
}
