package dev.keyward.examples.spring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyward.examples.AdminRequest;
import dev.keyward.examples.JsonBodies;
import dev.keyward.examples.QueryStrings;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/** An admin request as the shared admin plane reads it, from a servlet request and its path variables. */
record ServletAdminRequest(HttpServletRequest request, Map<String, String> path) implements AdminRequest {

    @Override
    public String header(String name) {
        return request.getHeader(name);
    }

    @Override
    public int headerCount(String name) {
        return Collections.list(request.getHeaders(name)).size();
    }

    @Override
    public String pathParameter(String name) {
        return Objects.requireNonNull(path.get(name), name);
    }

    @Override
    public String queryParameter(String name) {
        // The query string only: getParameter would read a form body too.
        return QueryStrings.first(request.getQueryString(), name);
    }

    @Override
    public JsonNode jsonBody() throws IOException {
        return JsonBodies.object(onlyHeader("Content-Type"), onlyHeader("Content-Encoding"),
                JsonBodies.read(request.getInputStream()));
    }

    @Override
    public JsonNode optionalJsonBody() throws IOException {
        return JsonBodies.optionalObject(onlyHeader("Content-Type"), onlyHeader("Content-Encoding"),
                JsonBodies.read(request.getInputStream()));
    }
}
