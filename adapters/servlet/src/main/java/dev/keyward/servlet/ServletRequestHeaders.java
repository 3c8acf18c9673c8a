package dev.keyward.servlet;

import dev.keyward.RequestHeaders;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/** The headers of a servlet request as Keyward reads them: every value, names ignoring case. */
public final class ServletRequestHeaders {

    private ServletRequestHeaders() {
    }

    /** A live view of the request's headers; valid while the request is. */
    public static RequestHeaders of(HttpServletRequest request) {
        return name -> {
            Enumeration<String> values = request.getHeaders(name);
            return values == null ? List.of() : Collections.list(values);
        };
    }
}
