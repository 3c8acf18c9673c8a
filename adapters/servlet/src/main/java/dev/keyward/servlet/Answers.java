package dev.keyward.servlet;

import dev.keyward.AuthenticationResult;
import dev.keyward.TokenResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes Keyward's answers to a servlet response as core made them: the status, every header
 * and the body, with its {@code Content-Length}. Core's answers already say
 * {@code Cache-Control: no-store}; nothing here adds or drops a header.
 */
public final class Answers {

    private Answers() {
    }

    /** Writes a denial and commits the response. */
    public static void write(HttpServletResponse response, AuthenticationResult.Denied denied) throws IOException {
        write(response, denied.httpStatus(), denied.headers(), denied.body());
    }

    /** Writes a token endpoint answer and commits the response. */
    public static void write(HttpServletResponse response, TokenResponse answer) throws IOException {
        write(response, answer.status(), answer.headers(), answer.body());
    }

    private static void write(HttpServletResponse response, int status, Map<String, String> headers, String body)
            throws IOException {
        response.resetBuffer();
        response.setStatus(status);
        headers.forEach(response::setHeader);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        // Written whole, then flushed: the answer is final whatever runs after this.
        OutputStream out = response.getOutputStream();
        out.write(bytes);
        out.flush();
    }
}
