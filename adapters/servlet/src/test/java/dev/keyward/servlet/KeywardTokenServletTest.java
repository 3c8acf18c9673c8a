package dev.keyward.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.Actor;
import dev.keyward.AuthenticationType;
import dev.keyward.IssuedCredentials;
import dev.keyward.Keyward;
import dev.keyward.NewConnection;
import dev.keyward.OrganizationId;
import dev.keyward.memory.InMemoryStore;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The token servlet on a real Jetty answers each row of the endpoint's RFC 6749 table. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeywardTokenServletTest {

    static final String FORM = "application/x-www-form-urlencoded";

    final HttpClient http = HttpClient.newHttpClient();
    Keyward keyward;
    JettyServer jetty;
    IssuedCredentials client;

    @BeforeAll
    void start() throws Exception {
        keyward = Keyward.builder().store(new InMemoryStore()).argon2(KeywardFilterTest.CHEAP).build();
        jetty = new JettyServer(keyward, ClientAddresses.direct());
        client = keyward.connections().create(Actor.superAdmin("sam"), OrganizationId.of("org-" + UUID.randomUUID()),
                "Billing", AuthenticationType.OAUTH);
    }

    @AfterAll
    void stop() throws Exception {
        jetty.close();
        keyward.close();
    }

    HttpResponse<String> token(String method, String authorization, String contentType, String body) throws Exception {
        return jetty.token(http, method, authorization, contentType, body);
    }

    HttpResponse<String> basic(String body) throws Exception {
        return token("POST", KeywardFilterTest.basic(client), FORM, body);
    }

    static void assertError(HttpResponse<String> answer, int status, String error) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.body()).contains("\"error\":\"" + error + "\"");
        assertThat(answer.headers().allValues("Cache-Control")).containsExactly("no-store");
        assertThat(answer.headers().allValues("Pragma")).containsExactly("no-cache");
    }

    @Test
    void basicClientCredentialsThen200TokenNotStored() throws Exception {
        HttpResponse<String> answer = basic("grant_type=client_credentials");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"token_type\":\"Bearer\"", "\"expires_in\":86400", "\"access_token\":\"kwat_");
        assertThat(answer.headers().allValues("Cache-Control")).containsExactly("no-store");
        assertThat(answer.headers().allValues("Pragma")).containsExactly("no-cache");
    }

    @Test
    void theClientAddressIsLeftInTheRequestAttributeAsTheFilterLeavesIt() throws Exception {
        jetty.tokenClients.clear();

        assertThat(basic("grant_type=client_credentials").statusCode()).isEqualTo(200);

        assertThat(jetty.tokenClients.poll(10, TimeUnit.SECONDS)).as("the token request was answered")
                .hasValue(InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void formClientCredentialsThen200() throws Exception {
        String form = "grant_type=client_credentials&client_id=" + client.connection().oauthClientId().orElseThrow()
                + "&client_secret=" + client.secret().reveal();

        assertThat(token("POST", null, FORM, form).statusCode()).isEqualTo(200);
    }

    @Test
    void otherMethodThen405InvalidRequestWithAllow() throws Exception {
        HttpResponse<String> answer = token("GET", null, null, null);

        assertError(answer, 405, "invalid_request");
        assertThat(answer.headers().allValues("Allow")).containsExactly("POST");
        assertError(token("PUT", KeywardFilterTest.basic(client), FORM, "grant_type=client_credentials"), 405, "invalid_request");
    }

    @Test
    void malformedRequestsThen400InvalidRequest() throws Exception {
        assertError(token("POST", KeywardFilterTest.basic(client), "application/json", "{}"), 400, "invalid_request");
        assertError(basic("grant_type=client_credentials&grant_type=client_credentials"), 400, "invalid_request");
        assertError(basic("scope="), 400, "invalid_request");
        assertError(basic("grant_type=client_credentials&pad=" + "x".repeat(20_000)), 400, "invalid_request");
    }

    @Test
    void bodyWithBytesBeyondAsciiThen400InvalidRequest() throws Exception {
        // HttpClient sends the string as UTF-8: the body holds the two bytes of é, which form encoding never does.
        assertError(basic("grant_type=client_credentials&note=caf\u00e9"), 400, "invalid_request");
    }

    @Test
    void otherGrantThen400UnsupportedGrantType() throws Exception {
        assertError(basic("grant_type=password"), 400, "unsupported_grant_type");
    }

    @Test
    void scopeThen400InvalidScope() throws Exception {
        assertError(basic("grant_type=client_credentials&scope=events"), 400, "invalid_scope");
    }

    @Test
    void missingOrWrongClientThen401InvalidClientWithBasicChallenge() throws Exception {
        HttpResponse<String> none = token("POST", null, FORM, "grant_type=client_credentials");
        HttpResponse<String> wrong = token("POST", "Basic " + java.util.Base64.getEncoder().encodeToString(
                (client.connection().oauthClientId().orElseThrow() + ":kwcs_wrong").getBytes()), FORM,
                "grant_type=client_credentials");
        // Basic credentials that cannot be read: a failed authentication through the header (RFC 6749 §5.2).
        HttpResponse<String> unreadable = token("POST", "Basic %%%", FORM, "grant_type=client_credentials");

        for (HttpResponse<String> answer : java.util.List.of(none, wrong, unreadable)) {
            assertError(answer, 401, "invalid_client");
            assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"keyward\", charset=\"UTF-8\"");
        }
    }

    @Test
    @DisplayName("a client whose ranges leave out the caller's address: 400 unauthorized_client, a forged X-Forwarded-For "
            + "changing nothing; one whose ranges hold it: 200")
    void clientOutsideItsRangesThen400UnauthorizedClient() throws Exception {
        IssuedCredentials elsewhere = clientAllowing("10.0.0.0/8");
        IssuedCredentials local = clientAllowing("127.0.0.1/32");

        HttpResponse<String> refused = jetty.token(http, "POST", KeywardFilterTest.basic(elsewhere), FORM,
                "grant_type=client_credentials", "X-Forwarded-For", "10.0.0.1");

        assertError(refused, 400, "unauthorized_client");
        assertThat(refused.body()).doesNotContain("access_token");
        assertThat(token("POST", KeywardFilterTest.basic(local), FORM, "grant_type=client_credentials").statusCode())
                .isEqualTo(200);
    }

    IssuedCredentials clientAllowing(String range) {
        return keyward.connections().create(Actor.superAdmin("sam"), OrganizationId.of("org-" + UUID.randomUUID()),
                NewConnection.builder("Ranged", AuthenticationType.OAUTH).allowedIps(java.util.List.of(range)).build());
    }

    @Test
    @DisplayName("past the token rate of a client: 429 slow_down with Retry-After and the rate's policy, no token")
    void pastTheTokenRateThen429SlowDown() throws Exception {
        try (Keyward limited = Keyward.builder().store(new InMemoryStore()).argon2(KeywardFilterTest.CHEAP)
                .tokenRateLimit(2).build();
                JettyServer server = new JettyServer(limited, ClientAddresses.direct())) {
            IssuedCredentials limitedClient = limited.connections().create(Actor.superAdmin("sam"),
                    OrganizationId.of("org-" + UUID.randomUUID()), "Billing", AuthenticationType.OAUTH);
            for (int i = 0; i < 2; i++) {
                assertThat(server.token(http, "POST", KeywardFilterTest.basic(limitedClient), FORM,
                        "grant_type=client_credentials").statusCode()).isEqualTo(200);
            }

            HttpResponse<String> refused = server.token(http, "POST", KeywardFilterTest.basic(limitedClient), FORM,
                    "grant_type=client_credentials");

            assertError(refused, 429, "slow_down");
            assertThat(refused.body()).doesNotContain("access_token");
            assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
            assertThat(refused.headers().firstValue("RateLimit-Policy")).contains("\"minute\";q=2;w=60");
        }
    }
}
