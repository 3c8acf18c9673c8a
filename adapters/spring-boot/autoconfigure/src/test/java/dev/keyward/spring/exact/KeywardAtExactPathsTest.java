package dev.keyward.spring.exact;

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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * APIs named by exact path, in an application that serves a path with a slash at its end as the path: the
 * path with the slash is checked as the API, never left open because the pattern did not name it.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = ExactPathsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.datasource.url=jdbc:h2:mem:exact;DB_CLOSE_DELAY=-1", "keyward.argon2.memory-kib=256",
                "keyward.argon2.iterations=1", "keyward.argon2.parallelism=1"})
class KeywardAtExactPathsTest {

    final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    Keyward keyward;

    HttpResponse<String> send(String method, String path, String header, String value) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (header != null) {
            request.header(header, value);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("a REST API named by its exact path: with a slash at its end, no credential is 401, a key 200")
    void restApiWithASlashAtItsEndThenChecked() throws Exception {
        IssuedCredentials key = keyward.connections().create(Actor.admin("a"), OrganizationId.of("org-" + UUID.randomUUID()),
                "Key", AuthenticationType.ACCESS_KEY);

        HttpResponse<String> without = send("GET", "/v1/ping/", null, null);
        HttpResponse<String> with = send("GET", "/v1/ping/", "Accesskey", key.secret().reveal());

        assertThat(without.statusCode()).as(without.body()).isEqualTo(401);
        assertThat(without.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(with.statusCode()).as(with.body()).isEqualTo(200);
        assertThat(with.body()).isEqualTo("ping " + key.connection().id().value());
        assertThat(send("GET", "/v1/ping", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    @DisplayName("an Event API named by its exact path: with a slash at its end, no credential is 401")
    void eventApiWithASlashAtItsEndThenChecked() throws Exception {
        HttpResponse<String> without = send("POST", "/v1/eventManager/event/", null, null);

        assertThat(without.statusCode()).as(without.body()).isEqualTo(401);
    }

    @Test
    @DisplayName("APIs named: no warning at start that Keyward checks none")
    void apisNamedThenNoWarningAtStart(CapturedOutput output) {
        // The banner is written before the chain is built, so the output holds whatever the chain logged.
        assertThat(output.getOut()).contains(":: Spring Boot ::").doesNotContain("Keyward checks no API");
    }
}
