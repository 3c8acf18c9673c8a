package dev.keyward.servlet;

import dev.keyward.RequestHeaders;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/** The headers of a servlet request as Keyward reads them: every value, names ignoring case. */
public final class ServletRequestHeaders {

    private ServletRequestHeaders() {
    }

    /** A live view of the request's headers; valid while the request is. */
    public static RequestHeaders of(HttpServletRequest request) {
        return new View(request, !(request instanceof ServletRequestWrapper));
    }

    /**
     * Reads a header with as few calls and copies as it can. The container's own request answers
     * {@code getHeader} with no allocation, so an absent header, the case of most names Keyward
     * asks for, costs one lookup there. A wrapping request may check every header it hands out
     * (Spring Security's firewall matches names and values against patterns), so it is asked once
     * per name, with {@code getHeaders}. An absent header costs no list, a header sent once a list of one.
     */
    private record View(HttpServletRequest request, boolean probeFirst) implements RequestHeaders {

        @Override
        public List<String> values(String name) {
            if (probeFirst && request.getHeader(name) == null) {
                return List.of();
            }
            Enumeration<String> values = request.getHeaders(name);
            if (values == null || !values.hasMoreElements()) {
                return List.of();
            }
            String first = values.nextElement();
            if (!values.hasMoreElements()) {
                return first == null ? nullOnly() : List.of(first);
            }
            List<String> all = new ArrayList<>(2);
            all.add(first);
            while (values.hasMoreElements()) {
                all.add(values.nextElement());
            }
            return all;
        }

        private static List<String> nullOnly() {
            List<String> list = new ArrayList<>(1);
            list.add(null);
            return list;
        }

        @Override
        public String toString() {
            return "ServletRequestHeaders";
        }
    }
}
