package dev.keyward.examples.spring;

import dev.keyward.examples.AdminAnswer;
import dev.keyward.examples.HttpError;
import dev.keyward.examples.JsonBodies;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes the demo's answers as the JDK demo does: nothing cacheable unless said otherwise,
 * {@code nosniff}, never in a frame, and always a {@code Content-Length} — HEAD answers carry the
 * length of the GET answer, and clients on kept-alive connections frame answers by it.
 */
final class Replies {

    private Replies() {
    }

    static void send(HttpServletResponse response, int status, Map<String, String> headers, String body) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        headers.forEach(response::setHeader);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        if (body == null) {
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        OutputStream out = response.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    static void json(HttpServletResponse response, int status, Object value) throws IOException {
        send(response, status, Map.of("Content-Type", "application/json"), JsonBodies.JSON.writeValueAsString(value));
    }

    static void answer(HttpServletResponse response, AdminAnswer answer) throws IOException {
        if (answer.json() == null) {
            send(response, answer.status(), Map.of(), null);
        } else {
            json(response, answer.status(), answer.json());
        }
    }

    static void error(HttpServletResponse response, HttpError error) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        send(response, error.status(), merged(error.headers()), JsonBodies.JSON.writeValueAsString(error.body()));
    }

    private static Map<String, String> merged(Map<String, String> headers) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put("Content-Type", "application/json");
        return all;
    }
}
