package dev.keyward.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.OrganizationId;
import dev.keyward.spi.StoredConnection;
import dev.keyward.testing.StoredRows;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Secret validity, decided from a connection's row alone")
class SecretValidityTest {

    private static final Instant REGENERATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant GRACE_END = REGENERATED.plus(Duration.ofSeconds(60));

    private static StoredConnection regeneratedWithGrace() {
        return StoredRows.oauth(OrganizationId.of("acme"), "Client", REGENERATED).toBuilder().secretVersion(2)
                .previousSecret(StoredRows.HASH, GRACE_END).build();
    }

    @Test
    @DisplayName("the current version is valid without end")
    void currentIsValidWithoutEnd() {
        SecretValidity validity = SecretValidity.of(regeneratedWithGrace(), 2, GRACE_END.plus(Duration.ofDays(999)));

        assertThat(validity).isEqualTo(new SecretValidity.Current(null));
        assertThat(validity.valid()).isTrue();
        assertThat(validity.validUntilMillis()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    @DisplayName("the version before is valid up to the last instant before its grace period ends")
    void previousIsValidDuringGraceOnly() {
        StoredConnection row = regeneratedWithGrace();

        assertThat(SecretValidity.of(row, 1, GRACE_END.minusNanos(1000))).isEqualTo(new SecretValidity.InGrace(GRACE_END));
        assertThat(SecretValidity.ofPrevious(row, GRACE_END.minusSeconds(1)).validUntilMillis())
                .isEqualTo(GRACE_END.toEpochMilli());
        assertThat(SecretValidity.of(row, 1, GRACE_END)).isSameAs(SecretValidity.Revoked.INSTANCE);
    }

    @Test
    @DisplayName("the version before ends at the connection's expiry when that comes first, in a row stored with a later grace end")
    void previousEndsAtTheConnectionsExpiry() {
        Instant expiresAt = GRACE_END.minusSeconds(30);
        StoredConnection row = regeneratedWithGrace().toBuilder().expiresAt(expiresAt).build();

        assertThat(SecretValidity.of(row, 1, expiresAt.minusNanos(1000))).isEqualTo(new SecretValidity.InGrace(expiresAt));
        assertThat(SecretValidity.of(row, 1, expiresAt)).isSameAs(SecretValidity.Revoked.INSTANCE);
    }

    @Test
    @DisplayName("without a grace period, and for older or unknown versions, the secret is revoked")
    void otherVersionsAreRevoked() {
        StoredConnection noGrace = regeneratedWithGrace().toBuilder().previousSecret(null, null).build();
        StoredConnection row = regeneratedWithGrace().toBuilder().secretVersion(3).build();

        assertThat(SecretValidity.ofPrevious(noGrace, REGENERATED).valid()).isFalse();
        assertThat(SecretValidity.of(row, 1, REGENERATED).valid()).as("two regenerations ago").isFalse();
        assertThat(SecretValidity.of(row, 4, REGENERATED).valid()).as("a version never issued").isFalse();
        assertThatThrownBy(SecretValidity.Revoked.INSTANCE::validUntilMillis).isInstanceOf(IllegalStateException.class);
    }
}
