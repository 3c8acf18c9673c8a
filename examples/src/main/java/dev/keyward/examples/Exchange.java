package dev.keyward.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.keyward.RequestHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** One HTTP exchange with the demo's conventions: capped bodies, JSON in and out. */
final class Exchange {

    /** Request bodies larger than this are refused with 413. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpExchange exchange;

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

    String header(String name) {
        List<String> values = exchange.getRequestHeaders().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The request headers for Keyward, read case-insensitively as HTTP wants. */
    RequestHeaders headers() {
        return name -> Objects.requireNonNullElse(exchange.getRequestHeaders().get(name), List.of());
    }

    /** The body as text, at most {@link #MAX_BODY_BYTES}. */
    String body() throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new HttpError(413, "PAYLOAD_TOO_LARGE", "request bodies are limited to " + MAX_BODY_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** The body as a JSON object; the request must say it is JSON. */
    JsonNode jsonBody() throws IOException {
        String type = Objects.requireNonNullElse(header("Content-Type"), "");
        if (!type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new HttpError(415, "UNSUPPORTED_MEDIA_TYPE", "send the body as application/json");
        }
        try {
            JsonNode node = JSON.readTree(body());
            if (node == null || !node.isObject()) {
                throw HttpError.badRequest("the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw HttpError.badRequest("the body is not valid JSON");
        }
    }

    void sendJson(int status, Object body) throws IOException {
        send(status, Map.of("Content-Type", "application/json"), JSON.writeValueAsString(body));
    }

    void sendError(HttpError error) throws IOException {
        error.headers().forEach(exchange.getResponseHeaders()::set);
        sendJson(error.status(), Map.of("errorCode", error.errorCode(), "message", error.getMessage()));
    }

    void send(int status, Map<String, String> headers, String body) throws IOException {
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (body == null || body.isEmpty()) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
