package dev.keyward.examples.spring;

import dev.keyward.CredentialFormat;
import dev.keyward.KeywardException;
import dev.keyward.examples.HttpError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.catalina.connector.ClientAbortException;
import org.apache.coyote.BadRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
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
    private static final List<String> METHOD_ORDER = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

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
                // Every route answers OPTIONS (Spring's dispatcher does), so a 405's Allow names it too.
                .filter(m -> supported.contains(m) || m.equals("HEAD") && supported.contains("GET") || m.equals("OPTIONS"))
                .collect(Collectors.joining(", "));
        Replies.error(response, HttpError.methodNotAllowed(allowed));
    }

    /**
     * The client went away, stopped reading its answer, or its request was dropped at its deadline while its
     * body was read: the client's doing, not a failure of the server. One line, no stack trace, so that
     * clients sending slow requests, or reading answers slowly or not at all, cannot fill the log. Nothing is
     * written here: the connection takes no answer, or Tomcat has already sent the request with a late body
     * to the error path with 408, which {@link ErrorPath} writes. Other input and output failures, of the
     * server's own writing among them, are the server's, logged and answered 500 as {@link #unexpected} says.
     */
    @ExceptionHandler(ClientAbortException.class)
    void notArrived(ClientAbortException e, HttpServletRequest request) {
        LOG.info("{} {}: the client went away, stopped reading or did not send its request in time ({})",
                request.getMethod(), path(request), e.getCause() == null ? e.toString() : e.getCause().toString());
    }

    /**
     * An answer Spring could no longer write: Tomcat failed to send it because the client went away or stopped
     * reading ({@link ClientAbortException}, which Spring wraps), or a later write found the response unusable
     * after that failure (the same exception, without a cause). The client's doing, as {@link #notArrived}, as
     * Spring's own resolver takes it; nothing can be written.
     */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void answerNotSent(AsyncRequestNotUsableException e, HttpServletRequest request) {
        LOG.info("{} {}: the client went away or stopped reading ({})", request.getMethod(), path(request),
                e.getCause() == null ? e.getMessage() : e.getCause().toString());
    }

    /**
     * A request Tomcat could not read: a body whose chunks are malformed, among others. The client's mistake:
     * one line, no stack trace, and 400, as for any other request the demo cannot read.
     */
    @ExceptionHandler(BadRequestException.class)
    void unreadable(BadRequestException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        LOG.info("{} {}: the request could not be read ({})", request.getMethod(), path(request),
                e.getMessage());
        if (!response.isCommitted()) {
            Replies.error(response, HttpError.badRequest("the request could not be read"));
        }
    }

    @ExceptionHandler(Exception.class)
    void unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        LOG.error("{} {} failed", request.getMethod(), path(request), e);
        if (!response.isCommitted()) {
            Replies.error(response, new HttpError(500, "INTERNAL_ERROR", "the server could not answer this request"));
        }
    }

    /** The request's path as logged: a credential a client put in it, or one a few characters off, cut out. */
    private static String path(HttpServletRequest request) {
        return CredentialFormat.redacted(request.getRequestURI());
    }
}
