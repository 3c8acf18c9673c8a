package dev.keyward.examples;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** What the admin plane reads of a request, whichever server received it. */
public interface AdminRequest {

    /** The first value of a request header, or null. */
    String header(String name);

    /** How many values of a request header the request holds: one for each time it was sent. */
    int headerCount(String name);

    /**
     * The value of a request header that may be sent once, or null; a repeated one is refused with 400 (a proxy
     * that appends its own value after the client's would otherwise have the client's read).
     */
    default String onlyHeader(String name) {
        if (headerCount(name) > 1) {
            throw HttpError.badRequest("the " + name + " header is repeated");
        }
        return header(name);
    }

    /** The value of a {@code {name}} segment of the route's path. */
    String pathParameter(String name);

    /** The first value of a query parameter, or null. */
    String queryParameter(String name);

    /** The body as a JSON object, read as {@link JsonBodies#object} says. */
    JsonNode jsonBody() throws IOException;

    /** The body as a JSON object or null for none, read as {@link JsonBodies#optionalObject} says. */
    JsonNode optionalJsonBody() throws IOException;
}
