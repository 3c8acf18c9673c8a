package dev.keyward.examples;

import dev.keyward.Principal;
import java.util.LinkedHashMap;
import java.util.Map;

/** The answer of the demos' protected endpoints: who the request acts for. */
public final class PrincipalJson {

    private PrincipalJson() {
    }

    /** {@code {"org", "connectionId", "authenticationType"}}. */
    public static Map<String, Object> of(Principal principal) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("org", principal.organizationId().value());
        body.put("connectionId", principal.connectionId().value());
        body.put("authenticationType", principal.authenticationType().name());
        return body;
    }
}
