package dev.keyward.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.keyward.RequestHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP exchange with the demo's conventions: capped bodies, strict JSON in, JSON out,
 * nothing cacheable, and HEAD answered with the headers of GET.
 */
final class Exchange {

    /** Request bodies larger than this are refused with 413. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpExchange exchange;
    private Map<String, String> pathParameters = Map.of();

    Exchange(HttpExchange exchange) {
        this.exchange = exchange;
    }

    String method() {
        return exchange.getRequestMethod();
    }

    /** The decoded path. */
    String path() {
        return exchange.getRequestURI().getPath();
    }

    /** The value of a {@code {name}} segment of the route's path. */
    String pathParameter(String name) {
        return Objects.requireNonNull(pathParameters.get(name), name);
    }

    void pathParameters(Map<String, String> parameters) {
        this.pathParameters = Map.copyOf(parameters);
    }

    /**
     * The decoded value of a query parameter, or {@code null} when absent.
     *
     * @throws HttpError 400 when it is repeated or not decodable
     */
    String queryParameter(String name) {
        String query = exchange.getRequestURI().getRawQuery();
        String found = null;
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = decode(equals < 0 ? pair : pair.substring(0, equals));
            if (key.equals(name)) {
                if (found != null) {
                    throw HttpError.badRequest("the query parameter " + name + " is repeated");
                }
                found = equals < 0 ? "" : decode(pair.substring(equals + 1));
            }
        }
        return found;
    }

    private static String decode(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("the query is not correctly percent-encoded");
        }
    }

    String header(String name) {
        List<String> values = exchange.getRequestHeaders().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The request headers for Keyward, read case-insensitively as HTTP wants. */
    RequestHeaders headers() {
        return name -> Objects.requireNonNullElse(exchange.getRequestHeaders().get(name), List.of());
    }

    /** The body as received, at most {@link #MAX_BODY_BYTES}. */
    byte[] bodyBytes() throws IOException {
        return bytes();
    }

    /** The body as a JSON object; the request must say it is JSON, and send it in UTF-8 (RFC 8259). */
    JsonNode jsonBody() throws IOException {
        String type = Objects.requireNonNullElse(header("Content-Type"), "");
        if (!type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new HttpError(415, "UNSUPPORTED_MEDIA_TYPE", "send the body as application/json");
        }
        try {
            JsonNode node = JSON.readTree(strictUtf8(bytes()));
            if (node == null || !node.isObject()) {
                throw HttpError.badRequest("the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw HttpError.badRequest("the body is not valid JSON");
        }
    }

    private byte[] bytes() throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new HttpError(413, "PAYLOAD_TOO_LARGE", "request bodies are limited to " + MAX_BODY_BYTES + " bytes");
            }
            return bytes;
        }
    }

    /** Decodes UTF-8, refusing what is not: a lenient decoder would store U+FFFD in place of the client's bytes. */
    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw HttpError.badRequest("the body is not valid UTF-8");
        }
    }

    void sendJson(int status, Object body) throws IOException {
        send(status, Map.of("Content-Type", "application/json"), JSON.writeValueAsString(body));
    }

    void sendError(HttpError error) throws IOException {
        error.headers().forEach(exchange.getResponseHeaders()::set);
        sendJson(error.status(), Map.of("errorCode", error.errorCode(), "message", error.getMessage()));
    }

    /**
     * Sends an answer. Every answer is {@code Cache-Control: no-store} unless the headers say
     * otherwise: they carry secrets, tokens or the console that shows them. To HEAD, sends the
     * headers — {@code Content-Length} included — and no body.
     */
    void send(int status, Map<String, String> headers, String body) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
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
