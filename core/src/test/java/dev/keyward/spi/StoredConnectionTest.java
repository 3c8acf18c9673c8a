package dev.keyward.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.AuthenticationType;
import dev.keyward.ConnectionId;
import dev.keyward.IpAllowlist;
import dev.keyward.OrganizationId;
import dev.keyward.testing.StoredRows;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The SPI's stored records")
class StoredConnectionTest {

    private static final Instant AT = Instant.parse("2026-05-06T07:08:09.123456Z");
    private static final OrganizationId ORG = OrganizationId.of("acme");

    /** Exactly the setters a store written for the first release calls; later fields must have defaults. */
    private static StoredConnection.Builder firstReleaseFields() {
        return StoredConnection.builder().id(ConnectionId.of("c1")).organizationId(ORG).name("Reporting")
                .authenticationType(AuthenticationType.OAUTH).createdBy("alice").createdAt(AT).updatedAt(AT)
                .hint("kwcs_…abcd").clientId("kwci_abcdefghijkl").lookupId("abcdefghijkl")
                .secretHash(StoredRows.HASH).secretVersion(1).previousSecret(null, null);
    }

    @Test
    @DisplayName("a store that sets only the first release's fields still builds: every later field has a default")
    void firstReleaseFieldsSuffice() {
        StoredConnection built = firstReleaseFields().build();

        assertThat(built.connection().name()).isEqualTo("Reporting");
        assertThat(built.secretVersion()).isEqualTo(1);
        assertThat(built.previousSecretHash()).isNull();
        assertThat(built.connection().allowedIps()).isEqualTo(IpAllowlist.any());
    }

    @Test
    @DisplayName("toBuilder carries every field, so rewriting a row read back loses nothing")
    void toBuilderCarriesEveryField() {
        StoredConnection original = firstReleaseFields().secretVersion(3)
                .previousSecret("$argon2id$old", AT.plus(Duration.ofMinutes(5)))
                .allowedIps(IpAllowlist.parse(List.of("10.0.0.0/8"))).build();

        assertThat(original.toBuilder().build()).isEqualTo(original).hasSameHashCodeAs(original);
        assertThat(original.toBuilder().build().connection().allowedIps().toStrings()).containsExactly("10.0.0.0/8");
        assertThat(original.toBuilder().name("Other").build()).isNotEqualTo(original);
        assertThat(original.toBuilder().allowedIps(IpAllowlist.any()).build()).isNotEqualTo(original);
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "organizationId", "name", "authenticationType", "createdBy", "createdAt",
        "updatedAt", "hint", "lookupId", "secretHash"})
    @DisplayName("a missing required field is named")
    void missingRequiredFieldIsNamed(String field) {
        UnaryOperator<StoredConnection.Builder> unset = switch (field) {
            case "id" -> b -> b.id(null);
            case "organizationId" -> b -> b.organizationId(null);
            case "name" -> b -> b.name(null);
            case "authenticationType" -> b -> b.authenticationType(null);
            case "createdBy" -> b -> b.createdBy(null);
            case "createdAt" -> b -> b.createdAt(null);
            case "updatedAt" -> b -> b.updatedAt(null);
            case "hint" -> b -> b.hint(null);
            case "lookupId" -> b -> b.lookupId(null);
            default -> b -> b.secretHash(null);
        };

        assertThatThrownBy(() -> unset.apply(firstReleaseFields()).build())
                .isInstanceOf(NullPointerException.class).hasMessage(field);
    }

    @Test
    @DisplayName("contradictory fields are refused")
    void contradictionsAreRefused() {
        assertThatThrownBy(() -> firstReleaseFields().secretVersion(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secretVersion");
        assertThatThrownBy(() -> firstReleaseFields().previousSecret("$argon2id$old", null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("go together");
        assertThatThrownBy(() -> firstReleaseFields().clientId(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("client id");
    }

    @Test
    @DisplayName("instants keep microseconds and finer ones are truncated, in connections and tokens alike")
    void instantsAreTruncatedToMicroseconds() {
        Instant nanos = Instant.parse("2026-05-06T07:08:09.123456789Z");
        Instant micros = Instant.parse("2026-05-06T07:08:09.123456Z");
        StoredConnection connection = firstReleaseFields().createdAt(nanos).updatedAt(nanos)
                .previousSecret("$argon2id$old", nanos).build();
        StoredToken token = StoredRows.token(connection, nanos, Duration.ofHours(1));

        assertThat(List.of(connection.connection().createdAt(), connection.connection().updatedAt(),
                connection.previousSecretExpiresAt(), token.issuedAt())).containsOnly(micros);
        assertThat(token.expiresAt()).isEqualTo(micros.plus(Duration.ofHours(1)));
    }

    @Test
    @DisplayName("toString shows no hash")
    void toStringHidesHashes() {
        StoredConnection connection = firstReleaseFields().previousSecret("$argon2id$old", AT).build();
        StoredToken token = StoredRows.token(connection, AT, Duration.ofHours(1));

        assertThat(connection.toString()).doesNotContain("argon2").contains("abcdefghijkl");
        assertThat(token.toString()).doesNotContain("argon2").contains(token.lookupId());
    }
}
