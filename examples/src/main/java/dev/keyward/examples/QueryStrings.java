package dev.keyward.examples;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Reads query strings the same way in both demos. */
public final class QueryStrings {

    private QueryStrings() {
    }

    /**
     * The value of the parameter in the raw (still encoded) query, or null; {@code ""} for a name
     * without {@code =}.
     *
     * @throws HttpError 400 when the parameter is repeated or the query is not correctly percent-encoded
     */
    public static String first(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        String found = null;
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String key = decode(equals < 0 ? pair : pair.substring(0, equals));
            if (key.equals(name)) {
                if (found != null) {
                    throw HttpError.badRequest("the query parameter " + name + " is repeated");
                }
                found = equals < 0 ? "" : decode(pair.substring(equals + 1));
            }
        }
        return found;
    }

    private static String decode(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("the query is not correctly percent-encoded");
        }
    }
}
