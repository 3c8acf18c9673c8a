package dev.keyward.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request being included, as its target sees its own path. During an include the request's path methods
 * still name the including page; the container leaves the target's in the {@code jakarta.servlet.include.*}
 * attributes, and this wrapper answers with those, so the target is judged by the path it is served on.
 */
final class IncludedRequest extends HttpServletRequestWrapper {

    private IncludedRequest(HttpServletRequest request) {
        super(request);
    }

    /**
     * The request as the target of its dispatch sees its path: wrapped during an include that names its
     * target's path, else as it is (a named dispatcher's include names none).
     */
    static HttpServletRequest asDispatched(HttpServletRequest request) {
        return request.getDispatcherType() == DispatcherType.INCLUDE
                && request.getAttribute(RequestDispatcher.INCLUDE_SERVLET_PATH) != null
                ? new IncludedRequest(request) : request;
    }

    @Override
    public String getServletPath() {
        return (String) getAttribute(RequestDispatcher.INCLUDE_SERVLET_PATH);
    }

    @Override
    public String getPathInfo() {
        return (String) getAttribute(RequestDispatcher.INCLUDE_PATH_INFO);
    }

    @Override
    public String getRequestURI() {
        return (String) getAttribute(RequestDispatcher.INCLUDE_REQUEST_URI);
    }

    @Override
    public String getContextPath() {
        return (String) getAttribute(RequestDispatcher.INCLUDE_CONTEXT_PATH);
    }

    @Override
    public String getQueryString() {
        return (String) getAttribute(RequestDispatcher.INCLUDE_QUERY_STRING);
    }

    @Override
    public HttpServletMapping getHttpServletMapping() {
        return getAttribute(RequestDispatcher.INCLUDE_MAPPING) instanceof HttpServletMapping mapping
                ? mapping : super.getHttpServletMapping();
    }
}
