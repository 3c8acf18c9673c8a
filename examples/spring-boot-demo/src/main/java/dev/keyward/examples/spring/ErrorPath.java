package dev.keyward.examples.spring;

import static org.springframework.web.bind.annotation.RequestMethod.OPTIONS;

import dev.keyward.examples.HttpError;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Boot's error path, in place of Boot's own controller: a failure the container forwards here, one
 * that no handler answered (an exception in a filter), is written as the demo's JSON error, with
 * nothing of the failure in it. Asked for by a client, {@code /error} is no route of the demo: 404,
 * as in the JDK demo, whatever the method.
 */
@RestController
class ErrorPath implements ErrorController {

    /** Every method: a mapping that names none matches them all, OPTIONS aside, which {@link #options} maps. */
    @RequestMapping("/error")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (request.getDispatcherType() != DispatcherType.ERROR || !(status instanceof Integer code) || code == 404) {
            Replies.error(response, HttpError.notFound());
        } else if (code >= 500) {
            Replies.error(response, new HttpError(500, "INTERNAL_ERROR", "the server could not answer this request"));
        } else {
            Replies.error(response, new HttpError(code, "INVALID_INPUT", "the request could not be answered"));
        }
    }

    /** OPTIONS, which Spring would answer itself for a mapping that names no method. */
    @RequestMapping(path = "/error", method = OPTIONS)
    void options(HttpServletRequest request, HttpServletResponse response) throws IOException {
        error(request, response);
    }
}
