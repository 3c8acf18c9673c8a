package dev.keyward.examples.spring;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsUtils;

/**
 * The demo lets no other origin's page call it, as in the JDK demo: a CORS preflight is answered as
 * any OPTIONS request — 200 with {@code Allow}, or a Keyward endpoint's own answer — and no answer
 * names an origin, a method or a header as allowed, so a browser never sends the request the
 * preflight asked about. Spring MVC would answer a preflight itself, without the route's
 * {@code Allow} and the demo's headers; it never sees one here, for the header that makes an OPTIONS
 * request a preflight, {@code Access-Control-Request-Method}, is hidden from it. Its answer to an
 * OPTIONS request carries no empty {@code Accept-Patch}, which Spring writes for every route without a
 * PATCH that names what it consumes (the header lists at least one media type, RFC 5789 §3.1); the
 * admin plane's connection, which takes PATCH, names {@code application/json} itself. Thread-safe.
 */
final class PreflightsAsOptions implements Filter {

    private static final String REQUEST_METHOD = "Access-Control-Request-Method";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        if (!HttpMethod.OPTIONS.matches(http.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(CorsUtils.isPreFlightRequest(http) ? new PlainOptions(http) : request,
                new NoEmptyAcceptPatch((HttpServletResponse) response));
    }

    /** The answer, without an {@code Accept-Patch} that names nothing. */
    private static final class NoEmptyAcceptPatch extends HttpServletResponseWrapper {

        private static final String ACCEPT_PATCH = "Accept-Patch";

        NoEmptyAcceptPatch(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setHeader(String name, String value) {
            if (!emptyAcceptPatch(name, value)) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!emptyAcceptPatch(name, value)) {
                super.addHeader(name, value);
            }
        }

        private static boolean emptyAcceptPatch(String name, String value) {
            return ACCEPT_PATCH.equalsIgnoreCase(name) && (value == null || value.isBlank());
        }
    }

    /** The preflight without its {@code Access-Control-Request-Method}. */
    private static final class PlainOptions extends HttpServletRequestWrapper {

        PlainOptions(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return REQUEST_METHOD.equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return REQUEST_METHOD.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(name -> !REQUEST_METHOD.equalsIgnoreCase(name)).toList());
        }
    }
}
