package dev.keyward.examples;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** What the admin plane reads of a request, whichever server received it. */
public interface AdminRequest {

    /** The first value of a request header, or null. */
    String header(String name);

    /** The value of a {@code {name}} segment of the route's path. */
    String pathParameter(String name);

    /** The first value of a query parameter, or null. */
    String queryParameter(String name);

    /** The body as a JSON object, read as {@link JsonBodies#object} says. */
    JsonNode jsonBody() throws IOException;

    /** The body as a JSON object or null for none, read as {@link JsonBodies#optionalObject} says. */
    JsonNode optionalJsonBody() throws IOException;
}
