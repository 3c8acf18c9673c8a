package dev.keyward.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.keyward.ClientAddress;
import dev.keyward.RequestHeaders;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP exchange with the demo's conventions: capped bodies, strict JSON in, JSON out,
 * nothing cacheable, and HEAD answered with the headers of GET.
 */
final class Exchange implements AdminRequest {

    static final ObjectMapper JSON = JsonBodies.JSON;

    private final HttpExchange exchange;
    private Map<String, String> pathParameters = Map.of();

    Exchange(HttpExchange exchange) {
        this.exchange = exchange;
    }

    String method() {
        return exchange.getRequestMethod();
    }

    /**
     * The path as sent, still percent-encoded: routes are matched against it ({@link RequestPaths}).
     * For a target in origin form it is the target up to its query, whatever a URI would make of it:
     * {@code //x/v1/ping} and {@code ///v1/ping} are the paths they look like, which match no route,
     * though a URI reads {@code //x} as an authority and an empty one as none. For a target in absolute
     * form ({@code http://host/v1/ping}) it is the path after the authority.
     */
    String path() {
        URI target = exchange.getRequestURI();
        if (target.getScheme() != null) {
            return target.getRawPath();
        }
        String sent = target.toString();
        int end = sent.length();
        for (char c : new char[] {'?', '#'}) {
            int at = sent.indexOf(c);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return sent.substring(0, end);
    }

    /**
     * The host the request names: the authority of a target in absolute form (RFC 9112 §3.2.2), else its
     * {@code Host}. An HTTP/1.1 request names it in exactly one {@code Host} header (RFC 9112 §3.2):
     * without one, or with two, which host it is for is not known, and it is refused with 400, as Tomcat
     * refuses it in the Spring demo; the JDK's server would route it as any other.
     *
     * @throws HttpError 400 for a request without a {@code Host} header (HTTP/1.1) or with two
     */
    String host() {
        List<String> hosts = Objects.requireNonNullElse(exchange.getRequestHeaders().get("Host"), List.of());
        if (hosts.size() > 1 || hosts.isEmpty() && "HTTP/1.1".equals(exchange.getProtocol())) {
            throw new HttpError(400, "INVALID_INPUT", "a request names its host in one Host header");
        }
        URI target = exchange.getRequestURI();
        return target.getScheme() != null ? target.getRawAuthority() : hosts.isEmpty() ? null : hosts.get(0);
    }

    /** The address of the demo the request arrived on. */
    InetAddress localAddress() {
        return exchange.getLocalAddress().getAddress();
    }

    /** The value of a {@code {name}} segment of the route's path. */
    @Override
    public String pathParameter(String name) {
        return Objects.requireNonNull(pathParameters.get(name), name);
    }

    void pathParameters(Map<String, String> parameters) {
        this.pathParameters = Map.copyOf(parameters);
    }

    @Override
    public String header(String name) {
        List<String> values = exchange.getRequestHeaders().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public int headerCount(String name) {
        List<String> values = exchange.getRequestHeaders().get(name);
        return values == null ? 0 : values.size();
    }

    /** The request headers for Keyward, read case-insensitively as HTTP wants. */
    RequestHeaders headers() {
        return name -> Objects.requireNonNullElse(exchange.getRequestHeaders().get(name), List.of());
    }

    /** The socket's peer address: the demo trusts no proxy, so it is the client's. */
    ClientAddress clientAddress() {
        InetSocketAddress remote = exchange.getRemoteAddress();
        return remote == null ? null : ClientAddress.of(remote.getAddress());
    }

    /** The body as received, at most {@code limit} bytes and one more, for an endpoint that judges its size. */
    byte[] bodyBytes(int limit) throws IOException {
        return JsonBodies.readAtMost(exchange.getRequestBody(), limit);
    }

    /** The body as a JSON object, read as {@link JsonBodies#object} says. */
    @Override
    public JsonNode jsonBody() throws IOException {
        return JsonBodies.object(onlyHeader("Content-Type"), onlyHeader("Content-Encoding"), bytes());
    }

    @Override
    public JsonNode optionalJsonBody() throws IOException {
        return JsonBodies.optionalObject(onlyHeader("Content-Type"), onlyHeader("Content-Encoding"), bytes());
    }

    @Override
    public String queryParameter(String name) {
        return QueryStrings.first(exchange.getRequestURI().getRawQuery(), name);
    }

    private byte[] bytes() throws IOException {
        return JsonBodies.read(exchange.getRequestBody());
    }

    /** Sends an answer of the admin plane. */
    void reply(AdminAnswer answer) throws IOException {
        if (answer.json() == null) {
            send(answer.status(), Map.of(), null);
        } else {
            sendJson(answer.status(), answer.json());
        }
    }

    void sendJson(int status, Object body) throws IOException {
        sendJson(status, Map.of(), body);
    }

    /** Sends JSON with these headers besides. */
    void sendJson(int status, Map<String, String> headers, Object body) throws IOException {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put("Content-Type", "application/json");
        send(status, all, JSON.writeValueAsString(body));
    }

    void sendError(HttpError error) throws IOException {
        error.headers().forEach(exchange.getResponseHeaders()::set);
        sendJson(error.status(), error.body());
    }

    /**
     * Sends an answer. Every answer is {@code Cache-Control: no-store} unless the headers say
     * otherwise: they carry secrets, tokens or the console that shows them; none may be sniffed for
     * another type or shown in a frame. To HEAD, sends the headers — {@code Content-Length}
     * included — and no body.
     */
    void send(int status, Map<String, String> headers, String body) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (method().equals("HEAD")) {
            // The JDK server sends no body to HEAD and leaves Content-Length to us; -1 tells it there is none.
            if (bytes.length > 0) {
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        if (bytes.length == 0) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
