package dev.keyward.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.keyward.Actor;
import dev.keyward.AuthenticationType;
import dev.keyward.IssuedCredentials;
import dev.keyward.Keyward;
import dev.keyward.OrganizationId;
import dev.keyward.RequestHeaders;
import dev.keyward.TokenResponse;
import dev.keyward.jdbc.JdbcStore;
import dev.keyward.spi.AuditEvent;
import dev.keyward.spi.AuditListener;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/** What the benchmarks set up: connections, tokens, stores and a cheap audit listener. */
final class Setups {

    static final Actor SUPER = Actor.superAdmin("bench");
    static final String FORM = "grant_type=client_credentials";

    private Setups() {
    }

    /** Creates an Access Key connection in a new organization and returns its key. */
    static String accessKey(Keyward keyward, String organization) {
        return keyward.connections()
                .create(SUPER, OrganizationId.of(organization), "Reporting", AuthenticationType.ACCESS_KEY)
                .secret().reveal();
    }

    /** Creates an M2M OAuth connection and returns the headers of a token request with its Basic credentials. */
    static RequestHeaders tokenRequest(Keyward keyward, String organization) {
        IssuedCredentials issued = keyward.connections()
                .create(SUPER, OrganizationId.of(organization), "Machine", AuthenticationType.OAUTH);
        String basic = issued.connection().clientId() + ":" + issued.secret().reveal();
        return RequestHeaders.of("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.US_ASCII)),
                "Content-Type", "application/x-www-form-urlencoded");
    }

    /** Asks the token endpoint for a bearer token. */
    static String bearerToken(Keyward keyward, RequestHeaders tokenRequest) {
        TokenResponse response = keyward.tokenEndpoint().handle("POST", tokenRequest, FORM);
        if (response.status() != 200) {
            throw new IllegalStateException("no token: " + response.status());
        }
        String body = response.body();
        int start = body.indexOf("\"access_token\":\"") + "\"access_token\":\"".length();
        return body.substring(start, body.indexOf('"', start));
    }

    /** A migrated JDBC store over a private in-memory H2 database, through a pool as a host would. */
    static JdbcStore h2Store() {
        // Pooled by HikariCP, as the demo's database is: with H2's own pool no parsed statement is reused from
        // one borrowing to the next, so every statement would be parsed again and H2's parser measured.
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
        JdbcStore store = JdbcStore.create(new HikariDataSource(config));
        store.migrate();
        return store;
    }

    /**
     * Keeps the last audit event reachable, so none can be optimized away, and counts them: as
     * cheap as a listener can be, so that a denial's figure is Keyward's cost, not the listener's.
     * For one thread at a time (a JMH thread-scoped state).
     */
    static final class CountingAuditListener implements AuditListener {
        private long count;
        private AuditEvent last;

        @Override
        public void onEvent(AuditEvent event) {
            last = event;
            count++;
        }

        long count() {
            return last == null ? 0 : count;
        }
    }
}
