package dev.keyward.servlet;

import dev.keyward.Keyward;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real Jetty 12 on a loopback port: the Keyward filter on {@code /v1/*} (the Event API at
 * {@code /v1/eventManager/event}), a servlet behind it that shows what it was given, and the
 * token servlet at {@code /oauth/token}.
 */
final class JettyServer implements AutoCloseable {

    /** Requests that reached the servlet behind the filter. */
    final AtomicInteger served = new AtomicInteger();
    private final Server server;

    JettyServer(Keyward keyward, ClientAddresses addresses) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        KeywardFilter filter = KeywardFilter.builder(keyward.authenticator())
                .eventApiPaths("/v1/eventManager/event")
                .clientAddresses(addresses)
                .requestIdHeader("X-Request-Id")
                .build();
        context.addFilter(new FilterHolder(filter), "/v1/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new Echo()), "/v1/*");
        context.addServlet(new ServletHolder(new KeywardTokenServlet(keyward.tokenEndpoint(), addresses)), "/oauth/token");
        server.setHandler(context);
        server.start();
    }

    /** A request to the token endpoint; a null authorization, content type or body is left out. */
    HttpResponse<String> token(HttpClient http, String method, String authorization, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/oauth/token"))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + path);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Answers with the user principal, the principal attribute and the client address it was given. */
    private final class Echo extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            served.incrementAndGet();
            dev.keyward.Principal principal = (dev.keyward.Principal) request.getAttribute(KeywardFilter.PRINCIPAL_ATTRIBUTE);
            InetAddress client = (InetAddress) request.getAttribute(ClientAddresses.ATTRIBUTE);
            response.setContentType("text/plain");
            response.getWriter().print(request.getUserPrincipal().getName() + " " + principal.organizationId().value()
                    + " " + principal.authenticationType() + " " + request.getAuthType() + " " + client.getHostAddress());
        }
    }
}
