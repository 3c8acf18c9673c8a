package dev.keyward.servlet;

import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationResult;
import dev.keyward.ClientAddress;
import dev.keyward.Principal;
import dev.keyward.RequestAuthenticator;
import dev.keyward.servlet.internal.Grant;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Authenticates every request it is mapped to with Keyward. A denied request is answered
 * exactly as Keyward denied it — status, every header, body — and goes no further; a granted
 * one continues with its {@link dev.keyward.Principal} in the request attribute
 * {@link #PRINCIPAL_ATTRIBUTE} and, as a {@link KeywardPrincipal}, in {@code getUserPrincipal()}; it is in no
 * container role ({@code isUserInRole} is false), whoever the container had logged in.
 * The host maps the filter to its API paths and says which are Event APIs; every other
 * request it sees is a REST API request. The client's address, as {@link ClientAddresses} finds
 * it, is given to Keyward, which checks it against the connection's allowed IP ranges, and left
 * in {@link ClientAddresses#ATTRIBUTE}.
 *
 * <p>A request is checked once. Mapped for {@code FORWARD}, {@code INCLUDE}, {@code ASYNC} and {@code ERROR} dispatches too, as
 * it should be, the filter checks an API reached by a forward, an include or an async dispatch from a page it does
 * not guard; a request it already granted is only judged again for the family of the API it is handed to
 * ({@link RequestAuthenticator#familyDenial}): a bearer token forwarded or async-dispatched to an Event API is
 * denied, and nothing is verified or counted twice against its organization's limits, also when an async answer is
 * dispatched back to the API that started it. An included API is judged by its own path, which the container gives
 * in the {@code jakarta.servlet.include.*} attributes, never by the including page's. A forward or include by a named
 * dispatcher ({@code ServletContext.getNamedDispatcher}) names no path, so the filter judges it as an Event API call; the
 * container runs for it only the filters mapped to its target servlet by name, so an Event API servlet reached that
 * way is guarded only when the filter is mapped to it by name too. Mapped for {@code ERROR} dispatches too, the filter
 * checks an error page served at an API path as it checks a forward: a request it granted is judged for the page's
 * family, any other is authenticated, so a request that failed elsewhere without credentials gets Keyward's denial
 * there, written as the answer, never an error dispatch of its own.
 * A grant is this filter's own only when its authenticator made it in this request: a principal that anything else put in
 * {@link #PRINCIPAL_ATTRIBUTE} (the application, a view exposing its model, a second filter over another Keyward in the
 * same application) is no grant, and a request handed on with one is authenticated. Thread-safe once built.
 */
public final class KeywardFilter implements Filter {

    /**
     * The request attribute holding the {@link dev.keyward.Principal} of a granted request, for the application to read.
     * The filter never takes what it holds for a grant.
     */
    public static final String PRINCIPAL_ATTRIBUTE = "dev.keyward.principal";

    private static final Pattern REPEATED_SLASHES = Pattern.compile("/{2,}");

    private final RequestAuthenticator authenticator;
    private final Predicate<HttpServletRequest> eventApis;
    private final ClientAddresses clientAddresses;
    private final String requestIdHeader;

    private KeywardFilter(Builder builder) {
        this.authenticator = builder.authenticator;
        this.eventApis = builder.eventApis;
        this.clientAddresses = builder.clientAddresses;
        this.requestIdHeader = builder.requestIdHeader;
    }

    /** A filter over this authenticator, from {@code Keyward.authenticator()}. */
    public static Builder builder(RequestAuthenticator authenticator) {
        return new Builder(authenticator);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            throw new ServletException("KeywardFilter serves HTTP requests only");
        }
        // Every dispatch is checked, error pages too: a denial writes its answer, so it never causes an error dispatch.
        Optional<Principal> granted = request.getDispatcherType() == DispatcherType.REQUEST ? Optional.empty()
                : Grant.by(authenticator, request);
        if (granted.isPresent()) {
            judgeFamily(granted.get(), request, response, chain);
            return;
        }
        ClientAddress client = clientAddresses.clientAddress(request);
        request.setAttribute(ClientAddresses.ATTRIBUTE, client == null ? null : client.toInetAddress());
        AuthenticationResult result = authenticator.authenticate(ServletRequestHeaders.of(request), family(request),
                requestId(request), client);
        if (result instanceof AuthenticationResult.Granted grant) {
            Grant.record(request, authenticator, grant.principal());
            // Where the organization stands against its traffic limits, before the application writes its answer.
            grant.headers().forEach(response::setHeader);
            chain.doFilter(new GrantedRequest(request, new KeywardPrincipal(grant.principal())), response);
        } else if (result instanceof AuthenticationResult.Denied denied) {
            Answers.write(response, denied);
        }
    }

    /** Lets a request this filter already granted into the API it is handed to, if its credential may call that family. */
    private void judgeFamily(Principal granted, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<AuthenticationResult.Denied> denied = authenticator.familyDenial(granted, family(request), requestId(request));
        if (denied.isPresent()) {
            Answers.write(response, denied.get());
            return;
        }
        // An async dispatch of a request started without its wrappers hands on the container's request.
        chain.doFilter(new GrantedRequest(request, new KeywardPrincipal(granted)), response);
    }

    /**
     * The family of the API the request is dispatched to. During an include the request's own path is the including
     * page's, so the Event API predicate is given the request as the included target sees its path. A named dispatch
     * names no path, and the request's is another servlet's, so it is judged as an Event API call: only an access key
     * passes, whatever servlet it reaches.
     */
    private ApiFamily family(HttpServletRequest request) {
        return namedDispatch(request) || eventApis.test(IncludedRequest.asDispatched(request)) ? ApiFamily.EVENT : ApiFamily.REST;
    }

    /** A forward or include by {@code ServletContext.getNamedDispatcher}, for which the container sets no path attributes. */
    private static boolean namedDispatch(HttpServletRequest request) {
        return switch (request.getDispatcherType()) {
            case FORWARD -> request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI) == null;
            case INCLUDE -> request.getAttribute(RequestDispatcher.INCLUDE_REQUEST_URI) == null;
            default -> false;
        };
    }

    private String requestId(HttpServletRequest request) {
        return requestIdHeader == null ? null : request.getHeader(requestIdHeader);
    }

    /**
     * The path of a request inside its application as the container routes it: the servlet path and
     * the path info, which the container gives decoded, without path parameters and with dot segments
     * resolved. {@code getRequestURI()} is the path as sent ({@code /v1/eventManager/%65vent;x=1}),
     * which names the same servlet in other words. A container that will not say how an ambiguous
     * path decodes (Jetty 12 with ambiguous URIs allowed but not decoded for the servlet API) throws
     * here, and the request is answered with its error.
     */
    static String routedPath(HttpServletRequest request) {
        String info = request.getPathInfo();
        return info == null ? request.getServletPath() : request.getServletPath() + info;
    }

    /** The path with every run of slashes made one, and none at its end but for the root. */
    static String slashesFolded(String path) {
        // Most paths have nothing to fold: they are returned as they are, with nothing allocated.
        String folded = path.contains("//") ? REPEATED_SLASHES.matcher(path).replaceAll("/") : path;
        return folded.length() > 1 && folded.endsWith("/") ? folded.substring(0, folded.length() - 1) : folded;
    }

    @Override
    public String toString() {
        return "KeywardFilter[clientAddresses=" + clientAddresses + ", requestIdHeader=" + requestIdHeader + "]";
    }

    /** Settings of a {@link KeywardFilter}; not thread-safe. */
    public static final class Builder {

        private final RequestAuthenticator authenticator;
        private Predicate<HttpServletRequest> eventApis = request -> false;
        private ClientAddresses clientAddresses = ClientAddresses.direct();
        private String requestIdHeader;

        private Builder(RequestAuthenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        }

        /**
         * Which requests are Event API requests. During an include the predicate is given the request as the
         * included target sees it: its servlet path, path info, request URI and mapping are the target's, from
         * the {@code jakarta.servlet.include.*} attributes, not the including page's. Default none.
         */
        public Builder eventApis(Predicate<HttpServletRequest> eventApis) {
            this.eventApis = Objects.requireNonNull(eventApis, "eventApis");
            return this;
        }

        /**
         * The Event API requests are those whose path inside the application, as the container routes
         * it (decoded, without path parameters, dot segments resolved), is one of these, whatever slashes
         * it repeats or ends with: so {@code /v1/eventManager/event;x=1} and {@code /v1/eventManager/%65vent},
         * which the container hands to the servlet of {@code /v1/eventManager/event}, are Event API
         * requests too, and so are {@code /v1/eventManager/event/} and {@code /v1//eventManager/event},
         * which JAX-RS and some MVC setups route to the same resource. A path is never taken for a REST
         * API when an application might serve the Event API there. An included API is judged by its own path,
         * never by the page that includes it.
         *
         * @throws IllegalArgumentException when no path is given, or a path could never be one the container
         *         routes: not starting with {@code /} (a path is inside the application, without its context
         *         path), or holding a pattern's {@code *}, a query, a path parameter, percent-encoding, a dot
         *         segment, a space or a control character
         */
        public Builder eventApiPaths(String... paths) {
            Objects.requireNonNull(paths, "paths");
            if (paths.length == 0) {
                throw new IllegalArgumentException("name at least one Event API path");
            }
            Set<String> listed = Arrays.stream(paths).map(Builder::requirePath).map(KeywardFilter::slashesFolded)
                    .collect(Collectors.toUnmodifiableSet());
            return eventApis(request -> listed.contains(slashesFolded(routedPath(request))));
        }

        /**
         * A path as the container routes it, or refused: one that could never equal such a path would make
         * every request there a REST API request, open to bearer tokens, without a word.
         */
        private static String requirePath(String path) {
            if (path == null) {
                throw new IllegalArgumentException("an Event API path is null");
            }
            String problem = !path.startsWith("/") ? "does not start with '/' (paths are inside the application,"
                    + " after its context path)"
                    : path.contains("*") ? "holds '*': paths are compared whole; for patterns use eventApis(predicate)"
                    : path.contains("?") || path.contains("#") ? "holds a query or fragment"
                    : path.contains(";") ? "holds a path parameter, which the container takes out before routing"
                    : path.contains("%") ? "is percent-encoded: write it decoded, as the container routes it"
                    : path.matches(".*/\\.{1,2}(/.*)?") ? "holds a dot segment, which the container resolves"
                    : path.chars().anyMatch(c -> c <= ' ' || c == 0x7f) ? "holds a space or control character"
                    : null;
            if (problem != null) {
                // The path is the host's own configuration, never a credential: it is named so it can be found.
                throw new IllegalArgumentException("Event API path '" + path + "' " + problem);
            }
            return path;
        }

        /** Where the client's address comes from. Default {@link ClientAddresses#direct()}. */
        public Builder clientAddresses(ClientAddresses clientAddresses) {
            this.clientAddresses = Objects.requireNonNull(clientAddresses, "clientAddresses");
            return this;
        }

        /** A request header whose value becomes the request id of denials. Default none: Keyward makes one. */
        public Builder requestIdHeader(String name) {
            this.requestIdHeader = Objects.requireNonNull(name, "requestIdHeader");
            return this;
        }

        public KeywardFilter build() {
            return new KeywardFilter(this);
        }
    }
}
