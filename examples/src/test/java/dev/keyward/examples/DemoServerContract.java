package dev.keyward.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP contract of DESIGN §6, driven over loopback against a running demo server:
 * every row of the table, every refusal status, and the bad inputs of the admin plane.
 * Extended once per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DemoServerContract {

    private final HttpClient http = HttpClient.newHttpClient();
    private DemoServer server;
    private String org;

    /** The options of the server under test; its port should be 0. */
    abstract DemoOptions options();

    @BeforeAll
    void startServer() {
        server = DemoServer.start(options());
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
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
        return Exchange.JSON.readTree(response.body());
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
                    "id", "name", "authenticationType", "hint", "createdBy", "createdAt", "updatedAt", "accessKey");
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
        void missingOrUnknownActorThen401() throws Exception {
            assertError(send(request("/admin/orgs/" + org + "/connections").GET()), 401, "UNAUTHENTICATED");
            assertError(send(admin("mallory", "GET", "", null)), 401, "UNAUTHENTICATED");
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
            assertError(send(request("/admin/orgs/bad%20org/connections").header("X-Actor", "admin").GET()), 400,
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

        @Test
        void oversizedBodyThen413() throws Exception {
            String huge = connection("x".repeat(Exchange.MAX_BODY_BYTES), "ACCESS_KEY");
            assertError(send(admin("admin", "POST", "", huge)), 413, "PAYLOAD_TOO_LARGE");
        }

        @Test
        void unknownRoutesThen404AndWrongMethodsThen405() throws Exception {
            assertError(send(request("/nowhere").GET()), 404, "NOT_FOUND");
            assertError(send(request("/admin/orgs/" + org + "/widgets").header("X-Actor", "admin").GET()), 404, "NOT_FOUND");
            HttpResponse<String> put = send(admin("admin", "PUT", "", connection("Key", "ACCESS_KEY")));
            assertError(put, 405, "METHOD_NOT_ALLOWED");
            assertThat(put.headers().firstValue("Allow")).contains("GET, POST");
            assertError(send(request("/v1/ping").POST(HttpRequest.BodyPublishers.noBody())), 405, "METHOD_NOT_ALLOWED");
        }

        @Test
        void tokenEndpointOnlyAcceptsPost() throws Exception {
            HttpResponse<String> get = send(request("/oauth/token").GET());
            assertThat(get.statusCode()).isEqualTo(405);
            assertThat(json(get).get("error").asText()).isEqualTo("invalid_request");
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
            assertThat(json(send(admin("super", "GET", "", null)))).hasSize(1);
        }
    }
}
