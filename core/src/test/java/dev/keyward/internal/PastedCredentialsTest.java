package dev.keyward.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.CredentialPrefixes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every variant of a real credential one edit away is found, by its checksum, in any text around it, and cut out
 * of text to be logged; texts that merely look alike are not.
 */
@DisplayName("Pasted credentials, and credentials a character off")
class PastedCredentialsTest {

    private static final String EMOJI = "\ud83d\udd11";
    private static final List<String> INSERTED = List.of("7", "q", "Q", "-", " ", ".", "\u00e9", EMOJI);
    private static final CredentialCodec CODEC = new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom());
    private static final CredentialCodec OTHER = new CredentialCodec(
            new CredentialPrefixes("acmekey_", "acmeid_", "acmesecret_", "acmetoken_"), new SecureRandom());

    /** Every variant of the credential with one character of its body changed, put in or cut, and its {@code _} changed or cut. */
    static List<String> oneEditAway(String credential) {
        int body = credential.indexOf('_') + 1;
        List<String> variants = new ArrayList<>();
        for (int i = body; i <= credential.length(); i++) {
            for (String inserted : INSERTED) {
                variants.add(credential.substring(0, i) + inserted + credential.substring(i));
                if (i < credential.length()) {
                    variants.add(credential.substring(0, i) + inserted + credential.substring(i + 1));
                }
            }
            if (i < credential.length()) {
                variants.add(credential.substring(0, i) + credential.substring(i + 1));
            }
        }
        for (String separator : List.of("-", ".", ":", " ", "x", "7", "")) {
            variants.add(credential.substring(0, body - 1) + separator + credential.substring(body));
        }
        variants.remove(credential);
        return variants;
    }

    @Test
    @DisplayName("every credential one edit away, of either kind and prefix, alone or among words, is found and cut out")
    void everyVariantOneEditAwayIsFoundAndCut() {
        for (String credential : List.of(CODEC.issue(CredentialKind.ACCESS_KEY, CODEC.newLookupId()),
                CODEC.issue(CredentialKind.CLIENT_SECRET, CODEC.newLookupId()),
                OTHER.issue(CredentialKind.BEARER_TOKEN, OTHER.newLookupId()))) {
            String body = credential.substring(credential.indexOf('_') + 1);
            for (String variant : oneEditAway(credential)) {
                for (String text : List.of(variant, "prod " + variant, variant + " old", "x" + variant + "/y")) {
                    assertThat(PastedCredentials.holds(text)).as(text).isTrue();
                    String redacted = PastedCredentials.redacted(text);
                    assertThat(redacted).as(text).contains("[redacted]").doesNotContain(body.substring(2, 18))
                            .doesNotContain(body.substring(20, 36));
                }
            }
            assertThat(PastedCredentials.holds(credential)).isTrue();
        }
    }

    @Test
    @DisplayName("with the prefixes in use, a body alone, or after a prefix a character off, is found")
    void bodyWithoutItsPrefixFoundByThePrefixesInUse() {
        String key = CODEC.issue(CredentialKind.ACCESS_KEY, CODEC.newLookupId());
        String body = key.substring(5);
        List<String> inUse = List.of("kwak_", "kwcs_", "kwat_");

        for (String text : List.of(body, "org-" + body, "kwa_" + body, "kw-ak_" + body, "kwak__" + body)) {
            assertThat(PastedCredentials.holds(text)).as(text).isEqualTo(text.equals("kwak__" + body));
            assertThat(PastedCredentials.holds(text, inUse)).as(text).isTrue();
        }
    }

    @Test
    @DisplayName("two credentials glued together, the first a character short, are both cut out")
    void gluedCredentialsAreBothCut() {
        String first = CODEC.issue(CredentialKind.ACCESS_KEY, CODEC.newLookupId());
        String second = CODEC.issue(CredentialKind.CLIENT_SECRET, CODEC.newLookupId());
        String text = first.substring(0, first.length() - 1) + second.substring(0, 27) + "-" + second.substring(27);

        String redacted = PastedCredentials.redacted(text);

        assertThat(redacted).doesNotContain(first.substring(7, 30)).doesNotContain(second.substring(7, 26))
                .doesNotContain(second.substring(28, 45));
    }

    @Test
    @DisplayName("ids and words that merely look alike are not found, and kept whole in text to be logged")
    void lookAlikesAreNotFound() {
        Random random = new Random(11);
        String digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        for (int i = 0; i < 5_000; i++) {
            StringBuilder id = new StringBuilder("org_");
            for (int c = 0; c < 43 + random.nextInt(3); c++) {
                id.append(digits.charAt(random.nextInt(62)));
            }
            assertThat(PastedCredentials.holds(id, List.of("kwak_", "kwcs_", "kwat_"))).as(id.toString()).isFalse();
        }
        String uuid = "/admin/orgs/acme/connections/0b6f4b5e-8c1a-4f7e-9d2a-3c5b7e9f1a2d";
        assertThat(PastedCredentials.holds(uuid)).isFalse();
        assertThat(PastedCredentials.redacted(uuid)).isEqualTo(uuid);
        assertThat(PastedCredentials.redacted("a".repeat(37) + " " + "b".repeat(38)))
                .isEqualTo("a".repeat(37) + " [redacted]");
    }

    @Test
    @DisplayName("a text longer than what is read for logging is cut there, and says by how much")
    void longTextIsCut() {
        String text = "x".repeat(PastedCredentials.MAX_REDACTED) + "tail";

        assertThat(PastedCredentials.redacted(text)).endsWith("[…4 more characters]");
    }
}
