package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.CredentialFormat.Kind;
import dev.keyward.internal.CredentialCodec;
import dev.keyward.internal.CredentialKind;
import dev.keyward.testing.CredentialLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("The credential format, for secret scanners")
class CredentialFormatTest {

    /** The rules file the repository ships, kept equal to what the code generates. */
    private static final Path SHIPPED_RULES = Path.of("..", "secret-scanning", "keyward.gitleaks.toml");
    private static final Pattern RULE = Pattern.compile("id = \"keyward-([a-z-]+)\"\\n.*?\\nregex = '''(.*?)'''",
            Pattern.DOTALL);
    private static final Map<Kind, CredentialKind> KINDS = Map.of(Kind.ACCESS_KEY, CredentialKind.ACCESS_KEY,
            Kind.CLIENT_SECRET, CredentialKind.CLIENT_SECRET, Kind.BEARER_TOKEN, CredentialKind.BEARER_TOKEN);

    private final CredentialCodec codec = new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom());

    @ParameterizedTest
    @EnumSource(Kind.class)
    @DisplayName("every generated credential is recognised as its kind; one character changed, it is not")
    void recognisesEveryKind(Kind kind) {
        for (int i = 0; i < 1000; i++) {
            String credential = codec.issue(KINDS.get(kind), codec.newLookupId());
            char last = credential.charAt(credential.length() - 1);
            String changed = credential.substring(0, credential.length() - 1) + (last == 'a' ? 'b' : 'a');

            assertThat(CredentialFormat.defaults().recognize(credential)).contains(kind);
            assertThat(CredentialFormat.hasCredentialShape(credential)).isTrue();
            assertThat(CredentialFormat.defaults().recognize(changed)).isEmpty();
        }
    }

    @Test
    @DisplayName("client ids, other prefixes, and anything else are not recognised, and nothing throws")
    void recognisesNothingElse() {
        String key = codec.issue(CredentialKind.ACCESS_KEY, codec.newLookupId());
        String other = new CredentialCodec(new CredentialPrefixes("acmek_", "acmei_", "acmes_", "acmet_"),
                new SecureRandom()).issue(CredentialKind.ACCESS_KEY, codec.newLookupId());

        assertThat(CredentialFormat.defaults().recognize(codec.clientId(codec.newLookupId()))).isEmpty();
        assertThat(CredentialFormat.defaults().recognize(other)).isEmpty();
        assertThat(CredentialFormat.hasCredentialShape(other)).as("any prefix has the shape").isTrue();
        assertThat(CredentialFormat.of(new CredentialPrefixes("acmek_", "acmei_", "acmes_", "acmet_"))
                .recognize(other)).contains(Kind.ACCESS_KEY);
        for (String nothing : new String[] {null, "", "kwak_", key + "x", key.substring(1), "x".repeat(10_000)}) {
            assertThat(CredentialFormat.defaults().recognize(nothing)).isEmpty();
            assertThat(CredentialFormat.hasCredentialShape(nothing)).isFalse();
        }
    }

    @Test
    @DisplayName("the checksum is exactly what the documentation says: CRC-32 of the ASCII bytes, 6 base62 digits")
    void checksumAsDocumented() {
        String digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        for (int i = 0; i < 1000; i++) {
            String credential = codec.issue(CredentialKind.BEARER_TOKEN, codec.newLookupId());
            int checksumStart = CredentialLayout.checksumStart(credential);
            CRC32 crc = new CRC32();
            crc.update(credential.substring(0, checksumStart).getBytes(StandardCharsets.US_ASCII));
            StringBuilder expected = new StringBuilder();
            for (long rest = crc.getValue(); expected.length() < 6; rest /= 62) {
                expected.insert(0, digits.charAt((int) (rest % 62)));
            }

            assertThat(credential.substring(checksumStart)).isEqualTo(expected.toString());
        }
    }

    @Test
    @DisplayName("the shipped gitleaks rules are the generated ones")
    void shippedRulesAreGenerated() throws IOException {
        assertThat(Files.readString(SHIPPED_RULES)).isEqualTo(CredentialFormat.defaults().gitleaksRules());
    }

    @Test
    @DisplayName("the gitleaks rules find 10,000 generated secrets of each kind, each by its own rule, and no client id")
    void gitleaksRulesMatchEverySecretAndNoClientId() {
        Map<String, Pattern> rules = new java.util.LinkedHashMap<>();
        Matcher rule = RULE.matcher(CredentialFormat.defaults().gitleaksRules());
        while (rule.find()) {
            rules.put(rule.group(1), Pattern.compile(rule.group(2)));
        }
        assertThat(rules).containsOnlyKeys("access-key", "client-secret", "bearer-token");

        for (Kind kind : Kind.values()) {
            String ruleId = kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            List<String> misses = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                String secret = codec.issue(KINDS.get(kind), codec.newLookupId());
                String text = (i % 2 == 0 ? "export KEY=\"" : "KEY_") + secret
                        + List.of("", "\" # pasted", "_", "_SUFFIX\n", "\n").get(i % 5);
                rules.forEach((id, pattern) -> {
                    Matcher match = pattern.matcher(text);
                    if (match.find() != id.equals(ruleId)) {
                        misses.add(id + " on " + kind);
                    } else if (id.equals(ruleId) && !match.group(1).equals(secret)) {
                        misses.add(id + " reports " + match.group(1) + " for " + secret);
                    }
                });
            }
            assertThat(misses).as("rule matches on the wrong kind or misses").isEmpty();
        }
        for (int i = 0; i < 10_000; i++) {
            String clientId = codec.clientId(codec.newLookupId());
            assertThat(rules.values()).noneMatch(pattern -> pattern.matcher("client_id=" + clientId).find());
        }
    }

    @Test
    @DisplayName("redacted: every credential, and one a character off, is cut after its prefix; a long run of letters"
            + " and digits is cut whole; the rest is kept")
    void redactsCredentialsAndNearMisses() {
        String key = codec.issue(CredentialKind.ACCESS_KEY, codec.newLookupId());
        String body = key.substring(key.indexOf('_') + 1);
        String clientId = codec.clientId(codec.newLookupId());

        assertThat(CredentialFormat.redacted("/admin/orgs/acme/connections/" + key + "/regenerate"))
                .isEqualTo("/admin/orgs/acme/connections/kwak_[redacted]/regenerate");
        assertThat(CredentialFormat.redacted("/v1/" + key.substring(0, 20) + "-" + key.substring(20) + "?x"))
                .isEqualTo("/v1/kwak_[redacted]?x");
        assertThat(CredentialFormat.redacted(body.substring(0, 38) + " and " + key.substring(0, key.length() - 1)))
                .isEqualTo("[redacted] and kwak_[redacted]");
        String kept = "/admin/orgs/" + "a".repeat(37) + "/connections/0b6f4b5e-8c1a-4f7e-9d2a-3c5b7e9f1a2d?c=" + clientId;
        assertThat(CredentialFormat.redacted(kept)).isEqualTo(kept);
        assertThat(CredentialFormat.redacted("")).isEmpty();
    }
}
