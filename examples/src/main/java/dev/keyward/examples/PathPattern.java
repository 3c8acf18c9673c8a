package dev.keyward.examples;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The path of a route, matched segment by segment: a literal segment matches only itself, and
 * {@code {name}} matches any one non-empty segment, whose value is returned under that name.
 * Immutable.
 */
record PathPattern(List<String> segments) {

    PathPattern {
        segments = List.copyOf(segments);
    }

    /** A pattern such as {@code /admin/orgs/{org}/connections}. */
    static PathPattern of(String pattern) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("a path pattern starts with /: " + pattern);
        }
        return new PathPattern(segments(pattern));
    }

    /** The segments of an absolute path: {@code /} is one empty segment, a trailing slash adds one. */
    static List<String> segments(String path) {
        return List.of(path.substring(1).split("/", -1));
    }

    /** The named segments' values if the path's segments match this pattern, else empty. */
    Optional<Map<String, String>> match(List<String> path) {
        if (path.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String expected = segments.get(i);
            String actual = path.get(i);
            if (isParameter(expected) && !actual.isEmpty()) {
                parameters.put(expected.substring(1, expected.length() - 1), actual);
            } else if (!expected.equals(actual)) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }

    private static boolean isParameter(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }
}
