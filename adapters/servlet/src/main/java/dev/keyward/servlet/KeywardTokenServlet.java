package dev.keyward.servlet;

import dev.keyward.ClientAddress;
import dev.keyward.TokenEndpoint;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The OAuth 2.0 token endpoint ({@code POST /oauth/token}, client credentials grant) as a
 * servlet: hands every request, whatever its method, to Keyward's {@link TokenEndpoint} and
 * writes its answer as is, {@code Cache-Control: no-store} included. The client's address, which
 * Keyward checks against the connection's allowed IP ranges, comes from {@link ClientAddresses}
 * (default {@link ClientAddresses#direct()}) and is left in {@link ClientAddresses#ATTRIBUTE}, as
 * the filter leaves it. Thread-safe.
 */
public final class KeywardTokenServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /**
     * The most of a body that is read. Core refuses bodies over 8 KiB; reading a little more
     * lets it see that a body is too long without the servlet reading an unbounded one.
     */
    static final int MAX_BODY_BYTES = 16 * 1024;

    private final transient TokenEndpoint endpoint;
    private final transient ClientAddresses clientAddresses;

    /** A token servlet taking the client's address from the container's remote address. */
    public KeywardTokenServlet(TokenEndpoint endpoint) {
        this(endpoint, ClientAddresses.direct());
    }

    /** A token servlet finding the client's address with these settings. */
    public KeywardTokenServlet(TokenEndpoint endpoint, ClientAddresses clientAddresses) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.clientAddresses = Objects.requireNonNull(clientAddresses, "clientAddresses");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response);
    }

    /** Answers one request to the token endpoint, whatever its method; for filters that serve the endpoint themselves. */
    public void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ClientAddress client = clientAddresses.clientAddress(request);
        request.setAttribute(ClientAddresses.ATTRIBUTE, client == null ? null : client.toInetAddress());
        Answers.write(response, endpoint.handle(request.getMethod(), ServletRequestHeaders.of(request), body(request),
                client));
    }

    /**
     * The body as received, at most {@link #MAX_BODY_BYTES} of it: never through {@code getParameter},
     * which would parse it, nor decoded here, so Keyward judges the very bytes the client sent.
     */
    static byte[] body(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            return in.readNBytes(MAX_BODY_BYTES + 1);
        }
    }
}
