package dev.keyward.spring.tokenendpoint;

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
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A chain meant for the token endpoint only: it issues tokens, and no warning says it checks no API. */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = TokenEndpointOnlyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.datasource.url=jdbc:h2:mem:token-endpoint-only;DB_CLOSE_DELAY=-1",
                "keyward.argon2.memory-kib=256", "keyward.argon2.iterations=1", "keyward.argon2.parallelism=1"})
class KeywardTokenEndpointOnlyTest {

    @LocalServerPort
    int port;

    @Autowired
    Keyward keyward;

    @Test
    @DisplayName("tokenEndpointOnly(): a token issued, and no warning at start")
    void tokenIssuedAndNoWarning(CapturedOutput output) throws Exception {
        IssuedCredentials client = keyward.connections().create(Actor.superAdmin("s"), OrganizationId.of("org-tokens"),
                "Client", AuthenticationType.OAUTH);
        String basic = Base64.getEncoder().encodeToString((client.connection().oauthClientId().orElseThrow() + ":"
                + client.secret().reveal()).getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> token = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/oauth/token")).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(output.getOut()).contains(":: Spring Boot ::").doesNotContain("Keyward checks no API");
    }
}
