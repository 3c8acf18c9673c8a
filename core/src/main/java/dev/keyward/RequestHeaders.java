package dev.keyward;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The headers of an incoming request, as the host's HTTP stack exposes them: every value
 * of a header, looked up by name ignoring case. A header sent twice has two values; one
 * not sent has none. Servlet glue, for example, is
 * {@code name -> Collections.list(request.getHeaders(name))}.
 *
 * <p>Implementations should return an empty list, not {@code null}, for an absent header;
 * Keyward copes with {@code null} and with exceptions all the same, and denies the request.
 */
@FunctionalInterface
public interface RequestHeaders {

    /** Every value of the header with this name, compared ignoring case, in the order received. */
    List<String> values(String name);

    /** No headers at all. */
    static RequestHeaders empty() {
        return name -> List.of();
    }

    /**
     * A snapshot of the given headers; names that differ only in case are merged, their values
     * kept in iteration order. The copy is immutable and thread-safe; null values are kept (and
     * a request carrying one is denied).
     *
     * @throws NullPointerException if the map, a name or a value list is null
     */
    static RequestHeaders of(Map<String, ? extends List<String>> headers) {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.computeIfAbsent(Objects.requireNonNull(name, "header name"),
                n -> new ArrayList<>()).addAll(Objects.requireNonNull(values, "header values")));
        // Scanned in order: a request has a few headers, and most names differ in length from the one sought.
        String[] names = copy.keySet().toArray(String[]::new);
        List<List<String>> values = copy.values().stream().map(Collections::unmodifiableList).toList();
        return name -> {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equalsIgnoreCase(name)) {
                    return values.get(i);
                }
            }
            return List.of();
        };
    }

    /**
     * Headers with one value each, given as name, value, name, value… A name given twice has two values.
     *
     * @throws IllegalArgumentException if an odd number of strings is given
     */
    static RequestHeaders of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("headers must be given as name, value pairs");
        }
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.computeIfAbsent(Objects.requireNonNull(namesAndValues[i], "header name"), n -> new ArrayList<>())
                    .add(namesAndValues[i + 1]);
        }
        return of(map);
    }
}
