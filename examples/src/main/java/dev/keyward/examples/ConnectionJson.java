package dev.keyward.examples;

import dev.keyward.AuthenticationType;
import dev.keyward.Connection;
import dev.keyward.IssuedCredentials;
import java.util.LinkedHashMap;
import java.util.Map;

/** How the demo shows connections: the fields of the HTTP contract, and a new secret only once. */
final class ConnectionJson {

    private ConnectionJson() {
    }

    static Map<String, Object> of(Connection c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", c.id().value());
        json.put("name", c.name());
        json.put("authenticationType", c.authenticationType() == AuthenticationType.OAUTH ? "OAUTH" : "ACCESS_KEY");
        json.put("hint", c.hint());
        json.put("createdBy", c.createdBy());
        json.put("createdAt", c.createdAt().toString());
        json.put("updatedAt", c.updatedAt().toString());
        json.put("expiresAt", c.expiresAt() == null ? null : c.expiresAt().toString());
        json.put("lastUsedAt", c.lastUsedAt() == null ? null : c.lastUsedAt().toString());
        json.put("allowedIps", c.allowedIps().toStrings());
        json.put("leakedAt", c.leakedAt() == null ? null : c.leakedAt().toString());
        c.oauthClientId().ifPresent(id -> json.put("clientId", id));
        return json;
    }

    /** The connection with its new secret: {@code accessKey}, or {@code clientId} and {@code clientSecret}. */
    static Map<String, Object> of(IssuedCredentials issued) {
        Map<String, Object> json = of(issued.connection());
        String field = issued.connection().authenticationType() == AuthenticationType.OAUTH ? "clientSecret" : "accessKey";
        json.put(field, issued.secret().reveal());
        return json;
    }
}
