package dev.keyward.examples;

import dev.keyward.KeywardException;
import java.util.Map;

/** An answer other than success, thrown to end a request: status, stable code and a message for the client. */
public final class HttpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The admin plane's challenge: its scheme is the header that names the acting user. */
    public static final String ADMIN_CHALLENGE = "X-Actor realm=\"keyward-demo-admin\"";

    private final int status;
    private final String errorCode;
    private final Map<String, String> headers;

    public HttpError(int status, String errorCode, String message) {
        this(status, errorCode, message, Map.of());
    }

    private HttpError(int status, String errorCode, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
        this.headers = headers;
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    /** Headers the answer carries besides Content-Type, such as {@code Allow}. */
    public Map<String, String> headers() {
        return headers;
    }

    /** A refusal of Keyward's, with its status and stable code. */
    public static HttpError from(KeywardException e) {
        // Keyward's own words, and for a 503 the Retry-After its denials carry as well.
        Map<String, String> headers = e.httpStatus() == 503 ? Map.of("Retry-After", "1") : Map.of();
        return new HttpError(e.httpStatus(), e.code().name(), e.getMessage(), headers);
    }

    /** The JSON body of the answer: {@code {"errorCode", "message"}}. */
    public Map<String, String> body() {
        return Map.of("errorCode", errorCode, "message", getMessage());
    }

    public static HttpError badRequest(String message) {
        return new HttpError(400, "INVALID_INPUT", message);
    }

    /**
     * A 401 of the admin plane: no demo user named in {@code X-Actor}. It carries the challenge every 401 must
     * (RFC 9110 §11.6.1), naming the header the plane reads; no browser prompts for a scheme it does not know.
     */
    public static HttpError unauthenticated(String message) {
        return new HttpError(401, "UNAUTHENTICATED", message, Map.of("WWW-Authenticate", ADMIN_CHALLENGE));
    }

    public static HttpError notFound() {
        return new HttpError(404, "NOT_FOUND", "no such resource");
    }

    public static HttpError methodNotAllowed(String allowed) {
        return new HttpError(405, "METHOD_NOT_ALLOWED", "allowed: " + allowed, Map.of("Allow", allowed));
    }
}
