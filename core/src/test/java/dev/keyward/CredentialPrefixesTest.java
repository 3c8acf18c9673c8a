package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The one place credential prefixes are validated. */
class CredentialPrefixesTest {

    private static CredentialPrefixes withAccessKey(String prefix) {
        return new CredentialPrefixes(prefix, "kwci_", "kwcs_", "kwat_");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "_", "k_", "Kwak_", "kwak", "kw-k_", "1wak_", "kwak__", "kwakkwakkwak_", "kw\u00e4k_"})
    void prefixNotShapedThenRefusedNamingTheKind(String prefix) {
        assertThatThrownBy(() -> withAccessKey(prefix))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("accessKey prefix")
                .hasMessageContaining("must be 3-12 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kw_", "kwak_", "a1_", "abcdefghijk_"})
    void prefixShapedThenAccepted(String prefix) {
        assertThat(withAccessKey(prefix).accessKey()).isEqualTo(prefix);
    }

    @Test
    void hugePrefixThenRefusedWithAShortMessage() {
        assertThatThrownBy(() -> withAccessKey("a".repeat(100_000)))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }

    @Test
    void samePrefixTwiceOrOneBeginningAnotherThenRefusedAsAmbiguous() {
        assertThatThrownBy(() -> new CredentialPrefixes("kwak_", "kwci_", "kwcs_", "kwak_"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ambiguous");
    }

    @Test
    void onePrefixEndingAnotherThenRefused() {
        // A scanner's rule for ak_ would find every kwak_ key too: the rules have no boundary before the prefix.
        assertThatThrownBy(() -> new CredentialPrefixes("kwak_", "kwci_", "ak_", "kwat_"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ak_' ends 'kwak_'");
        assertThatThrownBy(() -> new CredentialPrefixes("kwak_", "xkwak_", "kwcs_", "kwat_"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'kwak_' ends 'xkwak_'");
    }

    @Test
    void nullPrefixThenRefusedNamingTheKind() {
        assertThatThrownBy(() -> new CredentialPrefixes("kwak_", null, "kwcs_", "kwat_"))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("clientId");
    }

    @Test
    void defaultsThenTheDocumentedOnes() {
        assertThat(CredentialPrefixes.DEFAULTS)
                .isEqualTo(new CredentialPrefixes("kwak_", "kwci_", "kwcs_", "kwat_"));
    }
}
