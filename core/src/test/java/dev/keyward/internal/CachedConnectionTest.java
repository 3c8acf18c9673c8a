package dev.keyward.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.AuthenticationType;
import dev.keyward.ConnectionId;
import dev.keyward.IpAllowlist;
import dev.keyward.OrganizationId;
import dev.keyward.Principal;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CachedConnection: notes of revoked tokens")
class CachedConnectionTest {

    private static final long WINDOW = 60_000;

    private final CachedConnection connection = new CachedConnection("CONNECTION01", new Principal(
            OrganizationId.of("acme"), ConnectionId.of("c1"), "Client", AuthenticationType.OAUTH));

    private static String lookupId(int n) {
        return String.format("T%011d", n);
    }

    @Test
    @DisplayName("a revoked token is noted; others are not; a connection with none costs nothing to ask")
    void notesRevokedTokens() {
        assertThat(connection.isTokenRevoked(lookupId(1))).isFalse();

        assertThat(connection.tokenRevoked(lookupId(1), 1_000, WINDOW)).isTrue();

        assertThat(connection.isTokenRevoked(lookupId(1))).isTrue();
        assertThat(connection.isTokenRevoked(lookupId(2))).isFalse();
    }

    @Test
    @DisplayName("notes older than two windows are dropped as more come, so a steady trickle stays small")
    void oldNotesAreDropped() {
        for (int i = 0; i < 10_000; i++) {
            // One revocation a second for nearly three hours.
            assertThat(connection.tokenRevoked(lookupId(i), i * 1_000L, WINDOW)).isTrue();
        }

        // Two windows of notes, and as many again before the next drop.
        assertThat(connection.tokenNotes().size()).isLessThanOrEqualTo(2 * 121);
        assertThat(connection.isTokenRevoked(lookupId(9_999))).isTrue();
    }

    @Test
    @DisplayName("fewer notes than the most it keeps within any two windows: never refused, whatever was noted before")
    void notesOlderThanTwoWindowsNeverCountAgainstTheMost() {
        // 100 revocations a window, 200 within any two, for many windows.
        for (int i = 0; i < 5_000; i++) {
            assertThat(connection.tokenRevoked(lookupId(i), i * 600L, WINDOW)).as("revocation %d", i).isTrue();
        }
    }

    @Test
    @DisplayName("once it stops trusting what it remembered, only credentials made or confirmed later are trusted")
    void distrustCoversWhatWasMadeOrConfirmedUntilThen() {
        VerifiedCredential before = secret(connection);
        VerifiedCredential confirmedBefore = before.confirmed(connection.principal(), Long.MAX_VALUE, false, 10,
                IpAllowlist.any(), System.nanoTime());
        CachedConnection another = new CachedConnection("CONNECTION02", connection.principal());
        VerifiedCredential ofAnother = secret(another);
        assertThat(before.trustedByConnection()).isTrue();

        connection.distrust();

        assertThat(before.trustedByConnection()).isFalse();
        assertThat(confirmedBefore.trustedByConnection()).isFalse();
        assertThat(ofAnother.trustedByConnection()).as("another connection's").isTrue();
        assertThat(secret(connection).trustedByConnection()).as("made after").isTrue();
        assertThat(before.confirmed(connection.principal(), Long.MAX_VALUE, false, 20, IpAllowlist.any(),
                System.nanoTime()).trustedByConnection()).as("confirmed after").isTrue();
        connection.distrust();
        assertThat(secret(another).trustedByConnection()).isTrue();
    }

    private static VerifiedCredential secret(CachedConnection of) {
        return new VerifiedCredential(of, CredentialKind.ACCESS_KEY, of.lookupId(), 1, Long.MAX_VALUE, false, 5,
                VerifiedCredential.UNKNOWN_ISSUE);
    }

    @Test
    @DisplayName("past the most notes it keeps within the window it says so, and drops just the notes it is given")
    void tooManyNotesWithinTheWindowAreRefused() {
        for (int i = 0; i < CachedConnection.MAXIMUM_TOKEN_NOTES; i++) {
            assertThat(connection.tokenRevoked(lookupId(i), 1_000, WINDOW)).isTrue();
        }

        assertThat(connection.tokenRevoked(lookupId(-1), 1_000, WINDOW)).isFalse();
        Set<String> covered = connection.tokenNotes();
        assertThat(covered).hasSize(CachedConnection.MAXIMUM_TOKEN_NOTES + 1);
        // Noted after the caller took the notes it covers: kept.
        connection.tokenRevoked(lookupId(100_000), 1_000, WINDOW);
        connection.forgetTokenNotes(covered);

        assertThat(connection.tokenNotes()).containsExactly(lookupId(100_000));
        assertThat(connection.tokenRevoked(lookupId(100_001), 1_000, WINDOW)).isTrue();
    }
}
