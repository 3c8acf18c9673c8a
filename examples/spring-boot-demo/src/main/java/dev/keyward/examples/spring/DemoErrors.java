package dev.keyward.examples.spring;

import dev.keyward.KeywardException;
import dev.keyward.examples.HttpError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure into the demo's JSON error, as the JDK demo's handler does: refusals keep
 * their status and stable code; anything unexpected becomes a bare 500 — no stack trace reaches
 * a client.
 */
@RestControllerAdvice
class DemoErrors {

    private static final Logger LOG = LoggerFactory.getLogger(DemoErrors.class);

    // The order the JDK demo names methods in, for the same Allow header.
    private static final List<String> METHOD_ORDER = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");

    @ExceptionHandler(HttpError.class)
    void refused(HttpError error, HttpServletResponse response) throws IOException {
        Replies.error(response, error);
    }

    @ExceptionHandler(KeywardException.class)
    void refused(KeywardException error, HttpServletResponse response) throws IOException {
        Replies.error(response, HttpError.from(error));
    }

    @ExceptionHandler({NoHandlerFoundException.class, NoResourceFoundException.class})
    void notFound(HttpServletResponse response) throws IOException {
        Replies.error(response, HttpError.notFound());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    void methodNotAllowed(HttpRequestMethodNotSupportedException e, HttpServletResponse response) throws IOException {
        Set<String> supported = e.getSupportedHttpMethods() == null ? Set.of()
                : e.getSupportedHttpMethods().stream().map(Object::toString).collect(Collectors.toSet());
        String allowed = METHOD_ORDER.stream()
                .filter(m -> supported.contains(m) || m.equals("HEAD") && supported.contains("GET"))
                .collect(Collectors.joining(", "));
        Replies.error(response, HttpError.methodNotAllowed(allowed));
    }

    /**
     * The request's body stopped arriving: the client's doing (it went quiet past the request's deadline, or
     * went away), not a failure of the server. One line, no stack trace, so that clients sending slow
     * requests cannot fill the log; the answer, if the connection still takes one, is 408.
     */
    @ExceptionHandler(IOException.class)
    void notArrived(IOException e, HttpServletRequest request, HttpServletResponse response) {
        LOG.info("{} {}: the request did not arrive in full ({})", request.getMethod(), request.getRequestURI(),
                e.toString());
        if (!response.isCommitted()) {
            try {
                Replies.error(response, new HttpError(408, "REQUEST_TIMEOUT", "the request did not arrive in full"));
            } catch (IOException | RuntimeException gone) {
                // The connection is gone: there is no one to answer.
            }
        }
    }

    @ExceptionHandler(Exception.class)
    void unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        LOG.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
        Replies.error(response, new HttpError(500, "INTERNAL_ERROR", "the server could not answer this request"));
    }
}
