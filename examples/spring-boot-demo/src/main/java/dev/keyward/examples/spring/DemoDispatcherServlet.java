package dev.keyward.examples.spring;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Boot's dispatcher servlet, routing TRACE as any other method: no route serves it, so a route's path
 * answers 405 with {@code Allow} and any other path 404, as in the JDK demo. The servlet's own TRACE
 * would echo the request back, headers and all (RFC 9110 §9.3.8), and Tomcat, when told not to allow
 * TRACE, refuses it with 405 on every path before any route is known.
 */
final class DemoDispatcherServlet extends DispatcherServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doTrace(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        processRequest(request, response);
    }
}
