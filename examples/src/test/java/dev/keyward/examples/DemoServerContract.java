package dev.keyward.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.oauth2.sdk.token.TypelessAccessToken;
import dev.keyward.CredentialPrefixes;
import dev.keyward.internal.CredentialCodec;
import dev.keyward.internal.CredentialKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP contract of DESIGN §6, driven over loopback against a running demo server: every
 * row of the table, every refusal status, the bad inputs of the admin plane, and what the demo
 * does for hosts to copy — exact paths, HEAD, no-store, strict JSON, a pooled database, prompt
 * answers on kept-alive connections, and no stall from half-sent requests or Argon2 floods.
 * Extended once per demo server (the JDK one, the Spring Boot one) and database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DemoServerContract {

    static final String GATEWAY_ID = "gateway";
    static final String GATEWAY_SECRET = "gatewaySecret0123456789";

    private final HttpClient http = HttpClient.newHttpClient();
    private final GitHubAlerts github = new GitHubAlerts();
    private DemoOptions options;
    /** The options the server under test was started with: a second node starts with the same. */
    private DemoOptions serverOptions;
    private RunningDemo server;
    private String org;

    /** Starts the demo under test; it accepts requests when this returns. */
    abstract RunningDemo start(DemoOptions options);

    /** Options for a server on port 0 over a database of its own, new and empty. */
    abstract DemoOptions newDatabase();

    /** How many sessions the database of these options has open, not counting the one that asks. */
    abstract long openSessions(DemoOptions options) throws SQLException;

    /**
     * The longest the median revocation may take to reach a second node on the same database: on
     * PostgreSQL the demo listens for revocations (milliseconds); elsewhere it polls the log every second.
     */
    abstract Duration medianRevocationBound();

    @BeforeAll
    void startServer() {
        options = newDatabase();
        // Last uses are written within a second, so a test can wait for one instead of a minute.
        serverOptions = new DemoOptions(options.host(), options.port(), options.dbUrl(), options.dbUser(),
                options.dbPassword(), options.dataDir(), new DemoOptions.KeywardOptions(null, Duration.ofSeconds(1))
                        .withIntrospection(GATEWAY_ID, GATEWAY_SECRET)
                        .withGithubScanningKey(GitHubAlerts.KEY_ID, github.keys().getPublic()));
        server = start(serverOptions);
    }

    /** Stops what {@link #newDatabase()} started; called once the server has stopped. */
    void stopDatabases() throws IOException {
    }

    @AfterAll
    void stopServer() throws IOException {
        if (server != null) {
            server.close();
        }
        stopDatabases();
    }

    @BeforeEach
    void newOrganization() {
        org = "org-" + UUID.randomUUID();
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return response;
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(server.uri().resolve(path));
    }

    HttpRequest.Builder admin(String actor, String method, String path, String json) {
        HttpRequest.Builder request = request("/admin/orgs/" + org + "/connections" + path).header("X-Actor", actor);
        return json == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    }

    static String connection(String name, String type) {
        return "{\"name\":\"" + name + "\",\"authenticationType\":\"" + type + "\"}";
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JsonBodies.JSON.readTree(response.body());
    }

    JsonNode created(String actor, String name, String type) throws Exception {
        HttpResponse<String> response = send(admin(actor, "POST", "", connection(name, type)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    HttpResponse<String> ping(String header, String value) throws Exception {
        return send(request("/v1/ping").header(header, value).GET());
    }

    HttpResponse<String> event(String header, String value) throws Exception {
        return send(request("/v1/eventManager/event").header(header, value).POST(HttpRequest.BodyPublishers.noBody()));
    }

    HttpResponse<String> token(String clientId, String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return send(request("/oauth/token").header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
    }

    /** A request without a body as it goes on the wire; each of the headers ends with CRLF. */
    static String wire(String method, String path, String headers) {
        return method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n" + headers + "\r\n";
    }

    /** Sends a whole request on a new connection and checks that its answer came within the limit. */
    RawConnection.Answer answeredWithin(Duration limit, String request) throws IOException {
        long start = System.nanoTime();
        try (RawConnection connection = new RawConnection(server.uri())) {
            RawConnection.Answer answer = connection.exchange(request);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(request).isLessThan(limit);
            return answer;
        }
    }

    @Test
    void tourThenEveryStepAnswersAsTheStorySays() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        boolean passed = new DemoTour(server.uri(), new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

        assertThat(passed).as(printed.toString(StandardCharsets.UTF_8)).isTrue();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Tour passed", "POST 409");
    }

    @Nested
    @DisplayName("the contract table")
    class ContractTable {

        @Test
        void createAccessKeyThen201WithTheKeyOnce() throws Exception {
            JsonNode key = created("admin", "Reporting", "ACCESS_KEY");

            assertThat(key.fieldNames()).toIterable().containsExactlyInAnyOrder(
                    "id", "name", "authenticationType", "hint", "createdBy", "createdAt", "updatedAt", "expiresAt",
                    "lastUsedAt", "allowedIps", "leakedAt", "accessKey");
            assertThat(key.get("authenticationType").asText()).isEqualTo("ACCESS_KEY");
            String accessKey = key.get("accessKey").asText();
            assertThat(key.get("hint").asText()).endsWith(accessKey.substring(accessKey.length() - 4));

            HttpResponse<String> list = send(admin("admin", "GET", "", null));
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).doesNotContain(accessKey).doesNotContain("accessKey");
            assertThat(json(list).get(0).get("hint").asText()).isEqualTo(key.get("hint").asText());
        }

        @Test
        void createOauthThen201WithClientIdAndSecret() throws Exception {
            JsonNode client = created("super", "Billing", "OAUTH");

            assertThat(client.get("clientId").asText()).startsWith("kwci_");
            assertThat(client.get("clientSecret").asText()).startsWith("kwcs_");
            HttpResponse<String> list = send(admin("super", "GET", "", null));
            assertThat(json(list).get(0).get("clientId").asText()).isEqualTo(client.get("clientId").asText());
            assertThat(list.body()).doesNotContain(client.get("clientSecret").asText()).doesNotContain("clientSecret");
        }

        @Test
        void regenerateThenNewSecretUnderTheSameFieldAndOldOneDenied() throws Exception {
            JsonNode key = created("admin", "Reporting", "ACCESS_KEY");
            HttpResponse<String> regenerated = send(admin("admin", "POST", "/" + key.get("id").asText() + "/regenerate", null));

            assertThat(regenerated.statusCode()).isEqualTo(200);
            String newKey = json(regenerated).get("accessKey").asText();
            assertThat(newKey).isNotEqualTo(key.get("accessKey").asText());
            assertThat(ping("Accesskey", key.get("accessKey").asText()).statusCode()).isEqualTo(401);
            assertThat(ping("Accesskey", newKey).statusCode()).isEqualTo(200);
        }

        @Test
        void renameThen200AndDeleteThen204() throws Exception {
            JsonNode key = created("admin", "Reporting", "ACCESS_KEY");
            String path = "/" + key.get("id").asText();

            HttpResponse<String> renamed = send(admin("admin", "PATCH", path, "{\"name\":\"Nightly export\"}"));
            assertThat(renamed.statusCode()).isEqualTo(200);
            assertThat(json(renamed).get("name").asText()).isEqualTo("Nightly export");

            HttpResponse<String> deleted = send(admin("admin", "DELETE", path, null));
            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(ping("Accesskey", key.get("accessKey").asText()).statusCode()).isEqualTo(401);
            assertThat(send(admin("admin", "GET", path, null)).statusCode()).isEqualTo(404);
        }

        @Test
        void pingWithAccessKeyThen200WithThePrincipal() throws Exception {
            JsonNode key = created("admin", "Reporting", "ACCESS_KEY");

            HttpResponse<String> ping = ping("accesskey", key.get("accessKey").asText());
            assertThat(ping.statusCode()).isEqualTo(200);
            JsonNode body = json(ping);
            assertThat(body.get("org").asText()).isEqualTo(org);
            assertThat(body.get("connectionId").asText()).isEqualTo(key.get("id").asText());
            assertThat(body.get("authenticationType").asText()).isEqualTo("ACCESS_KEY");
            assertThat(event("Accesskey", key.get("accessKey").asText()).statusCode()).isEqualTo(200);
        }

        @Test
        void tokenThenRestGrantedAndEventForbidden() throws Exception {
            JsonNode client = created("super", "Billing", "OAUTH");

            HttpResponse<String> token = token(client.get("clientId").asText(), client.get("clientSecret").asText());
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
            assertThat(token.headers().firstValue("Cache-Control")).contains("no-store");
            JsonNode body = json(token);
            assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
            assertThat(body.get("expires_in").asLong()).isEqualTo(86_400);
            String bearer = "Bearer " + body.get("access_token").asText();

            HttpResponse<String> ping = ping("Authorization", bearer);
            assertThat(ping.statusCode()).isEqualTo(200);
            assertThat(json(ping).get("authenticationType").asText()).isEqualTo("OAUTH");
            assertThat(event("Authorization", bearer).statusCode()).isEqualTo(403);
        }

        /**
         * A credential header longer than any credential (Keyward refuses past 8,192 characters) is refused by
         * Keyward in its own words, not by the server's header limit in a page of its own.
         */
        @Test
        void oversizedCredentialHeaderThenKeywardsOwn400() throws Exception {
            for (String[] header : List.of(new String[] {"Accesskey", "kwak_" + "a".repeat(9_000)},
                    new String[] {"Authorization", "Bearer kwat_" + "a".repeat(9_000)})) {
                HttpResponse<String> ping = ping(header[0], header[1]);

                assertThat(ping.statusCode()).as(header[0]).isEqualTo(400);
                assertThat(json(ping).get("errorCode").asText()).isEqualTo("INVALID_REQUEST");
                assertThat(ping.headers().firstValue("WWW-Authenticate")).get().asString()
                        .contains("error=\"invalid_request\"", "oversized");
                assertThat(ping.headers().firstValue("Cache-Control")).contains("no-store");
            }
        }

        /** One server hands a tab on as it came, the other turns it into a space: either way it reads alike. */
        @Test
        void tabAfterTheSchemeReadAsASpace() throws Exception {
            JsonNode client = created("super", "Billing", "OAUTH");
            String basic = Base64.getEncoder().encodeToString((client.get("clientId").asText() + ":"
                    + client.get("clientSecret").asText()).getBytes(StandardCharsets.US_ASCII));
            String form = "grant_type=client_credentials";
            try (RawConnection raw = new RawConnection(server.uri())) {
                RawConnection.Answer token = raw.exchange("POST /oauth/token HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Basic\t" + basic + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        + "Content-Length: " + form.length() + "\r\n\r\n" + form);
                assertThat(token.status()).as(token.body()).isEqualTo(200);
                String bearer = JsonBodies.JSON.readTree(token.body()).get("access_token").asText();

                RawConnection.Answer ping = raw.exchange("GET /v1/ping HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer\t" + bearer + "\r\n\r\n");
                assertThat(ping.status()).as(ping.body()).isEqualTo(200);
            }
        }

        @Test
        void tokenWithFormClientAuthenticationThen200() throws Exception {
            JsonNode client = created("super", "Billing", "OAUTH");
            String form = "grant_type=client_credentials&client_id=" + client.get("clientId").asText()
                    + "&client_secret=" + client.get("clientSecret").asText();

            HttpResponse<String> token = send(request("/oauth/token")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        }

        @Test
        void tokenWithWrongSecretThen401InvalidClient() throws Exception {
            JsonNode client = created("super", "Billing", "OAUTH");
            JsonNode other = created("super", "Other", "OAUTH");

            HttpResponse<String> token = token(client.get("clientId").asText(), other.get("clientSecret").asText());
            assertThat(token.statusCode()).isEqualTo(401);
            assertThat(json(token).get("error").asText()).isEqualTo("invalid_client");
            assertThat(token.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        }

        @Test
        void protectedCallsWithoutCredentialsThen401WithChallenge() throws Exception {
            HttpResponse<String> ping = send(request("/v1/ping").GET());

            assertThat(ping.statusCode()).isEqualTo(401);
            assertThat(ping.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer realm="));
            assertThat(json(ping).get("result").asBoolean()).isFalse();
        }

        @Test
        void wrongSecretAndDeletedKeyThenTheSameDenial() throws Exception {
            JsonNode key = created("admin", "Reporting", "ACCESS_KEY");
            String replaced = key.get("accessKey").asText();
            send(admin("admin", "POST", "/" + key.get("id").asText() + "/regenerate", null));
            newOrganization();
            JsonNode doomed = created("admin", "Doomed", "ACCESS_KEY");
            send(admin("admin", "DELETE", "/" + doomed.get("id").asText(), null));

            HttpResponse<String> wrongSecret = ping("Accesskey", replaced);
            HttpResponse<String> deleted = ping("Accesskey", doomed.get("accessKey").asText());
            assertThat(wrongSecret.statusCode()).isEqualTo(deleted.statusCode()).isEqualTo(401);
            assertThat(wrongSecret.headers().firstValue("WWW-Authenticate"))
                    .isEqualTo(deleted.headers().firstValue("WWW-Authenticate"));
            JsonNode a = json(wrongSecret);
            JsonNode b = json(deleted);
            assertThat(a.get("errorCode")).isEqualTo(b.get("errorCode"));
            assertThat(a.get("errorDesc")).isEqualTo(b.get("errorDesc"));
        }
    }

    @Nested
    @DisplayName("refusals of the admin plane")
    class Refusals {

        void assertError(HttpResponse<String> response, int status, String code) throws IOException {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/json"));
            JsonNode body = json(response);
            assertThat(body.get("errorCode").asText()).isEqualTo(code);
            assertThat(body.get("message").asText()).isNotBlank();
        }

        @Test
        void missingOrUnknownActorThen401WithAChallenge() throws Exception {
            for (HttpResponse<String> response : List.of(send(request("/admin/orgs/" + org + "/connections").GET()),
                    send(admin("mallory", "GET", "", null)))) {
                assertError(response, 401, "UNAUTHENTICATED");
                // Every 401 names a challenge (RFC 9110 §15.5.2): here the header the admin plane reads.
                assertThat(response.headers().allValues("WWW-Authenticate"))
                        .containsExactly("X-Actor realm=\"keyward-demo-admin\"");
            }
        }

        /**
         * Sent raw, in UTF-8: a Cyrillic ѕ for the Latin s, and a zero-width space after the name. Both
         * servers read header bytes as ISO-8859-1, which makes C1 control characters of both; neither
         * value names a demo user.
         */
        @Test
        void lookAlikeActorThen401AndNothingCreated() throws Exception {
            String collection = "/admin/orgs/" + org + "/connections";
            String body = connection("Key", "ACCESS_KEY");

            for (String actor : List.of("\u0455uper", "super\u200b")) {
                String actorHeader = "X-Actor: " + actor + "\r\n";
                for (String request : List.of(wire("GET", collection, actorHeader), "POST " + collection
                        + " HTTP/1.1\r\nHost: localhost\r\n" + actorHeader + "Content-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body)) {
                    RawConnection.Answer answer = answeredWithin(Duration.ofSeconds(10), request);
                    assertThat(answer.status()).as(request + answer.body()).isEqualTo(401);
                    assertThat(JsonBodies.JSON.readTree(answer.body()).get("errorCode").asText())
                            .isEqualTo("UNAUTHENTICATED");
                }
            }
            assertThat(json(send(admin("super", "GET", "", null)))).isEmpty();
        }

        @Test
        @DisplayName("a body whose chunks cannot be read is the client's mistake: 400, or the connection closed, never 500")
        void malformedChunkedBodyThen400OrClosedNever500() throws Exception {
            String collection = "/admin/orgs/" + org + "/connections";
            try (RawConnection connection = new RawConnection(server.uri())) {
                connection.write("POST " + collection + " HTTP/1.1\r\nHost: localhost\r\nX-Actor: admin\r\n"
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
                RawConnection.Answer answer;
                try {
                    answer = connection.read(false);
                } catch (java.io.EOFException closed) {
                    answer = null;
                }
                if (answer != null) {
                    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
                }
            }
            assertThat(json(send(admin("super", "GET", "", null)))).isEmpty();
        }

        @Test
        void adminCreatingOauthThen403AndInactiveOrViewerThen403() throws Exception {
            assertError(send(admin("admin", "POST", "", connection("Billing", "OAUTH"))), 403, "FORBIDDEN");
            assertError(send(admin("former", "POST", "", connection("Key", "ACCESS_KEY"))), 403, "FORBIDDEN");
            assertError(send(admin("viewer", "GET", "", null)), 403, "FORBIDDEN");
        }

        @Test
        void unknownConnectionThen404() throws Exception {
            assertError(send(admin("super", "GET", "/" + UUID.randomUUID(), null)), 404, "NOT_FOUND");
            assertError(send(admin("super", "POST", "/" + UUID.randomUUID() + "/regenerate", null)), 404, "NOT_FOUND");
            assertError(send(admin("super", "DELETE", "/" + UUID.randomUUID(), null)), 404, "NOT_FOUND");
        }

        @Test
        void limitsAndNamesThen409() throws Exception {
            created("admin", "Key", "ACCESS_KEY");
            assertError(send(admin("admin", "POST", "", connection("Another", "ACCESS_KEY"))), 409, "ACCESS_KEY_EXISTS");
            assertError(send(admin("super", "POST", "", connection(" key ", "OAUTH"))), 409, "NAME_TAKEN");
            for (int i = 1; i <= 15; i++) {
                created("super", "Client " + i, "OAUTH");
            }
            assertError(send(admin("super", "POST", "", connection("Client 16", "OAUTH"))), 409, "OAUTH_LIMIT_REACHED");
        }

        @Test
        void invalidInputThen400() throws Exception {
            assertError(send(admin("admin", "POST", "", connection("   ", "ACCESS_KEY"))), 400, "INVALID_INPUT");
            assertError(send(admin("admin", "POST", "", connection("x".repeat(101), "ACCESS_KEY"))), 400, "INVALID_INPUT");
            assertError(send(admin("admin", "POST", "", connection("Key", "PASSWORD"))), 400, "INVALID_INPUT");
            assertError(send(admin("admin", "POST", "", "{\"name\":42,\"authenticationType\":\"ACCESS_KEY\"}")), 400,
                    "INVALID_INPUT");
            assertError(send(admin("admin", "POST", "", "{\"name\":")), 400, "INVALID_INPUT");
            assertError(send(admin("admin", "POST", "", "[1,2]")), 400, "INVALID_INPUT");
            assertError(send(request("/admin/orgs/bad!org/connections").header("X-Actor", "admin").GET()), 400,
                    "INVALID_INPUT");
            assertThat(json(send(admin("admin", "GET", "", null)))).isEmpty();
        }

        @Test
        void wrongContentTypeThen415() throws Exception {
            assertError(send(request("/admin/orgs/" + org + "/connections").header("X-Actor", "admin")
                    .header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString(connection("Key", "ACCESS_KEY")))), 415,
                    "UNSUPPORTED_MEDIA_TYPE");
        }

        /**
         * A body is JSON only when it says so exactly, in UTF-8 and not encoded; a header that decides who acts or
         * how the body reads is sent once: with two, whichever a server read first would decide.
         */
        @Test
        void lookAlikeMediaTypesEncodingsAndRepeatedHeadersRefused() throws Exception {
            String body = connection("Key", "ACCESS_KEY");
            for (String type : List.of("application/jsonx", "application/json-patch+json", "application/json; charset=utf-16",
                    "application/json;charset=\"ISO-8859-1\"")) {
                assertError(send(request("/admin/orgs/" + org + "/connections").header("X-Actor", "admin")
                        .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body))), 415,
                        "UNSUPPORTED_MEDIA_TYPE");
            }
            assertError(send(request("/admin/orgs/" + org + "/connections").header("X-Actor", "admin")
                    .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                    .POST(HttpRequest.BodyPublishers.ofString(body))), 415, "UNSUPPORTED_MEDIA_TYPE");
            assertError(send(request("/admin/orgs/" + org + "/connections").header("X-Actor", "admin")
                    .header("Content-Type", "application/json").header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString(body))), 400, "INVALID_INPUT");
            assertError(send(request("/admin/orgs/" + org + "/connections").header("X-Actor", "super")
                    .header("X-Actor", "admin").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(connection("Client", "OAUTH")))), 400, "INVALID_INPUT");
            assertThat(json(send(admin("admin", "GET", "", null)))).isEmpty();

            HttpResponse<String> created = send(request("/admin/orgs/" + org + "/connections").header("X-Actor", "admin")
                    .header("Content-Type", "Application/JSON; Charset=\"UTF-8\"").header("Content-Encoding", "identity")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }

        /**
         * A multipart body is read as any body that is not JSON, within the cap, after the route and the
         * actor: never taken apart into parts, whether it is one or not.
         */
        @Test
        void multipartBodyThen415OrPastTheCap413AndWithoutActor401AndOnNoRoute404() throws Exception {
            String collection = "/admin/orgs/" + org + "/connections";
            String part = "--z\r\nContent-Disposition: form-data; name=\"file\"; filename=\"key.json\"\r\n"
                    + "Content-Type: application/json\r\n\r\n" + connection("Key", "ACCESS_KEY") + "\r\n--z--\r\n";
            String large = part.replace("\r\n--z--", "x".repeat(70 * 1024) + "\r\n--z--");
            record Refused(HttpRequest.Builder request, int status, String code) {
            }
            HttpRequest.Builder asAdmin = request(collection).header("X-Actor", "admin");
            List<Refused> refused = List.of(
                    new Refused(asAdmin.copy().POST(HttpRequest.BodyPublishers.ofString("not multipart")), 415,
                            "UNSUPPORTED_MEDIA_TYPE"),
                    new Refused(asAdmin.copy().POST(HttpRequest.BodyPublishers.ofString(part)), 415, "UNSUPPORTED_MEDIA_TYPE"),
                    new Refused(asAdmin.copy().POST(HttpRequest.BodyPublishers.ofString(large)), 413, "PAYLOAD_TOO_LARGE"),
                    new Refused(request(collection).POST(HttpRequest.BodyPublishers.ofString("not multipart")), 401,
                            "UNAUTHENTICATED"),
                    new Refused(request("/nowhere").POST(HttpRequest.BodyPublishers.ofString("not multipart")), 404,
                            "NOT_FOUND"));

            for (Refused request : refused) {
                assertError(send(request.request().header("Content-Type", "multipart/form-data; boundary=z")),
                        request.status(), request.code());
            }
            assertThat(json(send(admin("admin", "GET", "", null)))).isEmpty();
        }

        @Test
        void oversizedBodyThen413() throws Exception {
            String huge = connection("x".repeat(JsonBodies.MAX_BODY_BYTES), "ACCESS_KEY");
            assertError(send(admin("admin", "POST", "", huge)), 413, "PAYLOAD_TOO_LARGE");
        }

        /** A form body is no exception: read as any admin body, within the cap, before its type is judged. */
        @Test
        void oversizedFormBodyToPatchThen413AndTheNameStays() throws Exception {
            JsonNode key = created("admin", "Reporting", "ACCESS_KEY");
            String form = "name=Renamed&padding=" + "x".repeat(70 * 1024);

            HttpResponse<String> answer = send(request("/admin/orgs/" + org + "/connections/" + key.get("id").asText())
                    .header("X-Actor", "admin").header("Content-Type", "application/x-www-form-urlencoded")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(form)));

            assertError(answer, 413, "PAYLOAD_TOO_LARGE");
            assertThat(json(send(admin("admin", "GET", "", null))).get(0).get("name").asText()).isEqualTo("Reporting");
        }

        @Test
        void unknownRoutesThen404AndWrongMethodsThen405() throws Exception {
            assertError(send(request("/nowhere").GET()), 404, "NOT_FOUND");
            assertError(send(request("/admin/orgs/" + org + "/widgets").header("X-Actor", "admin").GET()), 404, "NOT_FOUND");
            HttpResponse<String> put = send(admin("admin", "PUT", "", connection("Key", "ACCESS_KEY")));
            assertError(put, 405, "METHOD_NOT_ALLOWED");
            assertThat(put.headers().firstValue("Allow")).contains("GET, HEAD, POST, OPTIONS");
            assertError(send(request("/v1/ping").POST(HttpRequest.BodyPublishers.noBody())), 405, "METHOD_NOT_ALLOWED");
        }

        @Test
        void tokenEndpointOnlyAcceptsPost() throws Exception {
            HttpResponse<String> get = send(request("/oauth/token").GET());
            assertThat(get.statusCode()).isEqualTo(405);
            assertThat(json(get).get("error").asText()).isEqualTo("invalid_request");
        }

        @Test
        void tokenRequestOf70KiBThen400InvalidRequestAndAsGetThen405() throws Exception {
            JsonNode client = created("super", "Billing", "OAUTH");
            String form = "grant_type=client_credentials&client_id=" + client.get("clientId").asText()
                    + "&client_secret=" + client.get("clientSecret").asText() + "&padding=" + "x".repeat(70 * 1024);

            for (String method : List.of("POST", "GET")) {
                HttpResponse<String> answer = send(request("/oauth/token")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .method(method, HttpRequest.BodyPublishers.ofString(form)));
                assertThat(answer.statusCode()).as(method + " " + answer.body()).isEqualTo(method.equals("POST") ? 400 : 405);
                assertThat(json(answer).get("error").asText()).as(method).isEqualTo("invalid_request");
                assertThat(answer.body()).doesNotContain("access_token");
            }
        }

        @Test
        void regenerateWithABodyButNoContentTypeThen415AndTheOldKeyStillVerifies() throws Exception {
            JsonNode key = created("admin", "Reporting", "ACCESS_KEY");

            HttpResponse<String> answer = send(request("/admin/orgs/" + org + "/connections/" + key.get("id").asText()
                    + "/regenerate").header("X-Actor", "admin")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"gracePeriodSeconds\":3600}")));

            assertError(answer, 415, "UNSUPPORTED_MEDIA_TYPE");
            assertThat(answer.body()).doesNotContain("accessKey");
            assertThat(ping("Accesskey", key.get("accessKey").asText()).statusCode()).isEqualTo(200);
            assertThat(json(send(admin("admin", "GET", "", null))).get(0).get("hint")).isEqualTo(key.get("hint"));
        }

        @Test
        void errorPathIsNoRouteThen404() throws Exception {
            assertError(send(request("/error").GET()), 404, "NOT_FOUND");
            assertError(send(request("/error").POST(HttpRequest.BodyPublishers.noBody())), 404, "NOT_FOUND");
            assertError(send(request("/error").DELETE()), 404, "NOT_FOUND");
        }
    }

    @Nested
    @DisplayName("names as people see them")
    class Names {

        void assertRefused(String name, int status, String code) throws IOException, InterruptedException {
            HttpResponse<String> response = send(admin("super", "POST", "", connection(name, "OAUTH")));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
            assertThat(json(response).get("errorCode").asText()).isEqualTo(code);
        }

        @Test
        void lookAlikeNameThen409AndInvisibleNameThen400AndNamesComeBackNormalized() throws Exception {
            assertThat(created("super", " Cafe\\u0301\\u00a0\\u00a0Berlin ", "OAUTH").get("name").asText())
                    .isEqualTo("Caf\u00e9 Berlin");

            assertRefused("CAF\\u00c9 BERLIN", 409, "NAME_TAKEN");
            assertRefused("\\uff23\\uff41\\uff46\\u00e9 Berlin", 409, "NAME_TAKEN");
            assertRefused("\\u200b", 400, "INVALID_INPUT");
            assertRefused("Caf\\u00e9\\u202e Berlin", 400, "INVALID_INPUT");
            // A mark first sits on what is shown before the name; one twice on a letter shows as once.
            assertRefused("\\u0301Caf\\u00e9 Berlin", 400, "INVALID_INPUT");
            assertRefused("Caf\\u00e9\\u0301 Berlin", 400, "INVALID_INPUT");
            assertThat(json(send(admin("super", "GET", "", null)))).hasSize(1);
        }
    }

    @Nested
    @DisplayName("answers that carry a secret are never stored by caches")
    class NoStore {

        @Test
        void createRegenerateAndTokenAnswersSayNoStore() throws Exception {
            HttpResponse<String> key = send(admin("admin", "POST", "", connection("Reporting", "ACCESS_KEY")));
            HttpResponse<String> client = send(admin("super", "POST", "", connection("Billing", "OAUTH")));
            HttpResponse<String> regenerated = send(admin("admin", "POST", "/" + json(key).get("id").asText() + "/regenerate", null));
            HttpResponse<String> token = token(json(client).get("clientId").asText(), json(client).get("clientSecret").asText());

            for (HttpResponse<String> answer : List.of(key, client, regenerated, token)) {
                assertThat(answer.statusCode()).as(answer.uri().toString()).isBetween(200, 201);
                assertThat(answer.headers().firstValue("Cache-Control")).as(answer.uri().toString()).contains("no-store");
            }
        }

        /**
         * Also the answers a framework would make itself — OPTIONS, the meters, a refused path or method, a
         * denial — are not stored, not sniffed and not framed, with the same headers on both demos.
         */
        @Test
        void everyKindOfAnswerSaysNoStoreNosniffAndDeny() throws Exception {
            String collection = "/admin/orgs/" + org + "/connections";
            List<HttpRequest.Builder> requests = List.of(
                    request("/v1/ping").method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
                    request(collection).header("X-Actor", "admin").method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
                    request("/metrics").GET(),
                    request("/metrics").method("HEAD", HttpRequest.BodyPublishers.noBody()),
                    request("/nowhere").GET(),
                    request("/v1/ping").PUT(HttpRequest.BodyPublishers.noBody()),
                    request("/v1/ping").GET(),
                    request("/oauth/token").GET(),
                    request(collection).header("X-Actor", "admin").GET(),
                    request("/").GET());

            for (HttpRequest.Builder request : requests) {
                HttpResponse<String> answer = send(request);
                String what = answer.request().method() + " " + answer.uri().getPath() + " " + answer.statusCode();
                assertThat(answer.headers().allValues("Cache-Control")).as(what).containsExactly("no-store");
                assertThat(answer.headers().allValues("X-Content-Type-Options")).as(what).containsExactly("nosniff");
                assertThat(answer.headers().allValues("X-Frame-Options")).as(what).containsExactly("DENY");
                assertThat(answer.headers().firstValue("X-XSS-Protection")).as(what).isEmpty();
            }
        }
    }

    @Nested
    @DisplayName("HEAD is answered wherever GET is")
    class Head {

        @Test
        void headOfEveryGetRouteHasItsHeadersAndNoBody() throws Exception {
            JsonNode key = created("admin", "Reporting", "ACCESS_KEY");
            String collection = "/admin/orgs/" + org + "/connections";
            Map<String, String> routes = new LinkedHashMap<>();
            routes.put("/", "");
            routes.put("/console.js", "");
            routes.put("/console.css", "");
            routes.put(collection, "X-Actor: admin\r\n");
            routes.put(collection + "/" + key.get("id").asText(), "X-Actor: admin\r\n");
            routes.put("/v1/ping", "Accesskey: " + key.get("accessKey").asText() + "\r\n");
            routes.put("/v1/ping?without=credentials", "");

            // One kept-alive connection: a body after a HEAD answer would be read as the next answer.
            try (RawConnection connection = new RawConnection(server.uri())) {
                for (Map.Entry<String, String> route : routes.entrySet()) {
                    RawConnection.Answer get = connection.exchange(wire("GET", route.getKey(), route.getValue()));
                    RawConnection.Answer head = connection.exchange(wire("HEAD", route.getKey(), route.getValue()));

                    assertThat(get.body()).as(route.getKey()).isNotEmpty();
                    assertThat(head.status()).as(route.getKey()).isEqualTo(get.status());
                    for (String header : List.of("content-type", "content-length", "cache-control", "www-authenticate")) {
                        assertThat(head.headers().get(header)).as(route.getKey() + " " + header)
                                .isEqualTo(get.headers().get(header));
                    }
                }
                assertThat(connection.exchange(wire("GET", "/v1/ping", "")).status()).isEqualTo(401);
            }
        }

        @Test
        void wrongMethodThen405WithAllowNamingHeadBesideGetAndOptions() throws Exception {
            Map<String, String> allowed = new LinkedHashMap<>();
            allowed.put("/", "GET, HEAD, OPTIONS");
            allowed.put("/console.js", "GET, HEAD, OPTIONS");
            allowed.put("/v1/ping", "GET, HEAD, OPTIONS");
            allowed.put("/v1/eventManager/event", "POST, OPTIONS");
            allowed.put("/admin/orgs/" + org + "/connections/" + UUID.randomUUID() + "/regenerate", "POST, OPTIONS");
            allowed.put("/admin/orgs/" + org + "/connections/" + UUID.randomUUID(), "GET, HEAD, PATCH, DELETE, OPTIONS");

            for (Map.Entry<String, String> route : allowed.entrySet()) {
                HttpResponse<String> put = send(request(route.getKey()).header("X-Actor", "admin")
                        .PUT(HttpRequest.BodyPublishers.noBody()));
                assertThat(put.statusCode()).as(route.getKey()).isEqualTo(405);
                assertThat(json(put).get("errorCode").asText()).isEqualTo("METHOD_NOT_ALLOWED");
                assertThat(put.headers().firstValue("Allow")).as(route.getKey()).contains(route.getValue());
            }
        }

        /**
         * Sent raw: methods an HTTP client would not send as they are. Method names are case-sensitive
         * (RFC 9110 §9.1), so {@code get} is not GET; TRACE is served nowhere. Keyward's endpoints answer
         * every method themselves, these as they answer PUT.
         */
        @Test
        void unknownLowerCaseOrTraceMethodOfARouteThen405WithAllowAndOfNoRoute404() throws Exception {
            String collection = "/admin/orgs/" + org + "/connections";
            Map<String, String> allowed = new LinkedHashMap<>();
            allowed.put("get /v1/ping", "GET, HEAD, OPTIONS");
            allowed.put("TRACE /v1/ping", "GET, HEAD, OPTIONS");
            allowed.put("FOO " + collection, "GET, HEAD, POST, OPTIONS");
            allowed.put("TRACE " + collection + "/" + UUID.randomUUID(), "GET, HEAD, PATCH, DELETE, OPTIONS");
            allowed.put("PROPFIND /", "GET, HEAD, OPTIONS");
            allowed.put("post /v1/eventManager/event", "POST, OPTIONS");
            allowed.put("TRACE /metrics", "GET, HEAD, OPTIONS");

            for (Map.Entry<String, String> request : allowed.entrySet()) {
                String[] line = request.getKey().split(" ");
                RawConnection.Answer answer = answeredWithin(Duration.ofSeconds(10),
                        wire(line[0], line[1], "X-Actor: admin\r\n"));
                assertThat(answer.status()).as(request.getKey() + " " + answer.body()).isEqualTo(405);
                assertThat(JsonBodies.JSON.readTree(answer.body()).get("errorCode").asText()).as(request.getKey())
                        .isEqualTo("METHOD_NOT_ALLOWED");
                assertThat(answer.headers().get("allow")).as(request.getKey()).isEqualTo(request.getValue());
            }
            for (String endpoint : List.of("/oauth/token", "/oauth/introspect", "/oauth/revoke", "/secret-scanning/github")) {
                RawConnection.Answer put = answeredWithin(Duration.ofSeconds(10), wire("PUT", endpoint, ""));
                assertThat(put.status()).as(endpoint).isEqualTo(405);
                for (String method : List.of("PROPFIND", "TRACE", "post", "FOO")) {
                    RawConnection.Answer answer = answeredWithin(Duration.ofSeconds(10), wire(method, endpoint, ""));
                    assertThat(answer.status()).as(method + " " + endpoint + " " + answer.body()).isEqualTo(put.status());
                    assertThat(answer.headers().get("allow")).as(method + " " + endpoint)
                            .isEqualTo(put.headers().get("allow"));
                    assertThat(answer.body()).as(method + " " + endpoint).isEqualTo(put.body());
                }
            }
            for (String nowhere : List.of("FOO /nowhere", "TRACE /nowhere", "get /error", "TRACE /error", "FOO /error")) {
                String[] line = nowhere.split(" ");
                RawConnection.Answer answer = answeredWithin(Duration.ofSeconds(10), wire(line[0], line[1], ""));
                assertThat(answer.status()).as(nowhere + " " + answer.body()).isEqualTo(404);
                assertThat(JsonBodies.JSON.readTree(answer.body()).get("errorCode").asText()).as(nowhere)
                        .isEqualTo("NOT_FOUND");
            }
        }

        @Test
        void optionsOfARouteThen200WithAllowAndNoBodyAndKeywardsEndpointsJudgeItThemselves() throws Exception {
            String item = "/admin/orgs/" + org + "/connections/" + UUID.randomUUID();
            Map<String, Set<String>> routes = new LinkedHashMap<>();
            routes.put("/", Set.of("GET", "HEAD", "OPTIONS"));
            routes.put("/v1/ping", Set.of("GET", "HEAD", "OPTIONS"));
            routes.put("/v1/eventManager/event", Set.of("POST", "OPTIONS"));
            routes.put("/metrics", Set.of("GET", "HEAD", "OPTIONS"));
            routes.put("/admin/orgs/" + org + "/connections", Set.of("GET", "HEAD", "POST", "OPTIONS"));
            routes.put(item, Set.of("GET", "HEAD", "PATCH", "DELETE", "OPTIONS"));
            routes.put(item + "/regenerate", Set.of("POST", "OPTIONS"));

            for (Map.Entry<String, Set<String>> route : routes.entrySet()) {
                HttpResponse<String> options = send(request(route.getKey()).header("X-Actor", "admin")
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
                assertThat(options.statusCode()).as(route.getKey()).isEqualTo(200);
                assertThat(options.body()).as(route.getKey()).isEmpty();
                assertThat(Stream.of(options.headers().firstValue("Allow").orElse("").split(",")).map(String::strip))
                        .as(route.getKey()).containsExactlyInAnyOrderElementsOf(route.getValue());
                // RFC 5789 §3.1: what a PATCH takes, where one is allowed; never an empty list.
                assertThat(options.headers().allValues("Accept-Patch")).as(route.getKey())
                        .isEqualTo(route.getValue().contains("PATCH") ? List.of("application/json") : List.of());
            }
            for (String endpoint : List.of("/oauth/token", "/oauth/introspect", "/oauth/revoke", "/secret-scanning/github")) {
                HttpResponse<String> options = send(request(endpoint).method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
                assertThat(options.statusCode()).as(endpoint).isEqualTo(405);
                assertThat(options.headers().firstValue("Allow")).as(endpoint).contains("POST");
            }
            for (String nowhere : List.of("/nowhere", "/error")) {
                HttpResponse<String> options = send(request(nowhere).method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
                assertThat(options.statusCode()).as(nowhere).isEqualTo(404);
                assertThat(json(options).get("errorCode").asText()).as(nowhere).isEqualTo("NOT_FOUND");
            }
        }

        /**
         * Neither demo lets another origin's page call it: a CORS preflight is answered as any OPTIONS
         * request, and no answer names an origin, a method or a header as allowed: a browser stops the
         * request the preflight asked about, and withholds from the page the answer to a simple request.
         */
        @Test
        void corsPreflightThenAnsweredAsOptionsAndNothingIsAllowedAcrossOrigins() throws Exception {
            JsonNode key = created("admin", "Reporting", "ACCESS_KEY");
            Map<String, String> routes = new LinkedHashMap<>();
            routes.put("/v1/ping", "GET");
            routes.put("/v1/eventManager/event", "POST");
            routes.put("/admin/orgs/" + org + "/connections", "POST");
            routes.put("/metrics", "GET");
            routes.put("/oauth/introspect", "POST");
            routes.put("/oauth/token", "POST");

            for (Map.Entry<String, String> route : routes.entrySet()) {
                HttpResponse<String> plain = send(request(route.getKey())
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
                HttpResponse<String> preflight = send(request(route.getKey()).header("Origin", "http://evil.example")
                        .header("Access-Control-Request-Method", route.getValue())
                        .header("Access-Control-Request-Headers", "x-actor, content-type")
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

                assertThat(preflight.headers().firstValue("Cache-Control")).as(route.getKey()).contains("no-store");
                assertNoCorsGrant(preflight);
                if (route.getKey().startsWith("/admin/")) {
                    // A page at another origin is refused at the admin plane before any route (see Rebinding).
                    assertThat(preflight.statusCode()).as(route.getKey() + " " + preflight.body()).isEqualTo(421);
                    assertThat(plain.statusCode()).as(route.getKey()).isEqualTo(200);
                    continue;
                }
                assertThat(preflight.statusCode()).as(route.getKey() + " " + preflight.body()).isEqualTo(plain.statusCode());
                assertThat(preflight.headers().firstValue("Allow")).as(route.getKey())
                        .isEqualTo(plain.headers().firstValue("Allow"));
                assertThat(preflight.body()).as(route.getKey()).isEqualTo(plain.body());
            }
            HttpResponse<String> simple = send(request("/v1/ping").header("Origin", "http://evil.example")
                    .header("Accesskey", key.get("accessKey").asText()).GET());
            assertThat(simple.statusCode()).isEqualTo(200);
            assertNoCorsGrant(simple);
        }

        void assertNoCorsGrant(HttpResponse<String> answer) {
            assertThat(answer.headers().map().keySet()).as(answer.uri().toString())
                    .noneMatch(name -> name.toLowerCase(Locale.ROOT).startsWith("access-control-"));
        }
    }

    @Nested
    @DisplayName("paths match exactly")
    class ExactPaths {

        /**
         * What RFC 9112 does not allow is refused by both servers alike: a target with a fragment (§3.2), a
         * Content-Length that is not digits alone (RFC 9110 §8.6), which another reader might frame otherwise.
         */
        @Test
        void fragmentInTheTargetOrASignedContentLengthThen400() throws Exception {
            String form = "grant_type=client_credentials";
            for (String request : List.of(wire("GET", "/v1/ping#frag", ""), wire("GET", "/#top", ""),
                    "POST /oauth/token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded"
                            + "\r\nContent-Length: +" + form.length() + "\r\n\r\n" + form)) {
                try (RawConnection connection = new RawConnection(server.uri())) {
                    connection.write(request);
                    RawConnection.Answer answer = connection.read(false);
                    assertThat(answer.status()).as(request).isEqualTo(400);
                }
            }
        }

        @Test
        void pathsThatOnlyStartLikeARouteThen404() throws Exception {
            JsonNode key = created("admin", "Reporting", "ACCESS_KEY");
            String collection = "/admin/orgs/" + org + "/connections";
            List<String> lookalikes = List.of("/v1/pingpong", "/v1/ping/", "/v1/ping/more", "/v1//ping",
                    "/v1/eventManager/eventually", "/oauth/tokens", "/oauth/token/", "/console.js.map", "/index.html",
                    "/admin/", collection + "/", collection + "s", "/admin/orgs//connections",
                    collection + "/" + key.get("id").asText() + "/regenerate/now");

            assertNoRoute(lookalikes, key);
        }

        /** RFC 9112 §3.2: a server answers 400 to an HTTP/1.1 request with no Host header or more than one. */
        @Test
        void noHostOrTwoHostHeadersThen400AndNoRoute() throws Exception {
            JsonNode key = created("admin", "Reporting", "ACCESS_KEY");
            String accessKey = "Accesskey: " + key.get("accessKey").asText() + "\r\n";

            for (String request : List.of("GET /v1/ping HTTP/1.1\r\n" + accessKey + "\r\n",
                    "GET /v1/ping HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n" + accessKey + "\r\n",
                    "GET /admin/orgs/" + org + "/connections HTTP/1.1\r\nHost: evil.example\r\nHost: localhost\r\n"
                            + "X-Actor: admin\r\n\r\n")) {
                RawConnection.Answer answer = answeredWithin(Duration.ofSeconds(10), request);
                assertThat(answer.status()).as(request).isEqualTo(400);
                assertThat(answer.body()).as(request).doesNotContain(key.get("id").asText());
            }
            assertThat(answeredWithin(Duration.ofSeconds(10), wire("GET", "/v1/ping", accessKey)).status()).isEqualTo(200);
        }

        /** Sent raw: an HTTP client would rewrite these targets before sending them. */
        @Test
        void targetThatStartsWithTwoSlashesThen404AndNotTheRouteAfterIt() throws Exception {
            JsonNode key = created("admin", "Reporting", "ACCESS_KEY");
            String headers = "X-Actor: admin\r\nAccesskey: " + key.get("accessKey").asText() + "\r\n";
            String collection = "/admin/orgs/" + org + "/connections";

            for (String target : List.of("//x/v1/ping", "///v1/ping", "//x" + collection, "//localhost" + collection,
                    "//x/v1/ping?x=1")) {
                RawConnection.Answer answer = answeredWithin(Duration.ofSeconds(10), wire("GET", target, headers));
                assertThat(answer.status()).as(target).isEqualTo(404);
                assertThat(JsonBodies.JSON.readTree(answer.body()).get("errorCode").asText()).as(target)
                        .isEqualTo("NOT_FOUND");
            }
            assertThat(answeredWithin(Duration.ofSeconds(10), wire("GET", "/v1/ping", headers)).status()).isEqualTo(200);
        }
    }

    /**
     * Each path, asked for with an admin's actor and the key, is no route (404 NOT_FOUND), while the key
     * still pings: the paths reach nothing the key or the actor could.
     */
    void assertNoRoute(List<String> paths, JsonNode key) throws Exception {
        for (String path : paths) {
            HttpResponse<String> answer = send(request(path).header("X-Actor", "admin")
                    .header("Accesskey", key.get("accessKey").asText()).GET());
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(json(answer).get("errorCode").asText()).as(path).isEqualTo("NOT_FOUND");
        }
        assertThat(ping("Accesskey", key.get("accessKey").asText()).statusCode()).isEqualTo(200);
    }

    @Nested
    @DisplayName("paths are matched as sent")
    class EncodedPaths {

        @Test
        void pathThatEncodesASlashOrWhatNeedsNoEncodingThen404EvenWhenItDecodesToARoute() throws Exception {
            JsonNode key = created("admin", "Reporting", "ACCESS_KEY");
            String collection = "/admin/orgs/" + org + "/connections";
            List<String> encoded = List.of("/v1%2Fping", "/v1%2fping", "/v1/p%69ng", "/%761/ping", "/v1/ping%2F",
                    "/admin/orgs/" + org + "%2Fconnections", "/admin/orgs/%6F" + org.substring(1) + "/connections",
                    collection + "/" + key.get("id").asText().replaceFirst("-", "%2D"), "/v1/%2E%2E/v1/ping",
                    "/v1/ping%3Bx=1", "/v1/ping%25");

            assertNoRoute(encoded, key);
        }

        @Test
        void characterThatNeedsEncodingInAnIdIsDecoded() throws Exception {
            String regional = org + ":eu";

            HttpResponse<String> create = send(request("/admin/orgs/" + org + "%3Aeu/connections").header("X-Actor", "admin")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(connection("Reporting", "ACCESS_KEY"))));

            assertThat(create.statusCode()).as(create.body()).isEqualTo(201);
            HttpResponse<String> list = send(request("/admin/orgs/" + regional + "/connections").header("X-Actor", "admin").GET());
            assertThat(json(list)).extracting(c -> c.get("id").asText()).containsExactly(json(create).get("id").asText());
            HttpResponse<String> ping = ping("Accesskey", json(create).get("accessKey").asText());
            assertThat(json(ping).get("org").asText()).isEqualTo(regional);
        }
    }

    @Nested
    @DisplayName("DNS rebinding: the admin plane and console answer only names no rebound page can have")
    class Rebinding {

        RawConnection.Answer get(String path, String host) throws IOException {
            try (RawConnection connection = new RawConnection(server.uri())) {
                return connection.exchange("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nX-Actor: admin\r\n\r\n");
            }
        }

        @Test
        void otherHostNameThen421ForTheAdminPlaneAndTheConsoleOnly() throws Exception {
            created("admin", "Reporting", "ACCESS_KEY");
            String collection = "/admin/orgs/" + org + "/connections";
            int port = server.uri().getPort();

            for (String host : List.of("rebound.example:" + port, "rebound.example", "localhost.rebound.example:" + port,
                    "127.0.0.1.rebound.example:" + port)) {
                for (String path : List.of(collection, "/", "/console.js")) {
                    RawConnection.Answer refused = get(path, host);
                    assertThat(refused.status()).as(host + " " + path).isEqualTo(421);
                    assertThat(JsonBodies.JSON.readTree(refused.body()).get("errorCode").asText())
                            .isEqualTo("MISDIRECTED_REQUEST");
                }
                assertThat(get("/v1/ping", host).status()).as("the API is for machines: " + host).isEqualTo(401);
            }
            for (String host : List.of("localhost:" + port, "LocalHost", "127.0.0.1:" + port, "127.0.0.2", "[::1]:" + port)) {
                assertThat(get(collection, host).status()).as(host).isEqualTo(200);
                assertThat(JsonBodies.JSON.readTree(get(collection, host).body())).as(host).hasSize(1);
                assertThat(get("/", host).status()).as(host).isEqualTo(200);
            }
        }

        /**
         * RFC 9112 §3.2.2: a target in absolute form names the host; the Host header does not. Where the
         * two disagree, Tomcat (the Spring Boot demo) refuses the request with 400 before the demo sees
         * it; the JDK demo checks the target's host: 421.
         */
        @Test
        void absoluteFormTargetNamingAnotherHostThenRefusedWhateverTheHostHeader() throws Exception {
            created("admin", "Reporting", "ACCESS_KEY");
            String collection = "/admin/orgs/" + org + "/connections";
            int port = server.uri().getPort();

            RawConnection.Answer named = get("http://rebound.example:" + port + collection, "rebound.example:" + port);
            assertThat(named.status()).isEqualTo(421);
            assertThat(JsonBodies.JSON.readTree(named.body()).get("errorCode").asText()).isEqualTo("MISDIRECTED_REQUEST");
            for (String authority : List.of("rebound.example:" + port, "localhost@rebound.example:" + port)) {
                RawConnection.Answer refused = get("http://" + authority + collection, "localhost:" + port);
                assertThat(refused.status()).as(authority).isIn(421, 400);
                assertThat(refused.body()).as(authority).doesNotContain("Reporting");
                if (refused.status() == 421) {
                    assertThat(JsonBodies.JSON.readTree(refused.body()).get("errorCode").asText())
                            .isEqualTo("MISDIRECTED_REQUEST");
                }
            }
            RawConnection.Answer loopback = get("http://localhost:" + port + collection, "localhost:" + port);
            assertThat(loopback.status()).as("routed by its path").isEqualTo(200);
            assertThat(JsonBodies.JSON.readTree(loopback.body())).hasSize(1);
        }

        /**
         * A proxy on the machine that rewrites {@code Host} to the demo's own address (nginx's default) hands a
         * rebound page's request on with a loopback host; the browser's {@code Origin} still names the page.
         */
        @Test
        void pageAtAnotherOriginThen421ThoughTheHostIsLoopback() throws Exception {
            String collection = "/admin/orgs/" + org + "/connections";
            int port = server.uri().getPort();
            String body = "{\"name\":\"Rebound\",\"authenticationType\":\"OAUTH\"}";
            for (String origin : List.of("http://rebound.example:" + port, "http://localhost.rebound.example:" + port,
                    "null")) {
                try (RawConnection connection = new RawConnection(server.uri())) {
                    RawConnection.Answer refused = connection.exchange("POST " + collection + " HTTP/1.1\r\nHost: 127.0.0.1:"
                            + port + "\r\nOrigin: " + origin + "\r\nX-Actor: super\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length() + "\r\n\r\n" + body);
                    assertThat(refused.status()).as(origin).isEqualTo(421);
                    assertThat(refused.body()).as(origin).doesNotContain("clientSecret");
                }
            }
            assertThat(JsonBodies.JSON.readTree(get(collection, "localhost:" + port).body())).as("nothing created").isEmpty();
            try (RawConnection connection = new RawConnection(server.uri())) {
                RawConnection.Answer created = connection.exchange("POST " + collection + " HTTP/1.1\r\nHost: localhost:"
                        + port + "\r\nOrigin: http://localhost:" + port + "\r\nX-Actor: super\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
                assertThat(created.status()).as("the console's own origin").isEqualTo(201);
            }
        }

        /**
         * Reached on another address than loopback — as a demo in a container is, behind a port the host publishes on
         * its own loopback — a rebound name is refused too, and the address itself answered.
         */
        @Test
        void reachedOnAnotherAddressThenARequestNamingAHostNameIsRefused() throws Exception {
            InetAddress own = NetworkInterface.networkInterfaces().filter(DemoServerContract::upAndNotLoopback)
                    .flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address).findFirst().orElse(null);
            Assumptions.assumeTrue(own != null, "this machine has no address but loopback");
            DemoOptions options = newDatabase();
            try (RunningDemo everywhere = start(new DemoOptions("0.0.0.0", 0, options.dbUrl(), options.dbUser(),
                    options.dbPassword(), options.dataDir(), options.keyward()))) {
                String authority = own.getHostAddress() + ":" + everywhere.uri().getPort();
                URI overTheNetwork = URI.create("http://" + authority);
                for (String path : List.of("/admin/orgs/" + org + "/connections", "/")) {
                    try (RawConnection connection = new RawConnection(overTheNetwork)) {
                        assertThat(connection.exchange("GET " + path + " HTTP/1.1\r\nHost: rebound.example:"
                                + everywhere.uri().getPort() + "\r\nX-Actor: admin\r\n\r\n").status()).as(path).isEqualTo(421);
                    }
                    try (RawConnection connection = new RawConnection(overTheNetwork)) {
                        assertThat(connection.exchange("GET " + path + " HTTP/1.1\r\nHost: " + authority
                                + "\r\nX-Actor: admin\r\n\r\n").status()).as(path).isEqualTo(200);
                    }
                }
            }
        }

        /** {@code --allowed-host}: a reverse proxy's name, or the machine's own, is answered too; no other name is. */
        @Test
        void allowedHostNameThenAnsweredAndNoOther() throws Exception {
            DemoOptions own = newDatabase();
            try (RunningDemo allowing = start(new DemoOptions(own.host(), 0, own.dbUrl(), own.dbUser(), own.dbPassword(),
                    own.dataDir(), own.keyward(), List.of("keyward.test")))) {
                int port = allowing.uri().getPort();
                for (String path : List.of("/admin/orgs/" + org + "/connections", "/")) {
                    try (RawConnection connection = new RawConnection(allowing.uri())) {
                        assertThat(connection.exchange("GET " + path + " HTTP/1.1\r\nHost: keyward.test:" + port
                                + "\r\nX-Actor: admin\r\n\r\n").status()).as(path).isEqualTo(200);
                    }
                    try (RawConnection connection = new RawConnection(allowing.uri())) {
                        assertThat(connection.exchange("GET " + path + " HTTP/1.1\r\nHost: other.test:" + port
                                + "\r\nX-Actor: admin\r\n\r\n").status()).as(path).isEqualTo(421);
                    }
                }
            }
        }

        /** Listening on every address, the demo is still reached over loopback, where a rebound page reaches it too. */
        @Test
        void listeningOnEveryAddressThenARequestOverLoopbackIsStillChecked() throws Exception {
            DemoOptions own = newDatabase();
            try (RunningDemo everywhere = start(new DemoOptions("0.0.0.0", 0, own.dbUrl(), own.dbUser(),
                    own.dbPassword(), own.dataDir(), own.keyward()))) {
                URI overLoopback = URI.create("http://127.0.0.1:" + everywhere.uri().getPort());
                for (String path : List.of("/admin/orgs/" + org + "/connections", "/")) {
                    try (RawConnection connection = new RawConnection(overLoopback)) {
                        RawConnection.Answer refused = connection.exchange(wire("GET", path, "X-Actor: admin\r\n")
                                .replace("Host: localhost", "Host: rebound.example"));
                        assertThat(refused.status()).as(path).isEqualTo(421);
                        assertThat(connection.exchange(wire("GET", path, "X-Actor: admin\r\n")).status()).as(path)
                                .isEqualTo(200);
                    }
                }
            }
        }
    }

    @Nested
    @DisplayName("the console's pages")
    class ConsolePages {

        /**
         * The console's pages load and run only what the demo serves (no inline script, nothing from elsewhere), may be
         * framed by no page, set no base address, post forms only to the demo, and send no referrer.
         */
        @Test
        void consolePagesCarryTheirContentSecurityPolicy() throws Exception {
            for (String path : List.of("/", "/console.js", "/console.css")) {
                HttpResponse<String> page = send(request(path).GET());
                assertThat(page.statusCode()).as(path).isEqualTo(200);
                assertThat(page.headers().firstValue("Content-Security-Policy")).as(path)
                        .contains("default-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
                assertThat(page.headers().firstValue("Referrer-Policy")).as(path).contains("no-referrer");
                assertThat(page.headers().firstValue("X-Frame-Options")).as(path).contains("DENY");
            }
            String html = send(request("/").GET()).body();
            assertThat(html).as("every script is a file the demo serves").doesNotContainPattern("<script(?![^>]*\\bsrc=)")
                    .doesNotContainPattern("\\son[a-z]+\\s*=").doesNotContain("javascript:");
        }
    }

    @Nested
    @DisplayName("JSON bodies are read strictly")
    class StrictJson {

        HttpResponse<String> postBytes(String path, String method, byte[] body) throws Exception {
            return send(request("/admin/orgs/" + org + "/connections" + path).header("X-Actor", "super")
                    .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
        }

        /** A connection body whose name holds the given bytes, which are not UTF-8. */
        byte[] withName(byte... notUtf8) {
            byte[] start = "{\"name\":\"Key ".getBytes(StandardCharsets.US_ASCII);
            byte[] end = "\",\"authenticationType\":\"ACCESS_KEY\"}".getBytes(StandardCharsets.US_ASCII);
            byte[] body = new byte[start.length + notUtf8.length + end.length];
            System.arraycopy(start, 0, body, 0, start.length);
            System.arraycopy(notUtf8, 0, body, start.length, notUtf8.length);
            System.arraycopy(end, 0, body, start.length + notUtf8.length, end.length);
            return body;
        }

        @Test
        void tokenRequestBodyWithBytesBeyondAsciiThen400InvalidRequest() throws Exception {
            JsonNode client = created("super", "Client", "OAUTH");
            String basic = Base64.getEncoder().encodeToString((client.get("clientId").asText() + ":"
                    + client.get("clientSecret").asText()).getBytes(StandardCharsets.US_ASCII));
            byte[] body = "grant_type=client_credentials&note=caf\u00e9".getBytes(StandardCharsets.UTF_8);

            HttpResponse<String> answer = send(request("/oauth/token").header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(json(answer).get("error").asText()).isEqualTo("invalid_request");
            assertThat(answer.body()).doesNotContain("access_token");
        }

        @Test
        void invalidUtf8Then400AndNothingChanges() throws Exception {
            // A broken sequence, an encoded surrogate, an overlong slash, a lone continuation byte.
            List<byte[]> invalid = List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                    new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0x80});
            JsonNode kept = created("super", "Kept", "OAUTH");

            for (byte[] bytes : invalid) {
                HttpResponse<String> create = postBytes("", "POST", withName(bytes));
                assertThat(create.statusCode()).as(create.body()).isEqualTo(400);
                assertThat(json(create).get("errorCode").asText()).isEqualTo("INVALID_INPUT");
                HttpResponse<String> rename = postBytes("/" + kept.get("id").asText(), "PATCH", withName(bytes));
                assertThat(rename.statusCode()).as(rename.body()).isEqualTo(400);
            }
            JsonNode list = json(send(admin("super", "GET", "", null)));
            assertThat(list).hasSize(1);
            assertThat(list.get(0).get("name").asText()).isEqualTo("Kept");
        }

        @Test
        void repeatedNameThen400AndNothingChanges() throws Exception {
            JsonNode kept = created("super", "Kept", "OAUTH");

            HttpResponse<String> create = postBytes("", "POST",
                    "{\"name\":\"Safe\",\"authenticationType\":\"ACCESS_KEY\",\"name\":\"Evil\"}".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> rename = postBytes("/" + kept.get("id").asText(), "PATCH",
                    "{\"name\":\"Safe\",\"name\":\"Evil\"}".getBytes(StandardCharsets.UTF_8));

            for (HttpResponse<String> answer : List.of(create, rename)) {
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
                assertThat(json(answer).get("errorCode").asText()).isEqualTo("INVALID_INPUT");
            }
            JsonNode list = json(send(admin("super", "GET", "", null)));
            assertThat(list).extracting(c -> c.get("name").asText()).containsExactly("Kept");
        }

        @Test
        void contentAfterTheObjectThen400AndNothingChanges() throws Exception {
            JsonNode kept = created("super", "Kept", "OAUTH");
            List<String> trailing = List.of("]]junk", " {}", " \"more\"", "x");

            for (String after : trailing) {
                HttpResponse<String> create = postBytes("", "POST",
                        (connection("Other", "ACCESS_KEY") + after).getBytes(StandardCharsets.UTF_8));
                HttpResponse<String> rename = postBytes("/" + kept.get("id").asText(), "PATCH",
                        ("{\"name\":\"Renamed\"}" + after).getBytes(StandardCharsets.UTF_8));
                for (HttpResponse<String> answer : List.of(create, rename)) {
                    assertThat(answer.statusCode()).as(after + ": " + answer.body()).isEqualTo(400);
                    assertThat(json(answer).get("errorCode").asText()).isEqualTo("INVALID_INPUT");
                }
            }
            JsonNode list = json(send(admin("super", "GET", "", null)));
            assertThat(list).extracting(c -> c.get("name").asText()).containsExactly("Kept");
        }

        @Test
        void gracePeriodThatIsNotAWholeNumberThen400AndTheKeyIsNotRegenerated() throws Exception {
            JsonNode key = created("admin", "Reporting", "ACCESS_KEY");
            String regenerate = "/" + key.get("id").asText() + "/regenerate";

            for (String seconds : List.of("1.5", "1e3", "60.0", "\"60\"", "true", "99999999999999999999")) {
                HttpResponse<String> answer = send(admin("admin", "POST", regenerate, "{\"gracePeriodSeconds\":" + seconds + "}"));
                assertThat(answer.statusCode()).as(seconds + ": " + answer.body()).isEqualTo(400);
                assertThat(json(answer).get("errorCode").asText()).isEqualTo("INVALID_INPUT");
                assertThat(answer.body()).doesNotContain("accessKey");
            }
            assertThat(ping("Accesskey", key.get("accessKey").asText()).statusCode()).isEqualTo(200);
            assertThat(json(send(admin("admin", "GET", "", null))).get(0).get("hint")).isEqualTo(key.get("hint"));

            HttpResponse<String> whole = send(admin("admin", "POST", regenerate, "{\"gracePeriodSeconds\":60}"));
            assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
            assertThat(ping("Accesskey", key.get("accessKey").asText()).statusCode()).isEqualTo(200);
        }
    }

    @Nested
    @DisplayName("kept-alive connections are answered at once")
    class KeepAlive {

        /** Sends the request a hundred times on one connection; checks each answer and how fast they came. */
        void hundredTimesOnOneConnection(String request) throws IOException {
            long[] nanos = new long[100];
            try (RawConnection connection = new RawConnection(server.uri())) {
                assertThat(connection.exchange(request).status()).isEqualTo(200);
                for (int i = 0; i < nanos.length; i++) {
                    long start = System.nanoTime();
                    RawConnection.Answer answer = connection.exchange(request);
                    nanos[i] = System.nanoTime() - start;
                    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                }
            }
            long total = LongStream.of(nanos).sum();
            long median = LongStream.of(nanos).sorted().skip(nanos.length / 2).findFirst().orElseThrow();
            // Each waited about 40 ms when the server let Nagle's algorithm hold its answers.
            assertThat(Duration.ofNanos(median)).isLessThan(Duration.ofMillis(10));
            assertThat(Duration.ofNanos(total)).isLessThan(Duration.ofSeconds(2));
        }

        @Test
        void hundredPingsOnOneConnectionInMillisecondsEach() throws Exception {
            JsonNode key = created("admin", "Reporting", "ACCESS_KEY");
            hundredTimesOnOneConnection(wire("GET", "/v1/ping", "Accesskey: " + key.get("accessKey").asText() + "\r\n"));
        }

        @Test
        void hundredListsFromTheDatabaseOnOneConnectionInMillisecondsEach() throws Exception {
            created("admin", "Reporting", "ACCESS_KEY");
            hundredTimesOnOneConnection(wire("GET", "/admin/orgs/" + org + "/connections", "X-Actor: admin\r\n"));
        }

        @Test
        void idleKeptAliveConnectionIsClosedWithinSeconds() throws Exception {
            try (RawConnection connection = new RawConnection(server.uri())) {
                assertThat(connection.exchange(wire("GET", "/", "")).status()).isEqualTo(200);
                // Kept alive: a server that closed after every answer would also pass the wait below.
                assertThat(connection.exchange(wire("GET", "/", "")).status()).isEqualTo(200);

                // Left at the JDK's default, an idle connection held its slot of the connection cap for 30 to 40 s.
                assertThat(connection.closedByServerWithin(Duration.ofSeconds(15))).isTrue();
            }
        }
    }

    @Nested
    @DisplayName("untrusted clients cannot stall the server")
    class Stalls {

        /**
         * How soon a request that has not arrived in full is dropped, counted from before its first byte:
         * both demos give a request five seconds and look for late ones about once a second; twice that,
         * for a loaded machine.
         */
        static final Duration DROPPED_WITHIN = Duration.ofSeconds(10);

        /** A create request whose body stops well before the length it declares. */
        String bodyCutShort() {
            String start = "{\"name\":\"Never finished";
            return "POST /admin/orgs/" + org + "/connections HTTP/1.1\r\nHost: localhost\r\nX-Actor: admin\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (start.length() + 100) + "\r\n\r\n" + start;
        }

        List<String> cheapRequests(JsonNode warmKey) {
            return List.of(wire("GET", "/", ""),
                    wire("GET", "/v1/ping", "Accesskey: " + warmKey.get("accessKey").asText() + "\r\n"),
                    wire("GET", "/admin/orgs/" + org + "/connections", "X-Actor: admin\r\n"));
        }

        @Test
        void fortyHalfSentConnectionsThenValidRequestsAnsweredWithinASecond() throws Exception {
            JsonNode key = created("admin", "Reporting", "ACCESS_KEY");
            assertThat(ping("Accesskey", key.get("accessKey").asText()).statusCode()).isEqualTo(200);
            List<RawConnection> halfSent = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    halfSent.add(new RawConnection(server.uri()).write("GET /v1/ping HTTP/1.1\r\nHost: localhost\r\nAccesskey: kwak_"));
                    halfSent.add(new RawConnection(server.uri()).write(bodyCutShort()));
                }
                for (String request : cheapRequests(key)) {
                    assertThat(answeredWithin(Duration.ofSeconds(1), request).status()).as(request).isEqualTo(200);
                }
            } finally {
                for (RawConnection connection : halfSent) {
                    connection.close();
                }
            }
            assertThat(json(send(admin("admin", "GET", "", null)))).hasSize(1);
        }

        @Test
        void halfSentOrSilentRequestIsDroppedWithinSeconds() throws Exception {
            try (RawConnection headers = new RawConnection(server.uri());
                 RawConnection body = new RawConnection(server.uri());
                 RawConnection silent = new RawConnection(server.uri())) {
                headers.write("GET /v1/ping HTTP/1.1\r\nHost: localhost\r\n");
                body.write(bodyCutShort());

                // One deadline for the three. Left at the JDK's defaults, the server looked for silent
                // connections every 10 s and closed them only when idle for 30 s.
                long deadline = System.nanoTime() + DROPPED_WITHIN.toNanos();
                for (RawConnection connection : List.of(headers, body, silent)) {
                    assertThat(connection.closedByServerBefore(deadline)).isTrue();
                }
            }
            assertThat(json(send(admin("admin", "GET", "", null)))).isEmpty();
        }

        @Test
        void answersAClientStopsReadingAreDroppedWithinSeconds() throws Exception {
            // The console's script, its largest answer, asked for a thousand times on one connection whose
            // client reads none of it: far more than the sockets' buffers hold, so the server's writes stop.
            String script = "GET /console.js HTTP/1.1\r\nHost: localhost\r\n\r\n";
            try (RawConnection stalled = new RawConnection(server.uri(), 1024)) {
                // The JDK demo's bound counts the handler's work too, so it is longer than Tomcat's write timeout.
                long deadline = System.nanoTime() + HttpServerSetup.MAX_RESPONSE_TIME.plus(DROPPED_WITHIN).toNanos();
                stalled.write(script.repeat(1_000));
                assertThat(stalled.droppedByServerWhileUnreadBefore(deadline)).isTrue();
            }
            assertThat(json(send(admin("admin", "GET", "", null)))).isEmpty();
        }

        /** A request whose line and headers are sent at once and whose body, of the length they declare, trickles. */
        Trickle.Request bodyTrickled(String path, String headers, String body) {
            return new Trickle.Request("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + headers
                    + "Content-Length: " + body.length() + "\r\n\r\n", body);
        }

        void eachDroppedWithinBound(Trickle trickle) throws IOException {
            long deadline = trickle.started() + DROPPED_WITHIN.toNanos();
            for (RawConnection connection : trickle.connections()) {
                assertThat(connection.closedByServerBefore(deadline)).isTrue();
            }
        }

        @Test
        void requestLineOrHeadersTrickledAByteASecondAreDroppedWithinSeconds() throws Exception {
            // Each byte comes well within a timeout counted from the last one, as Tomcat's connection
            // timeout is: only a deadline for the whole request ends such a request.
            String headers = "GET /v1/ping HTTP/1.1\r\nHost: localhost\r\n";
            String padding = "X-Padding: " + "a".repeat(100);
            try (Trickle trickle = Trickle.start(server.uri(), List.of(
                    new Trickle.Request("G", headers.substring(1) + padding),
                    new Trickle.Request(headers, padding)))) {
                eachDroppedWithinBound(trickle);
            }
        }

        @Test
        void blankLinesTrickledBeforeARequestAreDroppedWithinSeconds() throws Exception {
            // Blank lines may come before a request line: Tomcat reads them as they come, each time letting go of
            // the request it had started and with it the time of its first byte.
            try (Trickle trickle = Trickle.start(server.uri(), List.of(new Trickle.Request("\r\n", "\r\n".repeat(30))))) {
                eachDroppedWithinBound(trickle);
            }
        }

        @Test
        void bodyWhoseReadStartsJustBeforeTheDeadlineGetsOnlyTheTimeLeft() throws Exception {
            try (RawConnection connection = new RawConnection(server.uri())) {
                long started = System.nanoTime();
                connection.write("POST /admin/orgs/" + org + "/connections HTTP/1.1\r\nHost: localhost\r\n");
                Trickle.pause(Duration.ofMillis(4_500));
                connection.write("X-Actor: admin\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n");

                // Five seconds from the first byte, and two for a loaded machine: a read of the body given a full
                // timeout of its own when it starts ends some five seconds after that start.
                assertThat(connection.closedByServerBefore(started + Duration.ofSeconds(7).toNanos())).isTrue();
            }
            assertThat(json(send(admin("admin", "GET", "", null)))).isEmpty();
        }

        @Test
        void nextRequestOnAKeptAliveConnectionHasItsOwnTime() throws Exception {
            String body = connection("Second", "ACCESS_KEY");
            try (RawConnection connection = new RawConnection(server.uri())) {
                connection.write("GET / HTTP/1.1\r\nHost: localhost\r\n");
                Trickle.pause(Duration.ofMillis(4_500));
                // The first request ends half a second before its deadline; the second starts at once.
                connection.write("\r\nPOST /admin/orgs/" + org + "/connections HTTP/1.1\r\nHost: localhost\r\n");
                assertThat(connection.read(false).status()).isEqualTo(200);
                Trickle.pause(Duration.ofSeconds(2));
                connection.write("X-Actor: admin\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                        + "\r\n\r\n" + body);

                RawConnection.Answer answer = connection.read(false);
                assertThat(answer.status()).as(answer.body()).isEqualTo(201);
            }
        }

        @Test
        void bodiesTrickledAByteASecondAreDroppedWithinSecondsWhetherReadOrNot() throws Exception {
            String form = "grant_type=client_credentials&client_id=" + "a".repeat(100);
            String json = "{\"name\":\"" + "a".repeat(100) + "\",\"authenticationType\":\"ACCESS_KEY\"}";
            try (Trickle trickle = Trickle.start(server.uri(), List.of(
                    bodyTrickled("/oauth/token", "Content-Type: application/x-www-form-urlencoded\r\n", form),
                    bodyTrickled("/admin/orgs/" + org + "/connections",
                            "X-Actor: admin\r\nContent-Type: application/json\r\n", json),
                    // Refused before its body is read: the rest is still on its way when the answer leaves.
                    bodyTrickled("/v1/eventManager/event", "", json)))) {
                eachDroppedWithinBound(trickle);
            }
            assertThat(json(send(admin("admin", "GET", "", null)))).isEmpty();
        }

        @Test
        void requestPausingInItsHeadersAndBodyButInFullWithinItsTimeIsAnswered() throws Exception {
            String body = connection("Paused", "ACCESS_KEY");
            String request = "POST /admin/orgs/" + org + "/connections HTTP/1.1\r\nHost: localhost\r\nX-Actor: admin\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
            int inHeaders = 30;
            int inBody = request.length() - 5;
            try (RawConnection connection = new RawConnection(server.uri())) {
                connection.write(request.substring(0, inHeaders));
                Trickle.pause(Duration.ofMillis(1_500));
                connection.write(request.substring(inHeaders, inBody));
                Trickle.pause(Duration.ofMillis(1_500));
                connection.write(request.substring(inBody));

                RawConnection.Answer answer = connection.read(false);
                assertThat(answer.status()).as(answer.body()).isEqualTo(201);
            }
        }

        /**
         * Wrong secrets for a real connection, all different and well-formed, as anyone who knows
         * the documented format can make them: each one costs the server its own Argon2 verification.
         */
        List<String> forgedSecretsFor(String accessKey, int count) {
            CredentialCodec codec = new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom());
            String lookupId = codec.parse(accessKey).lookupId();
            return Stream.generate(() -> codec.issue(CredentialKind.ACCESS_KEY, lookupId)).limit(count).toList();
        }

        @Test
        void floodOfWrongSecretsDoesNotDelayCheapRequests() throws Exception {
            JsonNode key = created("admin", "Reporting", "ACCESS_KEY");
            assertThat(ping("Accesskey", key.get("accessKey").asText()).statusCode()).isEqualTo(200);
            List<RawConnection> flood = new ArrayList<>();
            try {
                for (String wrong : forgedSecretsFor(key.get("accessKey").asText(), 100)) {
                    flood.add(new RawConnection(server.uri())
                            .write(wire("GET", "/v1/ping", "Accesskey: " + wrong + "\r\n")));
                }
                for (String request : cheapRequests(key)) {
                    assertThat(answeredWithin(Duration.ofSeconds(1), request).status()).as(request).isEqualTo(200);
                }
                for (RawConnection connection : flood) {
                    assertThat(connection.read(false).status()).isIn(401, 503);
                }
            } finally {
                for (RawConnection connection : flood) {
                    connection.close();
                }
            }
        }
    }

    @Nested
    @DisplayName("traffic limits: --rate-limit, --daily-quota, --max-live-tokens, --token-rate-limit")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Traffic {

        private static final java.util.regex.Pattern MINUTE_LEFT =
                java.util.regex.Pattern.compile("\"minute\";r=(\\d+);t=(\\d+)");

        private RunningDemo limited;
        private RunningDemo quota;

        @BeforeAll
        void startLimitedServers() {
            limited = start(newDatabase().withKeyward(DemoOptions.KeywardOptions.DEFAULTS.withLimits(5, 0, 2, 3)));
            quota = start(newDatabase().withKeyward(DemoOptions.KeywardOptions.DEFAULTS.withLimits(0, 3, 10, 0)));
        }

        @AfterAll
        void stopLimitedServers() {
            for (RunningDemo demo : new RunningDemo[] {limited, quota}) {
                if (demo != null) {
                    demo.close();
                }
            }
        }

        HttpResponse<String> on(RunningDemo demo, HttpRequest.Builder request) throws Exception {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).doesNotContain("Exception");
            return response;
        }

        JsonNode createdOn(RunningDemo demo, String organization, String actor, String type) throws Exception {
            HttpResponse<String> response = on(demo, HttpRequest.newBuilder(demo.uri().resolve(
                    "/admin/orgs/" + organization + "/connections")).header("X-Actor", actor)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(connection("C-" + UUID.randomUUID(), type))));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            return json(response);
        }

        HttpResponse<String> pingOn(RunningDemo demo, String header, String value) throws Exception {
            return on(demo, HttpRequest.newBuilder(demo.uri().resolve("/v1/ping")).header(header, value).GET());
        }

        HttpResponse<String> tokenOn(RunningDemo demo, JsonNode client) throws Exception {
            String basic = Base64.getEncoder().encodeToString((client.get("clientId").asText() + ":"
                    + client.get("clientSecret").asText()).getBytes(StandardCharsets.UTF_8));
            return on(demo, HttpRequest.newBuilder(demo.uri().resolve("/oauth/token"))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
        }

        @Test
        void rateOfFiveThenTheSixthCallIs429WithRetryAfterAndRateLimitHeadersAndOtherOrganizationsUnaffected()
                throws Exception {
            String accessKey = createdOn(limited, org, "admin", "ACCESS_KEY").get("accessKey").asText();
            for (String wrong : new Stalls().forgedSecretsFor(accessKey, 10)) {
                assertThat(pingOn(limited, "Accesskey", wrong).statusCode()).as("a guess is never charged").isEqualTo(401);
            }
            for (int left = 4; left >= 0; left--) {
                HttpResponse<String> granted = pingOn(limited, "Accesskey", accessKey);
                assertThat(granted.statusCode()).isEqualTo(200);
                assertThat(granted.headers().firstValue("RateLimit-Policy")).contains("\"minute\";q=5;w=60");
                java.util.regex.Matcher state = MINUTE_LEFT.matcher(granted.headers().firstValue("RateLimit").orElseThrow());
                assertThat(state.matches()).isTrue();
                assertThat(Integer.parseInt(state.group(1))).isEqualTo(left);
                assertThat(Integer.parseInt(state.group(2))).isBetween(1, 12);
            }

            HttpResponse<String> refused = pingOn(limited, "Accesskey", accessKey);

            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(json(refused).get("errorCode").asText()).isEqualTo("RATE_LIMITED");
            long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, 12L);
            assertThat(refused.headers().firstValue("RateLimit-Policy")).contains("\"minute\";q=5;w=60");
            assertThat(refused.headers().firstValue("RateLimit")).contains("\"minute\";r=0;t=" + retryAfter);
            assertThat(refused.headers().firstValue("Cache-Control")).contains("no-store");
            String otherOrganization = "org-" + UUID.randomUUID();
            String otherKey = createdOn(limited, otherOrganization, "admin", "ACCESS_KEY").get("accessKey").asText();
            assertThat(pingOn(limited, "Accesskey", otherKey).statusCode()).isEqualTo(200);
        }

        @Test
        void dailyQuotaOfThreeThenTheFourthCallIs429UntilMidnightUtc() throws Exception {
            String accessKey = createdOn(quota, org, "admin", "ACCESS_KEY").get("accessKey").asText();
            for (int left = 2; left >= 0; left--) {
                HttpResponse<String> granted = pingOn(quota, "Accesskey", accessKey);
                assertThat(granted.statusCode()).isEqualTo(200);
                assertThat(granted.headers().firstValue("RateLimit-Policy")).contains("\"day\";q=3;w=86400");
                assertThat(granted.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"day\";r=" + left + ";t=");
            }

            HttpResponse<String> refused = pingOn(quota, "Accesskey", accessKey);

            assertThat(refused.statusCode()).isEqualTo(429);
            long untilMidnight = Duration.between(Instant.now(), Instant.now().truncatedTo(ChronoUnit.DAYS)
                    .plus(1, ChronoUnit.DAYS)).toSeconds();
            assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
                    .isBetween(Math.max(1, untilMidnight - 60), untilMidnight + 60);
        }

        @Test
        void maxLiveTokensOfTwoThenTheThirdTokenRevokesTheFirst() throws Exception {
            JsonNode client = createdOn(limited, org, "super", "OAUTH");
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> issued = tokenOn(limited, client);
                assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
                tokens.add(json(issued).get("access_token").asText());
            }

            assertThat(pingOn(limited, "Authorization", "Bearer " + tokens.get(0)).statusCode()).isEqualTo(401);
            assertThat(pingOn(limited, "Authorization", "Bearer " + tokens.get(1)).statusCode()).isEqualTo(200);
            assertThat(pingOn(limited, "Authorization", "Bearer " + tokens.get(2)).statusCode()).isEqualTo(200);
        }

        @Test
        void tokenRateOfThreeThenTheFourthTokenRequestIs429SlowDown() throws Exception {
            JsonNode client = createdOn(limited, org, "super", "OAUTH");
            for (int i = 0; i < 3; i++) {
                assertThat(tokenOn(limited, client).statusCode()).isEqualTo(200);
            }

            HttpResponse<String> refused = tokenOn(limited, client);

            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(json(refused).get("error").asText()).isEqualTo("slow_down");
            assertThat(refused.body()).doesNotContain("access_token");
            assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 20L);
            assertThat(refused.headers().firstValue("RateLimit-Policy")).contains("\"minute\";q=3;w=60");
            assertThat(refused.headers().firstValue("Cache-Control")).contains("no-store");
        }

        @Test
        void withoutLimitsThenAnswersCarryNoRateLimitHeaders() throws Exception {
            JsonNode key = created("admin", "Reporting", "ACCESS_KEY");

            HttpResponse<String> granted = ping("Accesskey", key.get("accessKey").asText());

            assertThat(granted.statusCode()).isEqualTo(200);
            assertThat(granted.headers().firstValue("RateLimit")).isEmpty();
            assertThat(granted.headers().firstValue("RateLimit-Policy")).isEmpty();
        }
    }

    @Nested
    @DisplayName("the database is opened once and closed with the server")
    class Database {

        @Test
        void betweenRequestsTheDatabaseStaysOpen() throws Exception {
            assertThat(send(admin("admin", "GET", "", null)).statusCode()).isEqualTo(200);

            assertThat(openSessions(options)).isPositive();
        }

        @Test
        void closingTheServerClosesItsDatabaseSessions() throws Exception {
            DemoOptions own = newDatabase();
            try (RunningDemo other = start(own)) {
                HttpResponse<String> list = http.send(HttpRequest.newBuilder(other.uri().resolve("/admin/orgs/" + org + "/connections"))
                        .header("X-Actor", "admin").GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(list.statusCode()).isEqualTo(200);
                assertThat(openSessions(own)).isPositive();
            }
            // A database server ends a session's backend after the client has gone: poll its own count,
            // each poll a query of its own, until it reaches zero or the deadline passes.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            long open = openSessions(own);
            while (open > 0 && System.nanoTime() < deadline) {
                open = openSessions(own);
            }
            assertThat(open).isZero();
        }
    }

    @Nested
    @DisplayName("two nodes on one database")
    class TwoNodes {

        private static final int TRIALS = 10;
        /** The poll interval (1 s) and a quarter of it, and room for a loaded machine. */
        private static final Duration LONGEST = Duration.ofSeconds(3);

        @Test
        @DisplayName("a key regenerated on one node is refused by the other within the revocation bound")
        void keyRegeneratedOnOneNodeIsRefusedByTheOtherWithinTheBound() throws Exception {
            List<Duration> took = new ArrayList<>();
            try (RunningDemo other = start(serverOptions)) {
                for (int i = 0; i < TRIALS; i++) {
                    org = "org-" + UUID.randomUUID();
                    JsonNode key = created("admin", "Key", "ACCESS_KEY");
                    String secret = key.get("accessKey").asText();
                    assertThat(pingOn(other, secret)).as("the other node, before").isEqualTo(200);

                    HttpResponse<String> regenerated = send(admin("admin", "POST", "/" + key.get("id").asText()
                            + "/regenerate", null));
                    long after = System.nanoTime();
                    assertThat(regenerated.statusCode()).isEqualTo(200);
                    long deadline = after + LONGEST.toNanos();
                    int status = pingOn(other, secret);
                    while (status == 200 && System.nanoTime() < deadline) {
                        status = pingOn(other, secret);
                    }
                    took.add(Duration.ofNanos(System.nanoTime() - after));
                    assertThat(status).as("the other node, after the regeneration").isEqualTo(401);
                    assertThat(pingOn(other, json(regenerated).get("accessKey").asText())).isEqualTo(200);
                }
            }
            List<Duration> sorted = took.stream().sorted().toList();
            System.out.printf("%s, two nodes, regenerate until the other refuses: p50 %d ms, max %d ms%n",
                    getClass().getEnclosingClass().getSimpleName(), sorted.get(TRIALS / 2).toMillis(),
                    sorted.get(TRIALS - 1).toMillis());
            assertThat(sorted.get(TRIALS / 2)).as("median of %s", sorted).isLessThanOrEqualTo(medianRevocationBound());
        }

        private int pingOn(RunningDemo node, String accessKey) throws Exception {
            return send(HttpRequest.newBuilder(node.uri().resolve("/v1/ping")).header("Accesskey", accessKey).GET())
                    .statusCode();
        }
    }

    @Nested
    @DisplayName("expiry and last use")
    class Lifecycle {

        private final CredentialCodec codec = new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom());

        JsonNode createdExpiring(String name, Instant expiresAt) throws Exception {
            HttpResponse<String> response = send(admin("admin", "POST", "", "{\"name\":\"" + name
                    + "\",\"authenticationType\":\"ACCESS_KEY\",\"expiresAt\":\"" + expiresAt + "\"}"));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            return json(response);
        }

        @Test
        @DisplayName("a connection shows its expiry and, once used, when it was last used")
        void expiryAndLastUseAreShown() throws Exception {
            Instant expiresAt = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
            JsonNode key = createdExpiring("Expiring", expiresAt);
            assertThat(key.get("expiresAt").asText()).isEqualTo(expiresAt.toString());
            assertThat(key.get("lastUsedAt").isNull()).isTrue();
            Instant before = Instant.now();

            assertThat(ping("Accesskey", key.get("accessKey").asText()).statusCode()).isEqualTo(200);

            // Written off the request path within the resolution (a second here): wait for it.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            JsonNode shown = json(send(admin("admin", "GET", "/" + key.get("id").asText(), null)));
            while (shown.get("lastUsedAt").isNull() && System.nanoTime() < deadline) {
                shown = json(send(admin("admin", "GET", "/" + key.get("id").asText(), null)));
            }
            assertThat(Instant.parse(shown.get("lastUsedAt").asText()))
                    .isBetween(before.truncatedTo(ChronoUnit.MILLIS), Instant.now());
        }

        @Test
        @DisplayName("a key is denied once it expires, exactly like a wrong key")
        void expiredKeyIsDeniedLikeAWrongOne() throws Exception {
            JsonNode key = createdExpiring("Short-lived", Instant.now().plusSeconds(3));
            String value = key.get("accessKey").asText();
            assertThat(ping("Accesskey", value).statusCode()).isEqualTo(200);

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            HttpResponse<String> answer = ping("Accesskey", value);
            while (answer.statusCode() == 200 && System.nanoTime() < deadline) {
                answer = ping("Accesskey", value);
            }

            HttpResponse<String> wrong = ping("Accesskey",
                    codec.issue(CredentialKind.ACCESS_KEY, codec.parse(value).lookupId()));
            assertThat(answer.statusCode()).isEqualTo(401).isEqualTo(wrong.statusCode());
            assertThat(json(answer).get("errorCode")).isEqualTo(json(wrong).get("errorCode"));
            assertThat(answer.headers().firstValue("WWW-Authenticate"))
                    .isEqualTo(wrong.headers().firstValue("WWW-Authenticate"));
        }

        @Test
        @DisplayName("an expiry that is past, or not an instant, is refused and nothing is created")
        void badExpiriesAreRefused() throws Exception {
            for (String bad : List.of("\"" + Instant.now().minusSeconds(60) + "\"", "\"next week\"", "1893456000",
                    "\"2027-01-01\"")) {
                HttpResponse<String> response = send(admin("admin", "POST", "",
                        "{\"name\":\"Key\",\"authenticationType\":\"ACCESS_KEY\",\"expiresAt\":" + bad + "}"));
                assertThat(response.statusCode()).as(bad).isEqualTo(400);
                assertThat(json(response).get("errorCode").asText()).isEqualTo("INVALID_INPUT");
            }
            assertThat(json(send(admin("admin", "GET", "", null)))).isEmpty();
        }

        @Test
        @DisplayName("?expiringWithinSeconds=N lists only what expires within N seconds; regenerate sets a new expiry")
        void expiringWithinAndRegenerate() throws Exception {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            JsonNode soon = createdExpiring("Soon", now.plus(Duration.ofDays(2)));
            created("super", "Never", "OAUTH");

            assertThat(json(send(admin("admin", "GET", "?expiringWithinSeconds=259200", null))))
                    .extracting(c -> c.get("name").asText()).containsExactly("Soon");
            assertThat(json(send(admin("admin", "GET", "?expiringWithinSeconds=3600", null)))).isEmpty();
            for (String bad : List.of("-1", "soon", "1.5")) {
                assertThat(send(admin("admin", "GET", "?expiringWithinSeconds=" + bad, null)).statusCode())
                        .as(bad).isEqualTo(400);
            }

            Instant later = now.plus(Duration.ofDays(90));
            HttpResponse<String> regenerated = send(admin("admin", "POST", "/" + soon.get("id").asText() + "/regenerate",
                    "{\"gracePeriodSeconds\":0,\"expiresAt\":\"" + later + "\"}"));
            assertThat(regenerated.statusCode()).as(regenerated.body()).isEqualTo(200);
            assertThat(json(regenerated).get("expiresAt").asText()).isEqualTo(later.toString());
            assertThat(json(send(admin("admin", "GET", "?expiringWithinSeconds=259200", null)))).isEmpty();
        }
    }

    @Nested
    @DisplayName("R16 at the token endpoint: a flood of wrong secrets for one client id")
    class ClientIdFlood {

        /** A token request as it goes on the wire, the client authenticating with Basic. */
        String tokenRequest(String clientId, String secret) {
            String form = "grant_type=client_credentials";
            String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
            return "POST /oauth/token HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + basic + "\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length()
                    + "\r\n\r\n" + form;
        }

        @Test
        @DisplayName("clients already verified keep getting tokens at once, and every busy answer says when to retry")
        void floodOfWrongClientSecretsLeavesVerifiedClientsAloneAndEveryBusyAnswerSaysWhenToRetry() throws Exception {
            JsonNode flooded = created("super", "Flooded", "OAUTH");
            JsonNode bystander = created("super", "Bystander", "OAUTH");
            String floodedId = flooded.get("clientId").asText();
            for (JsonNode client : List.of(flooded, bystander)) {
                assertThat(token(client.get("clientId").asText(), client.get("clientSecret").asText()).statusCode())
                        .isEqualTo(200);
            }
            CredentialCodec codec = new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom());
            String lookupId = codec.parse(flooded.get("clientSecret").asText()).lookupId();
            List<RawConnection> flood = new ArrayList<>();
            try {
                for (int i = 0; i < 60; i++) {
                    // Well formed, with the client's lookup id: each one costs an Argon2 check.
                    String guess = codec.issue(CredentialKind.CLIENT_SECRET, lookupId);
                    flood.add(new RawConnection(server.uri()).write(tokenRequest(floodedId, guess)));
                }
                for (JsonNode client : List.of(flooded, bystander)) {
                    RawConnection.Answer answer = answeredWithin(Duration.ofSeconds(1),
                            tokenRequest(client.get("clientId").asText(), client.get("clientSecret").asText()));
                    assertThat(answer.status()).as(client.get("name").asText() + ": " + answer.body()).isEqualTo(200);
                }
                int busy = 0;
                for (RawConnection connection : flood) {
                    RawConnection.Answer answer = connection.read(false);
                    String error = JsonBodies.JSON.readTree(answer.body()).get("error").asText();
                    if (answer.status() == 503) {
                        busy++;
                        assertThat(error).isEqualTo("temporarily_unavailable");
                        assertThat(answer.headers().get("retry-after")).as("Retry-After").matches("[1-9][0-9]*");
                    } else {
                        assertThat(answer.status()).as(answer.body()).isEqualTo(401);
                        assertThat(error).isEqualTo("invalid_client");
                    }
                }
                System.out.println("60 wrong client secrets for one client id: " + busy + " answered 503, the rest 401");
            } finally {
                for (RawConnection connection : flood) {
                    connection.close();
                }
            }
        }
    }

    @Nested
    @DisplayName("--max-credential-lifetime")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class MaxCredentialLifetime {

        private RunningDemo capped;

        @BeforeAll
        void startCapped() {
            capped = start(newDatabase().withKeyward(new DemoOptions.KeywardOptions(Duration.ofDays(1),
                    Duration.ofSeconds(60))));
        }

        @AfterAll
        void stopCapped() {
            if (capped != null) {
                capped.close();
            }
        }

        HttpResponse<String> onCapped(String method, String path, String json) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(capped.uri().resolve("/admin/orgs/" + org
                    + "/connections" + path)).header("X-Actor", "admin");
            request = json == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                    : request.header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofString(json));
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        void assertAboutADayFrom(Instant start, JsonNode connection) {
            Instant expiresAt = Instant.parse(connection.get("expiresAt").asText());
            assertThat(expiresAt).isBetween(start.plus(Duration.ofDays(1)).minusSeconds(1),
                    Instant.now().plus(Duration.ofDays(1)).plusSeconds(1));
        }

        @Test
        @DisplayName("no expiry asked: the cap; a longer one refused; a regeneration without one capped again")
        void createdOrRegeneratedWithoutExpiryGetTheCapAndALongerOneIsRefused() throws Exception {
            Instant start = Instant.now();
            HttpResponse<String> created = onCapped("POST", "", connection("Key", "ACCESS_KEY"));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertAboutADayFrom(start, json(created));

            String tooLong = "{\"name\":\"Client\",\"authenticationType\":\"ACCESS_KEY\",\"expiresAt\":\""
                    + Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS) + "\"}";
            HttpResponse<String> refused = onCapped("POST", "", tooLong);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(json(refused).get("errorCode").asText()).isEqualTo("INVALID_INPUT");
            assertThat(json(onCapped("GET", "", null))).hasSize(1);

            Instant later = Instant.now();
            HttpResponse<String> regenerated = onCapped("POST", "/" + json(created).get("id").asText() + "/regenerate",
                    null);
            assertThat(regenerated.statusCode()).as(regenerated.body()).isEqualTo(200);
            assertAboutADayFrom(later, json(regenerated));
        }
    }

    @Nested
    @DisplayName("allowed IP ranges (requests come from 127.0.0.1)")
    class AllowedIps {

        JsonNode createdAllowing(String actor, String name, String type, String ranges) throws Exception {
            HttpResponse<String> response = send(admin(actor, "POST", "", "{\"name\":\"" + name
                    + "\",\"authenticationType\":\"" + type + "\",\"allowedIps\":" + ranges + "}"));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            return json(response);
        }

        HttpResponse<String> patch(JsonNode connection, String json) throws Exception {
            return send(admin("super", "PATCH", "/" + connection.get("id").asText(), json));
        }

        static void assertNotAllowed(HttpResponse<String> answer) throws IOException {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
            assertThat(json(answer).get("errorCode").asText()).isEqualTo("IP_NOT_ALLOWED");
            assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).startsWith("Bearer realm=").contains("error=\"insufficient_scope\""));
        }

        @Test
        @DisplayName("a connection shows its ranges canonically; none given is an empty list, any address")
        void rangesAreShown() throws Exception {
            JsonNode open = created("admin", "Open", "ACCESS_KEY");
            JsonNode office = createdAllowing("super", "Office", "OAUTH", "[\"2001:DB8::/32\",\" 10.0.0.0/8\"]");

            assertThat(open.get("allowedIps").isArray()).isTrue();
            assertThat(open.get("allowedIps")).isEmpty();
            assertThat(office.get("allowedIps")).extracting(JsonNode::asText).containsExactly("10.0.0.0/8", "2001:db8::/32");
            assertThat(json(send(admin("admin", "GET", "", null)))).extracting(c -> c.get("allowedIps").size())
                    .containsExactly(0, 2);
        }

        @Test
        @DisplayName("a key allowed only 10.0.0.0/8 is 403 IP_NOT_ALLOWED; allowed 127.0.0.1/32, 200")
        void keysAreCheckedAgainstTheSocketAddress() throws Exception {
            JsonNode elsewhere = createdAllowing("admin", "Elsewhere", "ACCESS_KEY", "[\"10.0.0.0/8\"]");
            JsonNode local = createdAllowing("super", "Local", "OAUTH", "[\"127.0.0.1/32\"]");

            assertNotAllowed(ping("Accesskey", elsewhere.get("accessKey").asText()));
            assertNotAllowed(send(request("/v1/ping").header("Accesskey", elsewhere.get("accessKey").asText())
                    .header("X-Forwarded-For", "10.0.0.1").GET()));
            assertThat(token(local.get("clientId").asText(), local.get("clientSecret").asText()).statusCode())
                    .isEqualTo(200);
        }

        @Test
        @DisplayName("PATCH changes the ranges and the change applies at once to a key and a token already in use")
        void patchAppliesAtOnceOnTheWarmPath() throws Exception {
            JsonNode key = createdAllowing("admin", "Key", "ACCESS_KEY", "[\"127.0.0.1/32\"]");
            JsonNode client = created("super", "Client", "OAUTH");
            HttpResponse<String> issued = token(client.get("clientId").asText(), client.get("clientSecret").asText());
            String bearer = json(issued).get("access_token").asText();
            for (int i = 0; i < 3; i++) {
                assertThat(ping("Accesskey", key.get("accessKey").asText()).statusCode()).isEqualTo(200);
                assertThat(ping("Authorization", "Bearer " + bearer).statusCode()).isEqualTo(200);
            }

            HttpResponse<String> narrowed = patch(key, "{\"allowedIps\":[\"10.0.0.0/8\"]}");
            HttpResponse<String> narrowedClient = patch(client, "{\"allowedIps\":[\"10.0.0.0/8\"],\"name\":\"Moved\"}");

            assertThat(narrowed.statusCode()).as(narrowed.body()).isEqualTo(200);
            assertThat(json(narrowed).get("allowedIps")).extracting(JsonNode::asText).containsExactly("10.0.0.0/8");
            assertThat(json(narrowedClient).get("name").asText()).isEqualTo("Moved");
            assertNotAllowed(ping("Accesskey", key.get("accessKey").asText()));
            assertNotAllowed(ping("Authorization", "Bearer " + bearer));
            HttpResponse<String> refusedToken = token(client.get("clientId").asText(), client.get("clientSecret").asText());
            assertThat(refusedToken.statusCode()).isEqualTo(400);
            assertThat(json(refusedToken).get("error").asText()).isEqualTo("unauthorized_client");

            assertThat(patch(key, "{\"allowedIps\":[]}").statusCode()).isEqualTo(200);
            assertThat(ping("Accesskey", key.get("accessKey").asText()).statusCode()).isEqualTo(200);
            assertThat(patch(key, "{\"allowedIps\":[\"::1/128\",\"127.0.0.0/8\"]}").statusCode()).isEqualTo(200);
            assertThat(ping("Accesskey", key.get("accessKey").asText()).statusCode()).isEqualTo(200);
        }

        @Test
        @DisplayName("invalid ranges are refused with 400 INVALID_INPUT, never echoed, and change nothing")
        void invalidRangesAreRefused() throws Exception {
            JsonNode key = createdAllowing("admin", "Key", "ACCESS_KEY", "[\"127.0.0.1\"]");
            String pasted = key.get("accessKey").asText();
            for (String bad : List.of("[\"10.0.0.0/33\"]", "[\"banana\"]", "[\"1.2.3\"]", "[\"10.0.0.1/24\"]",
                    "[\"" + pasted + "\"]", "[10]", "\"10.0.0.0/8\"", "[null]")) {
                HttpResponse<String> create = send(admin("admin", "POST", "",
                        "{\"name\":\"Other\",\"authenticationType\":\"OAUTH\",\"allowedIps\":" + bad + "}"));
                HttpResponse<String> update = patch(key, "{\"name\":\"Renamed\",\"allowedIps\":" + bad + "}");
                for (HttpResponse<String> answer : List.of(create, update)) {
                    assertThat(answer.statusCode()).as(bad + " " + answer.body()).isEqualTo(400);
                    assertThat(json(answer).get("errorCode").asText()).isEqualTo("INVALID_INPUT");
                    assertThat(answer.body()).doesNotContain(pasted)
                            .doesNotContain(pasted.substring(pasted.length() - CredentialCodec.BODY_LENGTH));
                }
            }
            JsonNode unchanged = json(send(admin("admin", "GET", "/" + key.get("id").asText(), null)));
            assertThat(unchanged.get("name").asText()).isEqualTo("Key");
            assertThat(unchanged.get("allowedIps")).extracting(JsonNode::asText).containsExactly("127.0.0.1/32");
            assertThat(json(send(admin("admin", "GET", "", null)))).hasSize(1);
        }

        @Test
        @DisplayName("changing the ranges needs the rights of renaming")
        void rangesNeedTheRightsOfRenaming() throws Exception {
            JsonNode client = created("super", "Client", "OAUTH");

            HttpResponse<String> byAdmin = send(admin("admin", "PATCH", "/" + client.get("id").asText(),
                    "{\"allowedIps\":[\"10.0.0.0/8\"]}"));

            assertThat(byAdmin.statusCode()).isEqualTo(403);
            assertThat(json(send(admin("super", "GET", "/" + client.get("id").asText(), null))).get("allowedIps")).isEmpty();
        }
    }

    @Nested
    @DisplayName("a secret pasted where an id belongs")
    class PastedSecrets {

        @Test
        @DisplayName("is refused with 400 and never repeated in the answer, with a character too many or too few as well")
        void keyAsConnectionOrOrganizationIdIsRefusedUnechoed() throws Exception {
            String key = created("admin", "Key", "ACCESS_KEY").get("accessKey").asText();
            String body = key.substring(key.length() - CredentialCodec.BODY_LENGTH);

            // The key's checksum restores it from either of the last two in a few thousand tries.
            for (String pasted : List.of(key, key + "x", key.substring(0, key.length() - 1))) {
                HttpResponse<String> asConnectionId = send(admin("admin", "GET", "/" + pasted, null));
                HttpResponse<String> asOrganizationId = send(request("/admin/orgs/" + pasted + "/connections")
                        .header("X-Actor", "admin").GET());
                HttpResponse<String> asActor = send(admin(pasted, "GET", "", null));

                for (HttpResponse<String> answer : List.of(asConnectionId, asOrganizationId)) {
                    assertThat(answer.statusCode()).as(pasted).isEqualTo(400);
                    assertThat(json(answer).get("errorCode").asText()).isEqualTo("INVALID_INPUT");
                }
                assertThat(asActor.statusCode()).isEqualTo(401);
                for (HttpResponse<String> answer : List.of(asConnectionId, asOrganizationId, asActor)) {
                    assertThat(answer.body()).doesNotContain(body.substring(0, 30));
                    assertThat(answer.headers().map().toString()).doesNotContain(body.substring(0, 30));
                }
            }
        }
    }
    @Nested
    @DisplayName("GET /metrics: Keyward's meters for Prometheus, without key material")
    class Metrics {

        /** The sum of the samples of this metric whose labels include all of these. */
        double sample(String exposition, String metric, Map<String, String> labels) {
            double sum = 0;
            for (String line : exposition.split("\n")) {
                if (line.startsWith("#") || !(line.startsWith(metric + "{") || line.startsWith(metric + " "))) {
                    continue;
                }
                if (labels.entrySet().stream().allMatch(l -> line.contains(l.getKey() + "=\"" + l.getValue() + "\""))) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum;
        }

        String scrape() throws Exception {
            HttpResponse<String> answer = send(request("/metrics").GET());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain"));
            return answer.body();
        }

        @Test
        void afterAGrantAndADenialTheirCountersMovedByOneEach() throws Exception {
            JsonNode key = created("admin", "Reporting", "ACCESS_KEY");
            Map<String, String> granted = Map.of("outcome", "granted", "code", "none", "family", "rest",
                    "type", "access_key");
            Map<String, String> missing = Map.of("outcome", "denied", "code", "MISSING_CREDENTIALS",
                    "family", "rest", "type", "none");
            Map<String, String> forbidden = Map.of("outcome", "denied", "code", "API_FAMILY_FORBIDDEN");
            String before = scrape();

            assertThat(ping("Accesskey", key.get("accessKey").asText()).statusCode()).isEqualTo(200);
            assertThat(send(request("/v1/ping").GET()).statusCode()).isEqualTo(401);
            String after = scrape();

            assertThat(sample(after, "keyward_verifications_total", granted)
                    - sample(before, "keyward_verifications_total", granted)).isEqualTo(1);
            assertThat(sample(after, "keyward_verifications_total", missing)
                    - sample(before, "keyward_verifications_total", missing)).isEqualTo(1);
            assertThat(sample(after, "keyward_verifications_total", forbidden)
                    - sample(before, "keyward_verifications_total", forbidden)).isZero();
            assertThat(after).contains("# TYPE keyward_verifications_total counter")
                    .contains("keyward_verification_cold_seconds_count").contains("keyward_cache_size")
                    .contains("keyward_hash_gate_running").contains("keyward_revocation_lag_seconds_count");
        }

        @Test
        void holdsNoKeyMaterialAndNoOrganizationId() throws Exception {
            JsonNode key = created("admin", "Reporting", "ACCESS_KEY");
            JsonNode client = created("super", "M2M", "OAUTH");
            HttpResponse<String> token = token(client.get("clientId").asText(), client.get("clientSecret").asText());
            String bearer = json(token).get("access_token").asText();
            ping("Accesskey", key.get("accessKey").asText());
            ping("Authorization", "Bearer " + bearer);
            event("Authorization", "Bearer " + bearer);
            ping("Accesskey", client.get("clientSecret").asText());

            String exposition = scrape();

            List<String> material = List.of(key.get("accessKey").asText(), client.get("clientSecret").asText(),
                    client.get("clientId").asText(), bearer, org, key.get("id").asText(), client.get("id").asText());
            for (String value : material) {
                assertThat(exposition).doesNotContain(value)
                        .doesNotContain(value.substring(Math.max(0, value.length() - CredentialCodec.BODY_LENGTH)));
            }
            assertThat(exposition).doesNotContain("organization=");
        }

        @Test
        void headHasTheHeadersOfGetAndNoBodyAndLookAlikePathsAre404() throws Exception {
            HttpResponse<String> get = send(request("/metrics").GET());
            HttpResponse<String> head = send(request("/metrics").method("HEAD", HttpRequest.BodyPublishers.noBody()));

            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(head.headers().firstValue("Content-Type")).isEqualTo(get.headers().firstValue("Content-Type"));
            assertThat(get.body()).contains("keyward_verifications_total");
            for (String path : List.of("/metrics/", "/metricsx", "/metrics/keyward.verifications")) {
                assertThat(send(request(path).GET()).statusCode()).as(path).isEqualTo(404);
            }
        }

        /** One format, Prometheus text 0.0.4, which every Prometheus scrapes: Accept chooses nothing. */
        @Test
        void whateverTheAcceptHeaderThenTheTextFormat() throws Exception {
            assertThat(send(request("/v1/ping").GET()).statusCode()).isEqualTo(401);
            for (String accept : List.of("application/json", "text/html", "application/openmetrics-text; version=1.0.0",
                    "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited",
                    "text/plain; version=0.0.4", "*/*")) {
                HttpResponse<String> answer = send(request("/metrics").header("Accept", accept).GET());

                assertThat(answer.statusCode()).as(accept + " " + answer.body()).isEqualTo(200);
                String type = answer.headers().firstValue("Content-Type").orElseThrow();
                assertThat(type.replace(" ", "").toLowerCase(Locale.ROOT)).as(accept)
                        .isEqualTo("text/plain;version=0.0.4;charset=utf-8");
                assertThat(answer.body()).as(accept).contains("# TYPE keyward_verifications_total counter")
                        .doesNotContain("# EOF");
            }
            for (String path : List.of("/actuator", "/actuator/prometheus", "/prometheus")) {
                assertThat(send(request(path).GET()).statusCode()).as(path).isEqualTo(404);
            }
        }
    }


    @Nested
    @DisplayName("introspection, revocation and leak reports, through an OAuth client we did not write")
    class Interop {

        private URI endpoint(String path) {
            return server.uri().resolve(path);
        }

        private String tokenOf(JsonNode client) throws Exception {
            HttpResponse<String> issued = token(client.get("clientId").asText(), client.get("clientSecret").asText());
            assertThat(issued.statusCode()).isEqualTo(200);
            return json(issued).get("access_token").asText();
        }

        private TokenIntrospectionResponse introspect(ClientAuthentication caller, Token token,
                Map<String, List<String>> parameters) throws Exception {
            HTTPResponse response = new TokenIntrospectionRequest(endpoint("/oauth/introspect"), caller, token,
                    parameters).toHTTPRequest().send();
            assertThat(response.getHeaderValue("Cache-Control")).isEqualTo("no-store");
            return TokenIntrospectionResponse.parse(response);
        }

        private ClientAuthentication gateway() {
            return new ClientSecretBasic(new ClientID(GATEWAY_ID), new Secret(GATEWAY_SECRET));
        }

        @Test
        @DisplayName("a gateway introspects a bearer token and an access key; the rest is inactive")
        void introspection() throws Exception {
            JsonNode client = created("super", "Billing", "OAUTH");
            JsonNode key = created("admin", "Reporting", "ACCESS_KEY");
            String token = tokenOf(client);

            TokenIntrospectionSuccessResponse bearer = introspect(gateway(), new BearerAccessToken(token), Map.of())
                    .toSuccessResponse();
            assertThat(bearer.isActive()).isTrue();
            assertThat(bearer.getClientID().getValue()).isEqualTo(client.get("clientId").asText());
            assertThat(bearer.getSubject().getValue()).isEqualTo(client.get("id").asText());
            assertThat(bearer.getStringParameter("org")).isEqualTo(org);
            assertThat(bearer.getStringListParameter("api_families")).containsExactly("REST");
            assertThat(bearer.getExpirationTime().toInstant()).isAfter(bearer.getIssueTime().toInstant());
            assertThat(bearer.getStringParameter("token_type")).isEqualTo("Bearer");

            TokenIntrospectionSuccessResponse accessKey = introspect(gateway(),
                    new TypelessAccessToken(key.get("accessKey").asText()),
                    Map.of("token_type_hint", List.of("access_key"))).toSuccessResponse();
            assertThat(accessKey.isActive()).isTrue();
            assertThat(accessKey.getSubject().getValue()).isEqualTo(key.get("id").asText());
            assertThat(accessKey.getStringListParameter("api_families")).containsExactly("REST", "EVENT");
            assertThat(accessKey.getClientID()).isNull();

            for (Token inactive : List.of(new TypelessAccessToken(key.get("accessKey").asText()),
                    new TypelessAccessToken(client.get("clientSecret").asText()),
                    new BearerAccessToken("kwat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
                    new BearerAccessToken(token + "x"))) {
                TokenIntrospectionResponse answer = introspect(gateway(), inactive, Map.of());
                assertThat(answer.toSuccessResponse().isActive()).isFalse();
                assertThat(answer.toSuccessResponse().toJSONObject()).containsOnlyKeys("active");
            }
        }

        @Test
        @DisplayName("a tenant's OAuth client, or a wrong gateway secret, may not introspect: 401 invalid_client")
        void tenantsMayNotIntrospect() throws Exception {
            JsonNode client = created("super", "Billing", "OAUTH");
            String token = tokenOf(client);

            for (ClientAuthentication caller : List.of(
                    new ClientSecretBasic(new ClientID(client.get("clientId").asText()),
                            new Secret(client.get("clientSecret").asText())),
                    new ClientSecretBasic(new ClientID(GATEWAY_ID), new Secret(GATEWAY_SECRET + "0")))) {
                HTTPResponse response = new TokenIntrospectionRequest(endpoint("/oauth/introspect"), caller,
                        new BearerAccessToken(token)).toHTTPRequest().send();
                assertThat(response.getStatusCode()).isEqualTo(401);
                assertThat(response.getHeaderValue("WWW-Authenticate")).startsWith("Basic");
                assertThat(TokenIntrospectionResponse.parse(response).toErrorResponse().getErrorObject().getCode())
                        .isEqualTo("invalid_client");
            }
            HttpResponse<String> get = send(request("/oauth/introspect").GET());
            assertThat(get.statusCode()).isEqualTo(405);
        }

        @Test
        @DisplayName("a client revokes its own token; another client's token and unknown tokens get 200 and stay")
        void revocation() throws Exception {
            JsonNode client = created("super", "Billing", "OAUTH");
            JsonNode other = created("super", "Other", "OAUTH");
            String token = tokenOf(client);
            String othersToken = tokenOf(other);
            ClientSecretBasic auth = new ClientSecretBasic(new ClientID(client.get("clientId").asText()),
                    new Secret(client.get("clientSecret").asText()));

            HTTPResponse foreign = new TokenRevocationRequest(endpoint("/oauth/revoke"), auth,
                    new BearerAccessToken(othersToken)).toHTTPRequest().send();
            HTTPResponse unknown = new TokenRevocationRequest(endpoint("/oauth/revoke"), auth,
                    new BearerAccessToken("kwat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).toHTTPRequest().send();
            HTTPResponse own = new TokenRevocationRequest(endpoint("/oauth/revoke"), auth,
                    new BearerAccessToken(token)).toHTTPRequest().send();

            assertThat(List.of(foreign, unknown, own)).extracting(HTTPResponse::getStatusCode).containsOnly(200);
            assertThat(ping("Authorization", "Bearer " + token).statusCode()).isEqualTo(401);
            assertThat(ping("Authorization", "Bearer " + othersToken).statusCode()).isEqualTo(200);

            HTTPResponse accessKey = new TokenRevocationRequest(endpoint("/oauth/revoke"), auth,
                    new TypelessAccessToken(created("admin", "Key", "ACCESS_KEY").get("accessKey").asText()))
                    .toHTTPRequest().send();
            assertThat(accessKey.getStatusCode()).isEqualTo(400);
            assertThat(TokenErrorResponse.parse(accessKey).getErrorObject().getCode()).isEqualTo("unsupported_token_type");
            HTTPResponse wrongClient = new TokenRevocationRequest(endpoint("/oauth/revoke"),
                    new ClientSecretBasic(new ClientID(client.get("clientId").asText()),
                            new Secret(other.get("clientSecret").asText())), new BearerAccessToken(othersToken))
                    .toHTTPRequest().send();
            assertThat(wrongClient.getStatusCode()).isEqualTo(401);
            assertThat(TokenErrorResponse.parse(wrongClient).getErrorObject().getCode()).isEqualTo("invalid_client");
            assertThat(ping("Authorization", "Bearer " + othersToken).statusCode()).isEqualTo(200);
        }

        @Test
        @DisplayName("a client whose allowed ranges leave out the caller's address cannot revoke its tokens from there")
        void revocationFromOutsideTheAllowedRangesIsRefused() throws Exception {
            JsonNode client = created("super", "Billing", "OAUTH");
            String token = tokenOf(client);
            HttpResponse<String> narrowed = send(admin("super", "PATCH", "/" + client.get("id").asText(),
                    "{\"allowedIps\":[\"10.0.0.0/8\"]}"));
            assertThat(narrowed.statusCode()).as(narrowed.body()).isEqualTo(200);
            ClientSecretBasic auth = new ClientSecretBasic(new ClientID(client.get("clientId").asText()),
                    new Secret(client.get("clientSecret").asText()));

            HTTPResponse outside = new TokenRevocationRequest(endpoint("/oauth/revoke"), auth,
                    new BearerAccessToken(token)).toHTTPRequest().send();

            assertThat(outside.getStatusCode()).isEqualTo(400);
            assertThat(TokenErrorResponse.parse(outside).getErrorObject().getCode()).isEqualTo("unauthorized_client");
            assertThat(send(admin("super", "PATCH", "/" + client.get("id").asText(), "{\"allowedIps\":[]}"))
                    .statusCode()).isEqualTo(200);
            assertThat(ping("Authorization", "Bearer " + token).statusCode()).as("the token was not revoked")
                    .isEqualTo(200);
        }

        private HttpResponse<String> alert(String body, String signature) throws Exception {
            return send(request("/secret-scanning/github").header("Content-Type", "application/json")
                    .header("Github-Public-Key-Identifier", GitHubAlerts.KEY_ID)
                    .header("Github-Public-Key-Signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        @Test
        @DisplayName("a signed report of hundreds of entries, over 64 KiB, revokes the live key it holds")
        void largeSignedReportRevokesItsLiveKey() throws Exception {
            String accessKey = created("admin", "Reporting", "ACCESS_KEY").get("accessKey").asText();
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < 599; i++) {
                tokens.add("kwak_lookalike" + i);
            }
            tokens.add(300, accessKey);
            String body = GitHubAlerts.alert(tokens.toArray(String[]::new));
            assertThat(body.length()).isBetween(64 * 1024 + 1, 256 * 1024);

            HttpResponse<String> answer = alert(body, github.sign(body));

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode labels = json(answer);
            assertThat(labels).hasSize(600);
            assertThat(labels.get(300).get("label").asText()).isEqualTo("true_positive");
            assertThat(labels.get(0).get("label").asText()).isEqualTo("false_positive");
            assertThat(ping("Accesskey", accessKey).statusCode()).isEqualTo(401);
        }

        @Test
        @DisplayName("a signed GitHub alert revokes a leaked key at once and marks it until regenerated")
        void leakedKeyIsRevokedAndMarked() throws Exception {
            JsonNode key = created("admin", "Reporting", "ACCESS_KEY");
            String accessKey = key.get("accessKey").asText();
            String body = GitHubAlerts.alert(accessKey, "kwak_lookalike");

            HttpResponse<String> tampered = alert(body.replace("lookalike", "lookalikf"), github.sign(body));
            assertThat(tampered.statusCode()).isEqualTo(401);
            assertThat(ping("Accesskey", accessKey).statusCode()).isEqualTo(200);

            HttpResponse<String> answer = alert(body, github.sign(body));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(answer.body()).doesNotContain(accessKey);
            JsonNode labels = json(answer);
            assertThat(labels.get(0).get("label").asText()).isEqualTo("true_positive");
            assertThat(labels.get(0).get("token_type").asText()).isEqualTo("keyward_access_key");
            assertThat(labels.get(0).get("token_hash").asText()).hasSize(64);
            assertThat(labels.get(1).get("label").asText()).isEqualTo("false_positive");
            assertThat(ping("Accesskey", accessKey).statusCode()).isEqualTo(401);
            JsonNode shown = json(send(admin("admin", "GET", "/" + key.get("id").asText(), null)));
            assertThat(shown.get("leakedAt").isTextual()).as(shown.toString()).isTrue();

            HttpResponse<String> replay = alert(body, github.sign(body));
            assertThat(replay.body()).isEqualTo(answer.body());
            assertThat(json(send(admin("admin", "GET", "/" + key.get("id").asText(), null))).get("leakedAt"))
                    .isEqualTo(shown.get("leakedAt"));

            JsonNode regenerated = json(send(admin("admin", "POST", "/" + key.get("id").asText() + "/regenerate",
                    null)));
            assertThat(regenerated.get("leakedAt").isNull()).isTrue();
            assertThat(ping("Accesskey", regenerated.get("accessKey").asText()).statusCode()).isEqualTo(200);
        }

        /**
         * Sent raw, in UTF-8: a Cyrillic ѕ in a Basic header, read by both servers as ISO-8859-1 with a C1
         * control character in it. Each endpoint refuses it as it refuses any Basic header that is not
         * Base64, in its own format.
         */
        @Test
        @DisplayName("a Basic header holding bytes beyond ASCII is refused by the endpoint as malformed")
        void basicHeaderBeyondAsciiIsRefusedAsMalformed() throws Exception {
            for (String endpoint : List.of("/oauth/token", "/oauth/introspect", "/oauth/revoke")) {
                String body = endpoint.equals("/oauth/token") ? "grant_type=client_credentials" : "token=kwbt_x";
                RawConnection.Answer malformed = answeredWithin(Duration.ofSeconds(10), post(endpoint, "Basic !!!!", body));
                RawConnection.Answer lookAlike = answeredWithin(Duration.ofSeconds(10), post(endpoint, "Basic \u0455", body));

                assertThat(malformed.status()).as(endpoint + " " + malformed.body()).isBetween(400, 401);
                assertThat(lookAlike.status()).as(endpoint + " " + lookAlike.body()).isEqualTo(malformed.status());
                assertThat(lookAlike.body()).as(endpoint).isEqualTo(malformed.body());
                assertThat(lookAlike.headers().get("www-authenticate")).as(endpoint)
                        .isEqualTo(malformed.headers().get("www-authenticate"));
            }
        }

        private String post(String endpoint, String authorization, String form) {
            return "POST " + endpoint + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + authorization + "\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length() + "\r\n\r\n"
                    + form;
        }
    }

    private static boolean upAndNotLoopback(NetworkInterface network) {
        try {
            return network.isUp() && !network.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
