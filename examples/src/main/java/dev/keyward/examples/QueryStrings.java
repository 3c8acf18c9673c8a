package dev.keyward.examples;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Reads query strings the same way in both demos. */
public final class QueryStrings {

    private QueryStrings() {
    }

    /** The first value of the parameter in the raw (still encoded) query, or null; {@code ""} for a name without {@code =}. */
    public static String first(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
                return equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
