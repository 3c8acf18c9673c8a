package dev.keyward.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.Actor;
import dev.keyward.AuthenticationType;
import dev.keyward.Keyward;
import dev.keyward.OrganizationId;
import dev.keyward.memory.InMemoryStore;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the demo prints of its own answers never holds a secret. */
class SecretsInDemoOutputTest {

    private final Keyward keyward = Keyward.builder().store(new InMemoryStore()).build();
    private final String accessKey = keyward.connections()
            .create(Actor.superAdmin("t"), OrganizationId.of("acme"), "Key", AuthenticationType.ACCESS_KEY)
            .secret().reveal();

    @Test
    @DisplayName("an admin answer carrying a new secret prints its status, not the secret")
    void adminAnswerPrintsNoSecret() {
        AdminAnswer created = new AdminAnswer(201, Map.of("name", "Key", "accessKey", accessKey));

        assertThat(created.toString()).contains("201").doesNotContain(accessKey);
    }

    @Test
    @DisplayName("a tour step that fails shows the answer with every credential hidden, and the rest as sent")
    void tourFailureHidesCredentials() {
        String body = "{\"name\":\"Key\",\"accessKey\":\"" + accessKey + "\",\"hint\":\"kwak_…" + accessKey
                .substring(accessKey.length() - 4) + "\"}";

        String shown = DemoTour.withoutCredentials(body);

        assertThat(shown).doesNotContain(accessKey).contains("\"accessKey\":\"(hidden)\"")
                .contains("\"name\":\"Key\"");
        assertThat(DemoTour.withoutCredentials("{\"errorCode\":\"OAUTH_LIMIT_REACHED\"}"))
                .isEqualTo("{\"errorCode\":\"OAUTH_LIMIT_REACHED\"}");
    }
}
