package dev.keyward.spring.chains;

import static dev.keyward.spring.basic.KeywardBesideHttpBasicTest.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.Actor;
import dev.keyward.AuthenticationType;
import dev.keyward.IssuedCredentials;
import dev.keyward.Keyward;
import dev.keyward.OrganizationId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Keyward's APIs in a chain of their own, as the README advises, the token endpoint named in its
 * {@code securityMatcher}; the host's users log in with HTTP Basic in a second chain. A client's Basic
 * credentials reach the token endpoint, never the host's user login, and an Event API named by its exact
 * path is closed to bearer tokens also with a slash at its end.
 */
@SpringBootTest(classes = ChainsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.datasource.url=jdbc:h2:mem:chains;DB_CLOSE_DELAY=-1", "keyward.argon2.memory-kib=256",
                "keyward.argon2.iterations=1", "keyward.argon2.parallelism=1"})
class KeywardInChainsOfTheirOwnTest {

    final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    Keyward keyward;

    IssuedCredentials create(AuthenticationType type) {
        return keyward.connections().create(Actor.superAdmin("s"), OrganizationId.of("org-" + UUID.randomUUID()),
                "Connection", type);
    }

    HttpResponse<String> send(String method, String path, String authorization, String form) throws Exception {
        return send(method, path, "Authorization", authorization, form);
    }

    HttpResponse<String> send(String method, String path, String header, String value, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header(header, value);
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        return http.send(request.method(method, form == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String bearerToken() throws Exception {
        IssuedCredentials client = create(AuthenticationType.OAUTH);
        HttpResponse<String> token = send("POST", "/oauth/token",
                basic(client.connection().oauthClientId().orElseThrow(), client.secret().reveal()),
                "grant_type=client_credentials");
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(token.headers().allValues("Cache-Control")).containsExactly("no-store");
        Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(token.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void clientCredentialsInBasicThenKeywardsTokenEndpointAnswersNotTheHostsLogin() throws Exception {
        String token = bearerToken();

        HttpResponse<String> ping = send("GET", "/v1/ping", "Bearer " + token, null);

        assertThat(ping.statusCode()).as(ping.body()).isEqualTo(200);
    }

    @Test
    void bearerTokenOnTheEventApiWithOrWithoutATrailingSlashThen403() throws Exception {
        String token = bearerToken();

        for (String path : new String[] {"/v1/eventManager/event", "/v1/eventManager/event/"}) {
            HttpResponse<String> event = send("POST", path, "Bearer " + token, null);
            assertThat(event.statusCode()).as(path + ": " + event.body()).isEqualTo(403);
            assertThat(event.body()).contains("API_FAMILY_FORBIDDEN");
        }
    }

    @Test
    void accessKeyOnTheEventApiWithATrailingSlashThenTheHandlerAnswers() throws Exception {
        IssuedCredentials key = create(AuthenticationType.ACCESS_KEY);

        HttpResponse<String> event = send("POST", "/v1/eventManager/event/", "Accesskey", key.secret().reveal(), null);

        assertThat(event.statusCode()).as(event.body()).isEqualTo(200);
        assertThat(event.body()).isEqualTo("event from " + key.connection().id().value());
    }

    @Test
    void theHostsOwnBasicLoginWorksInItsOwnChain() throws Exception {
        HttpResponse<String> me = send("GET", "/host/me", basic(ChainsApplication.USER, ChainsApplication.PASSWORD), null);

        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).isEqualTo(ChainsApplication.USER);
    }
}
