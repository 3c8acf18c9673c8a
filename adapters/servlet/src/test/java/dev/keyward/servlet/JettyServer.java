package dev.keyward.servlet;

import dev.keyward.Keyward;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.FilterMapping;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real Jetty 12 on a loopback port: the Keyward filter on {@code /v1/*} (the Event API at
 * {@code /v1/eventManager/event}), servlets behind it that show what they were given — one for
 * the Event API path, with or without a trailing slash as JAX-RS and some MVC setups route it, one
 * for the rest of {@code /v1/*} — and the token servlet at {@code /oauth/token}. The filter sees forwards
 * and includes too, as the README registers it: {@code /public/to-ping}, a page it does not guard, and
 * {@code /v1/to-ping} forward to the ping, {@code /v1/to-event} to the Event API; {@code /v1/include-event} and
 * {@code /public/include-event}, a page it does not guard, include the Event API. The filter sees async
 * dispatches too: {@code /public/async-ping} and {@code /v1/async-ping} start an async answer and dispatch it to
 * the ping, {@code /v1/async-event} to the Event API, and {@code /v1/async-self} back to itself, as a servlet
 * answering on another thread does. {@code /public/planted-to-ping}, a page the filter does not guard, puts a principal
 * of its own making in the principal attribute and forwards to the ping. Given a second Keyward, a second filter over
 * it guards {@code /internal/*}, and {@code /v1/to-internal} forwards there. The filter is also mapped by name to the
 * Event API servlet, for forwards and includes, and {@code /v1/to-event-by-name} forwards to it by its name. The filter
 * sees error dispatches too: the error page of a 404 is the ping, that of a 409 the Event API, and {@code /v1/conflict}
 * answers 409. {@code /v1/roles}, behind a login of the application's own ahead of the filter, answers whether its
 * user is in the role {@code admin}.
 */
final class JettyServer implements AutoCloseable {

    /** Requests that reached a servlet behind the filter. */
    final AtomicInteger served = new AtomicInteger();
    /** Requests the container routed to the Event API servlet. */
    final AtomicInteger events = new AtomicInteger();
    /** What each token request left in its client address attribute, once the servlet has answered it. */
    final BlockingQueue<Optional<Object>> tokenClients = new LinkedBlockingQueue<>();
    private final Server server;
    private final String host;

    JettyServer(Keyward keyward, ClientAddresses addresses) throws Exception {
        this(keyward, addresses, "127.0.0.1", UriCompliance.DEFAULT, false);
    }

    /** With a second filter over the second Keyward, guarding {@code /internal/*}. */
    JettyServer(Keyward keyward, Keyward internal) throws Exception {
        this(keyward, ClientAddresses.direct(), "127.0.0.1", UriCompliance.DEFAULT, false, internal);
    }

    /**
     * On this loopback address, reading request targets with this compliance; {@code decodeAmbiguousUris}
     * lets servlets have the decoded path of an ambiguous target the compliance lets in.
     */
    JettyServer(Keyward keyward, ClientAddresses addresses, String host, UriCompliance compliance,
            boolean decodeAmbiguousUris) throws Exception {
        this(keyward, addresses, host, compliance, decodeAmbiguousUris, null);
    }

    private JettyServer(Keyward keyward, ClientAddresses addresses, String host, UriCompliance compliance,
            boolean decodeAmbiguousUris, Keyward internal) throws Exception {
        this.host = host;
        server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setUriCompliance(compliance);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.getServletHandler().setDecodeAmbiguousURIs(decodeAmbiguousUris);
        KeywardFilter filter = KeywardFilter.builder(keyward.authenticator())
                .eventApiPaths("/v1/eventManager/event")
                .clientAddresses(addresses)
                .requestIdHeader("X-Request-Id")
                .build();
        // Mapped ahead of Keyward's: the application's own login, whose user is in the role "admin".
        context.addFilter(new FilterHolder((Filter) (request, response, chain) -> chain.doFilter(
                new LoggedIn((HttpServletRequest) request), response)), "/v1/roles", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new Roles()), "/v1/roles");
        FilterHolder keywardFilter = new FilterHolder(filter);
        keywardFilter.setAsyncSupported(true);
        context.addFilter(keywardFilter, "/v1/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD,
                DispatcherType.INCLUDE, DispatcherType.ASYNC, DispatcherType.ERROR));
        ErrorPageErrorHandler errorPages = new ErrorPageErrorHandler();
        errorPages.addErrorPage(404, "/v1/ping");
        errorPages.addErrorPage(409, "/v1/eventManager/event");
        context.setErrorHandler(errorPages);
        context.addServlet(new ServletHolder(new Failing(409)), "/v1/conflict");
        if (internal != null) {
            FilterHolder internalFilter = new FilterHolder(KeywardFilter.builder(internal.authenticator())
                    .requestIdHeader("X-Request-Id").build());
            context.addFilter(internalFilter, "/internal/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD,
                    DispatcherType.INCLUDE, DispatcherType.ASYNC));
            context.addServlet(new ServletHolder(Dispatch.forward("/internal/ping")), "/v1/to-internal");
            context.addServlet(new ServletHolder(new Echo(null)), "/internal/*");
        }
        context.addServlet(new ServletHolder(Dispatch.forward("/v1/ping")), "/public/to-ping");
        context.addServlet(new ServletHolder(Dispatch.plantingAPrincipal("/v1/ping")), "/public/planted-to-ping");
        context.addServlet(new ServletHolder(Dispatch.forward("/v1/ping")), "/v1/to-ping");
        context.addServlet(new ServletHolder(Dispatch.forward("/v1/eventManager/event")), "/v1/to-event");
        context.addServlet(new ServletHolder(Dispatch.include("/v1/eventManager/event")), "/v1/include-event");
        context.addServlet(new ServletHolder(Dispatch.include("/v1/eventManager/event")), "/public/include-event");
        context.addServlet(async(new AsyncDispatch("/v1/ping")), "/public/async-ping");
        context.addServlet(async(new AsyncDispatch("/v1/ping")), "/v1/async-ping");
        context.addServlet(async(new AsyncDispatch("/v1/eventManager/event")), "/v1/async-event");
        context.addServlet(async(new AsyncDispatch(null)), "/v1/async-self");
        context.addServlet(new ServletHolder("api", new Echo(null)), "/v1/*");
        ServletHolder event = new ServletHolder("event", new Echo(events));
        context.addServlet(event, "/v1/eventManager/event");
        context.addServlet(event, "/v1/eventManager/event/");
        // A named dispatch names no path, and the container runs for it only the filters mapped to its servlet by name.
        FilterMapping byName = new FilterMapping();
        byName.setFilterName(keywardFilter.getName());
        byName.setServletName("event");
        byName.setDispatcherTypes(EnumSet.of(DispatcherType.FORWARD, DispatcherType.INCLUDE));
        context.getServletHandler().addFilterMapping(byName);
        context.addServlet(new ServletHolder(Dispatch.byName("event")), "/v1/to-event-by-name");
        Filter afterToken = (request, response, chain) -> {
            chain.doFilter(request, response);
            tokenClients.add(Optional.ofNullable(request.getAttribute(ClientAddresses.ATTRIBUTE)));
        };
        context.addFilter(new FilterHolder(afterToken), "/oauth/token", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new KeywardTokenServlet(keyward.tokenEndpoint(), addresses)), "/oauth/token");
        server.setHandler(context);
        server.start();
    }

    private static ServletHolder async(HttpServlet servlet) {
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        return holder;
    }

    /** A request to the token endpoint; a null authorization, content type or body is left out. */
    HttpResponse<String> token(HttpClient http, String method, String authorization, String contentType, String body,
            String... moreHeaders) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/oauth/token"))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (moreHeaders.length > 0) {
            request.headers(moreHeaders);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        String authority = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + authority + ":" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + path);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Hands every request on as it says: a forward or include to another path, or a forward by a servlet's name. */
    private static final class Dispatch extends HttpServlet {
        private static final long serialVersionUID = 1L;

        /** How a request is handed on. */
        private interface How {
            void handOn(HttpServlet servlet, HttpServletRequest request, HttpServletResponse response)
                    throws IOException, ServletException;
        }

        private final transient How how;

        private Dispatch(How how) {
            this.how = how;
        }

        /** Forwards every request to another path of the application. */
        static Dispatch forward(String target) {
            return new Dispatch((servlet, request, response) -> request.getRequestDispatcher(target).forward(request, response));
        }

        /** Answers every request with what another path of the application writes. */
        static Dispatch include(String target) {
            return new Dispatch((servlet, request, response) -> request.getRequestDispatcher(target).include(request, response));
        }

        /** Forwards every request to a servlet of the application by its name, which names no path. */
        static Dispatch byName(String name) {
            return new Dispatch((servlet, request, response) ->
                    servlet.getServletContext().getNamedDispatcher(name).forward(request, response));
        }

        /** Puts a principal of its own making where Keyward leaves a granted one, then forwards to another path. */
        static Dispatch plantingAPrincipal(String target) {
            return new Dispatch((servlet, request, response) -> {
                request.setAttribute(KeywardFilter.PRINCIPAL_ATTRIBUTE, new dev.keyward.Principal(
                        dev.keyward.OrganizationId.of("org-planted"), dev.keyward.ConnectionId.of("planted"), "Planted",
                        dev.keyward.AuthenticationType.ACCESS_KEY));
                request.getRequestDispatcher(target).forward(request, response);
            });
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
            how.handOn(this, request, response);
        }
    }

    /** A request of the application's own logged-in user, {@code carol}, in the role {@code admin}. */
    private static final class LoggedIn extends HttpServletRequestWrapper {

        LoggedIn(HttpServletRequest request) {
            super(request);
        }

        @Override
        public java.security.Principal getUserPrincipal() {
            return () -> "carol";
        }

        @Override
        public boolean isUserInRole(String role) {
            return role.equals("admin");
        }
    }

    /** Answers whether the request's user is in the role {@code admin}, and the user's name. */
    private static final class Roles extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.getWriter().print(request.isUserInRole("admin") + " " + request.getUserPrincipal().getName());
        }
    }

    /** Answers every request with this error status, which the container then answers with its error page. */
    private static final class Failing extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final int status;

        Failing(int status) {
            this.status = status;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.sendError(status);
        }
    }

    /**
     * Starts an async answer and dispatches it to another path of the application, or, without one, back to
     * itself, which then answers as the API servlet does.
     */
    private final class AsyncDispatch extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final String target;
        private final Echo echo = new Echo(null);

        AsyncDispatch(String target) {
            this.target = target;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (request.getDispatcherType() == DispatcherType.ASYNC) {
                echo.service(request, response);
                return;
            }
            AsyncContext async = request.startAsync();
            if (target == null) {
                async.dispatch();
            } else {
                async.dispatch(target);
            }
        }
    }

    /** Answers with the user principal, the principal attribute and the client address it was given. */
    private final class Echo extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient AtomicInteger routedHere;

        Echo(AtomicInteger routedHere) {
            this.routedHere = routedHere;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            served.incrementAndGet();
            if (routedHere != null) {
                routedHere.incrementAndGet();
            }
            dev.keyward.Principal principal = (dev.keyward.Principal) request.getAttribute(KeywardFilter.PRINCIPAL_ATTRIBUTE);
            InetAddress client = (InetAddress) request.getAttribute(ClientAddresses.ATTRIBUTE);
            response.setContentType("text/plain");
            response.getWriter().print(request.getUserPrincipal().getName() + " " + principal.organizationId().value()
                    + " " + principal.authenticationType() + " " + request.getAuthType() + " " + client.getHostAddress());
        }
    }
}
