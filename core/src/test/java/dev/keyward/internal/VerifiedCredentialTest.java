package dev.keyward.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyward.AuthenticationType;
import dev.keyward.ClientAddress;
import dev.keyward.ConnectionId;
import dev.keyward.IpAllowlist;
import dev.keyward.OrganizationId;
import dev.keyward.Principal;
import dev.keyward.TokenResponse;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VerifiedCredentialTest {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final Principal principal = new Principal(OrganizationId.of("acme"), ConnectionId.of("c-1"), "Billing",
            AuthenticationType.OAUTH);
    private final CachedConnection connection = new CachedConnection("CONNLOOKUP01", principal);

    @Test
    void tokenLookupIdsThenKeptExactlyAndMatchedOnlyByThemselves() {
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 10_000; n++) {
            String id = randomLookupId(random);
            VerifiedCredential token = token(id);

            assertThat(token.lookupId()).isEqualTo(id);
            assertThat(token.hasLookupId(id)).isTrue();
            assertThat(token.connectionLookupId()).isEqualTo("CONNLOOKUP01");
            String other = id.substring(0, 11) + (id.charAt(11) == 'z' ? 'y' : 'z');
            assertThat(token.hasLookupId(other)).isFalse();
            assertThat(token.hasLookupId("z" + id.substring(1))).isEqualTo(id.charAt(0) == 'z');
            assertThat(token.hasLookupId(id.substring(1))).isFalse();
        }
        assertThat(token("zzzzzzzzzzzz").lookupId()).isEqualTo("zzzzzzzzzzzz");
        assertThat(token("000000000000").lookupId()).isEqualTo("000000000000");
    }

    @Test
    void lookAlikeLookupIdsThenNeverMatched() {
        VerifiedCredential token = token("AAAAAAAAAAAA");

        assertThat(token.hasLookupId("AAAAAAAAAAA-")).isFalse();
        assertThat(token.hasLookupId("AAAAAAAAAAAAA")).isFalse();
        assertThat(token.hasLookupId("AAAAAAAAAAA\u0410")).isFalse();
        assertThat(token.hasLookupId("CONNLOOKUP01")).isFalse();
    }

    @Test
    void aTokenLookupIdThatIsNotTwelveBase62CharactersThenRefused() {
        assertThatThrownBy(() -> token("short")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> token("AAAAAAAAAAA_")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> token("AAAAAAAAAAAAA")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aConnectionSecretThenItsLookupIdIsItsConnections() {
        VerifiedCredential secret = new VerifiedCredential(connection, CredentialKind.CLIENT_SECRET, "CONNLOOKUP01", 3,
                1_000, false, 5, VerifiedCredential.UNKNOWN_ISSUE);

        assertThat(secret.lookupId()).isSameAs(connection.lookupId());
        assertThat(secret.hasLookupId("CONNLOOKUP01")).isTrue();
        assertThat(secret.hasLookupId("CONNLOOKUP02")).isFalse();
        assertThat(secret.kind()).isEqualTo(CredentialKind.CLIENT_SECRET);
        assertThat(secret.secretVersion()).isEqualTo(3);
        assertThat(secret.expiresAtMillis()).isEqualTo(1_000);
        assertThat(secret.endsByExpiry()).isFalse();
        assertThat(secret.checkedAtMillis()).isEqualTo(5);
        assertThat(secret.issuedAtMillis()).isEqualTo(VerifiedCredential.UNKNOWN_ISSUE);
    }

    @Test
    void confirmedThenKindLookupIdAndVersionKeptAndValidityReplaced() {
        VerifiedCredential token = token("Tok3nLookup9");

        VerifiedCredential confirmed = token.confirmed(principal, 9_000, false, 42, IpAllowlist.any(), System.nanoTime());
        assertThat(confirmed.kind()).isEqualTo(CredentialKind.BEARER_TOKEN);
        assertThat(confirmed.hasLookupId("Tok3nLookup9")).isTrue();
        assertThat(confirmed.expiresAtMillis()).isEqualTo(9_000);
        assertThat(confirmed.endsByExpiry()).isFalse();
        assertThat(confirmed.checkedAtMillis()).isEqualTo(42);
        assertThat(confirmed.granted()).isSameAs(token.granted());
        assertThat(confirmed.issuedAtMillis()).isEqualTo(6);
    }

    @Test
    void aConnectionRenamedOnReReadThenEveryCredentialOfItGrantsTheNewName() {
        VerifiedCredential first = token("AAAAAAAAAAAA");
        VerifiedCredential second = token("BBBBBBBBBBBB");
        Principal renamed = new Principal(principal.organizationId(), principal.connectionId(), "Invoicing",
                AuthenticationType.OAUTH);

        first.confirmed(renamed, 1, true, 1, IpAllowlist.any(), System.nanoTime());

        assertThat(second.principal()).isEqualTo(renamed);
        assertThat(second.granted().principal().connectionName()).isEqualTo("Invoicing");
    }

    @Test
    void aConnectionsRangesChangedOnReReadThenEveryCredentialOfItChecksTheNewOnes() {
        VerifiedCredential first = token("AAAAAAAAAAAA");
        VerifiedCredential second = token("BBBBBBBBBBBB");
        ClientAddress office = ClientAddress.parse("10.1.2.3");
        assertThat(second.admits(office)).isTrue();
        assertThat(second.admits(null)).isTrue();

        long readAt = System.nanoTime();
        first.confirmed(principal, 1, true, 1, IpAllowlist.parse(List.of("192.0.2.0/24")), readAt);

        assertThat(second.admits(office)).isFalse();
        assertThat(second.admits(null)).isFalse();
        assertThat(second.admits(ClientAddress.parse("192.0.2.9"))).isTrue();
        assertThat(second.allowedIps().toStrings()).containsExactly("192.0.2.0/24");
    }

    @Test
    void aReadThatBeganBeforeOneAlreadyTakenThenItsRangesAreNotTaken() {
        VerifiedCredential first = token("AAAAAAAAAAAA");
        VerifiedCredential second = token("BBBBBBBBBBBB");
        long earlier = System.nanoTime();
        long later = earlier + 1;

        first.confirmed(principal, 1, true, 1, IpAllowlist.parse(List.of("192.0.2.0/24")), later);
        second.confirmed(principal, 1, true, 1, IpAllowlist.any(), earlier);

        assertThat(first.admits(ClientAddress.parse("10.1.2.3"))).isFalse();
        assertThat(second.allowedIps().toStrings()).containsExactly("192.0.2.0/24");
        second.confirmed(principal, 1, true, 1, IpAllowlist.any(), later + 1);
        assertThat(first.admits(ClientAddress.parse("10.1.2.3"))).isTrue();
    }

    @Test
    void toStringThenNoLookupId() {
        assertThat(token("Tok3nLookup9").toString()).doesNotContain("Tok3nLookup9").contains("BEARER_TOKEN");
    }

    @Test
    void tokenAnswerThenValidJsonWhateverTheTokenHolds() throws Exception {
        OAuthResponses responses = new OAuthResponses("api");
        for (String token : new String[] {"kwbt_" + randomLookupId(new SplittableRandom(1)), "a\"b\\c\u0001d\u00e9",
                "\u0001ab", "ab\"", "\\", ""}) {
            TokenResponse answer = responses.token(token, 86_400);

            JsonNode body = new ObjectMapper().readTree(answer.body());
            assertThat(body.get("access_token").asText()).isEqualTo(token);
            assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
            assertThat(body.get("expires_in").asLong()).isEqualTo(86_400);
            assertThat(body.size()).isEqualTo(3);
            assertThat(answer.headers()).containsEntry("Cache-Control", "no-store").containsEntry("Pragma", "no-cache")
                    .containsEntry("Content-Type", "application/json;charset=UTF-8");
        }
    }

    /**
     * The cache's eviction policy hears of every use in the second after the store confirmed a credential,
     * while it judges a newcomer, then of one use a second at most; a clock set back is heard at once.
     */
    @Test
    void usesHeardByTheEvictionPolicyThenEveryOneInTheFirstSecondThenOneASecond() {
        long checked = 1_000_000;
        VerifiedCredential key = new VerifiedCredential(connection, CredentialKind.ACCESS_KEY, "CONNLOOKUP01", 1,
                Long.MAX_VALUE, false, checked, VerifiedCredential.UNKNOWN_ISSUE);

        for (long at = checked; at < checked + 1_000; at += 100) {
            assertThat(key.useToNote(at, 1_000)).as("a use %d ms after the check", at - checked).isTrue();
        }
        assertThat(key.useToNote(checked + 1_000, 1_000)).isTrue();
        assertThat(key.useToNote(checked + 1_001, 1_000)).isFalse();
        assertThat(key.useToNote(checked + 1_999, 1_000)).isFalse();
        assertThat(key.useToNote(checked + 2_000, 1_000)).isTrue();
        assertThat(key.useToNote(checked + 2_500, 1_000)).isFalse();
        assertThat(key.useToNote(checked + 1_500, 1_000)).as("the clock set back").isTrue();
        assertThat(key.useToNote(checked + 1_600, 1_000)).isFalse();
    }

    /**
     * A credential confirmed by a re-read of the store is no newcomer: the policy, which heard of the re-read as
     * an update, hears of its uses once a second, counted from the last use it heard of before.
     */
    @Test
    void usesOfACredentialConfirmedByAReReadThenHeardOneASecondFromTheFirst() {
        long checked = 1_000_000;
        VerifiedCredential key = new VerifiedCredential(connection, CredentialKind.ACCESS_KEY, "CONNLOOKUP01", 1,
                Long.MAX_VALUE, false, checked, VerifiedCredential.UNKNOWN_ISSUE);
        assertThat(key.useToNote(checked + 60_000, 1_000)).isTrue();

        VerifiedCredential confirmed = key.confirmed(principal, Long.MAX_VALUE, false, checked + 60_500,
                IpAllowlist.any(), System.nanoTime());

        assertThat(confirmed.useToNote(checked + 60_600, 1_000)).isFalse();
        assertThat(confirmed.useToNote(checked + 61_000, 1_000)).isTrue();
        assertThat(confirmed.useToNote(checked + 61_100, 1_000)).isFalse();
    }

    private VerifiedCredential token(String lookupId) {
        return new VerifiedCredential(connection, CredentialKind.BEARER_TOKEN, lookupId, 0, 2_000, true, 7, 6);
    }

    private static String randomLookupId(SplittableRandom random) {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            id.append(BASE62.charAt(random.nextInt(62)));
        }
        return id.toString();
    }
}
