package dev.keyward.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.CredentialPrefixes;
import dev.keyward.internal.CredentialCodec.ParsedCredential;
import dev.keyward.testing.CredentialLayout;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialCodecTest {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";

    private final CredentialCodec codec = new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom());

    @Nested
    class Issue {

        @ParameterizedTest
        @EnumSource(CredentialKind.class)
        void issueWhenManyGeneratedThenDistinctWellFormedAndParsedBack(CredentialKind kind) {
            String prefix = codec.prefix(kind);
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 10_000; i++) {
                String lookupId = codec.newLookupId();
                String credential = codec.issue(kind, lookupId);

                assertThat(seen.add(credential)).as("distinct").isTrue();
                assertThat(credential).startsWith(prefix).hasSize(prefix.length() + CredentialCodec.BODY_LENGTH).matches("[A-Za-z0-9_]+");
                assertThat(credential.length()).isLessThanOrEqualTo(CredentialCodec.MAX_LENGTH);
                ParsedCredential parsed = codec.parse(credential);
                assertThat(parsed).isNotNull();
                assertThat(parsed.kind()).isEqualTo(kind);
                assertThat(parsed.lookupId()).isEqualTo(lookupId);
                assertThat(parsed.value()).isEqualTo(credential);
            }
        }

        @Test
        void issueWhenIssuedThenEndsWithCrc32OfAsciiBytesInSixBase62Digits() {
            String credential = codec.issue(CredentialKind.CLIENT_SECRET, codec.newLookupId());
            int checksumStart = CredentialLayout.checksumStart(credential);
            CRC32 crc = new CRC32();
            crc.update(credential.substring(0, checksumStart).getBytes(StandardCharsets.US_ASCII));

            long decoded = 0;
            for (char c : credential.substring(checksumStart).toCharArray()) {
                decoded = decoded * 62 + BASE62.indexOf(c);
            }
            assertThat(decoded).isEqualTo(crc.getValue());
        }

        @Test
        void crcOfEveryLengthUpToTheLongestCredentialEqualsJavaUtilZipCrc32() {
            java.util.Random random = new java.util.Random(42);
            for (int length = 0; length <= CredentialCodec.MAX_LENGTH; length++) {
                // Every byte value, and bytes past the end that must not count.
                byte[] bytes = new byte[length + 5];
                random.nextBytes(bytes);
                CRC32 crc = new CRC32();
                crc.update(bytes, 0, length);

                assertThat(CredentialCodec.crc(bytes, length)).as("length %d", length).isEqualTo(crc.getValue());
            }
        }

        @Test
        void newLookupIdWhenGeneratedThenTwelveBase62Characters() {
            for (int i = 0; i < 1_000; i++) {
                assertThat(codec.newLookupId()).matches("[0-9A-Za-z]{" + CredentialCodec.LOOKUP_ID_LENGTH + "}");
            }
        }

        @Test
        void issueWithNewLookupIdWhenManyGeneratedThenDistinctWellFormedWithDistinctLookupIdsReadBack() {
            Set<String> lookupIds = new HashSet<>();
            Set<Character> seen = new HashSet<>();
            for (int i = 0; i < 10_000; i++) {
                String token = codec.issueWithNewLookupId(CredentialKind.BEARER_TOKEN);

                ParsedCredential parsed = codec.parse(token);
                assertThat(parsed).as(token).isNotNull();
                assertThat(parsed.kind()).isEqualTo(CredentialKind.BEARER_TOKEN);
                assertThat(codec.lookupIdOf(CredentialKind.BEARER_TOKEN, token)).isEqualTo(parsed.lookupId());
                assertThat(lookupIds.add(parsed.lookupId())).as("distinct lookup id").isTrue();
                token.substring(5, 5 + CredentialCodec.LOOKUP_ID_LENGTH + 26).chars().forEach(c -> seen.add((char) c));
            }
            // Every base62 character appears in the lookup ids and secrets drawn together.
            assertThat(seen).hasSize(62);
        }

        @Test
        void issueWhenEveryBase62CharacterPossibleThenAllAppearInSecrets() {
            Set<Character> seen = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                String credential = codec.issue(CredentialKind.ACCESS_KEY, codec.newLookupId());
                credential.substring(17, 43).chars().forEach(c -> seen.add((char) c));
            }
            assertThat(seen).hasSize(62);
        }

        @Test
        void issueWhenSameSeedThenSameCredentials() throws NoSuchAlgorithmException {
            CredentialCodec first = new CredentialCodec(CredentialPrefixes.DEFAULTS, seeded(42));
            CredentialCodec second = new CredentialCodec(CredentialPrefixes.DEFAULTS, seeded(42));

            for (int i = 0; i < 100; i++) {
                String lookupId = first.newLookupId();
                assertThat(second.newLookupId()).isEqualTo(lookupId);
                assertThat(second.issue(CredentialKind.BEARER_TOKEN, lookupId))
                        .isEqualTo(first.issue(CredentialKind.BEARER_TOKEN, lookupId));
            }
        }

        @Test
        void issueWhenManyIssuedThenEachDrawsFromTheSourceWhenItIsMadeWithNothingDrawnAhead() {
            // Nothing drawn for a later credential is held in memory, where a snapshot of the process (a cloned
            // virtual machine, a restored checkpoint) would hand the same bytes out in every copy. A source whose
            // six-bit groups are all base62 digits needs no second draw: one call per credential, its digits in
            // order, six bits each.
            int[] calls = new int[1];
            SecureRandom counting = new SecureRandom() {
                private int next;

                @Override
                public void nextBytes(byte[] bytes) {
                    calls[0]++;
                    long bits = 0;
                    int held = 0;
                    for (int at = 0; at < bytes.length; ) {
                        bits = bits << 6 | next++ % 62;
                        held += 6;
                        while (held >= 8 && at < bytes.length) {
                            held -= 8;
                            bytes[at++] = (byte) (bits >>> held);
                        }
                    }
                }
            };
            CredentialCodec drawing = new CredentialCodec(CredentialPrefixes.DEFAULTS, counting);
            for (int i = 1; i <= 200; i++) {
                String token = drawing.issueWithNewLookupId(CredentialKind.BEARER_TOKEN);

                assertThat(calls[0]).as("calls to the source after %d credentials", i).isEqualTo(i);
                String digits = token.substring(5, 5 + CredentialCodec.LOOKUP_ID_LENGTH + CredentialCodec.SECRET_LENGTH);
                for (int d = 1; d < digits.length(); d++) {
                    assertThat(BASE62.indexOf(digits.charAt(d))).as("digit %d of %s", d, token)
                            .isEqualTo((BASE62.indexOf(digits.charAt(d - 1)) + 1) % 62);
                }
            }
        }

        @Test
        void issueWhenOneDrawHoldsTooFewDigitsThenTheNextAloneMakesThem() {
            // First a draw of nothing but 62s and 63s, then one of ones: the credential is the second draw's.
            int[] calls = new int[1];
            SecureRandom rejectedThenOnes = new SecureRandom() {
                @Override
                public void nextBytes(byte[] bytes) {
                    java.util.Arrays.fill(bytes, calls[0]++ == 0 ? (byte) 0xFF : (byte) 0x04);
                }
            };
            String token = new CredentialCodec(CredentialPrefixes.DEFAULTS, rejectedThenOnes)
                    .issueWithNewLookupId(CredentialKind.BEARER_TOKEN);

            assertThat(calls[0]).isEqualTo(2);
            // 0x04 0x04 0x04 is 000001 000000 010000 000100 in six-bit groups: 1, 0, 16, 4, again and again.
            assertThat(token.substring(5, 17)).isEqualTo("10G410G410G4");
        }

        @Test
        void issueWhenManyIssuedThenEachDigitAndEachPairOfNeighboursEquallyLikely() throws NoSuchAlgorithmException {
            // Chi-squared over 20,000 bearer tokens from a seeded source (so the outcome is fixed): 760,000 digits
            // over 62 values, 740,000 pairs of neighbours over 3,844. Bounds at about six standard deviations above
            // the degrees of freedom: reused or misread bits, or a modulo in place of rejection, exceed them.
            CredentialCodec seededCodec = new CredentialCodec(CredentialPrefixes.DEFAULTS, seeded(7));
            long[] single = new long[62];
            long[] pairs = new long[62 * 62];
            int tokens = 20_000;
            int length = CredentialCodec.LOOKUP_ID_LENGTH + CredentialCodec.SECRET_LENGTH;
            for (int i = 0; i < tokens; i++) {
                String digits = seededCodec.issueWithNewLookupId(CredentialKind.BEARER_TOKEN).substring(5, 5 + length);
                for (int d = 0; d < length; d++) {
                    int value = BASE62.indexOf(digits.charAt(d));
                    single[value]++;
                    if (d > 0) {
                        pairs[BASE62.indexOf(digits.charAt(d - 1)) * 62 + value]++;
                    }
                }
            }

            assertThat(chiSquared(single)).isLessThan(61 + 6 * Math.sqrt(2 * 61));
            assertThat(chiSquared(pairs)).isLessThan(3843 + 6 * Math.sqrt(2 * 3843));
        }

        private static double chiSquared(long[] counts) {
            double expected = (double) java.util.Arrays.stream(counts).sum() / counts.length;
            return java.util.Arrays.stream(counts).mapToDouble(c -> (c - expected) * (c - expected) / expected).sum();
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"abcdefghijk", "abcdefghijklm", "abcdefghijk_", "abcdefghijk-", "abcdefghijk\u00e9",
                "abcdefghij\ud83d\ude00"})
        void issueWhenLookupIdMalformedThenRejected(String lookupId) {
            assertThatThrownBy(() -> codec.issue(CredentialKind.ACCESS_KEY, lookupId))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Lookup id");
        }

        @Test
        void issueWhenKindNullThenRejected() {
            assertThatThrownBy(() -> codec.issue(null, codec.newLookupId()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("kind");
        }

        @Test
        void prefixWhenAskedThenConfiguredOne() {
            assertThat(codec.prefix(CredentialKind.ACCESS_KEY)).isEqualTo("kwak_");
            assertThat(codec.prefix(CredentialKind.CLIENT_SECRET)).isEqualTo("kwcs_");
            assertThat(codec.prefix(CredentialKind.BEARER_TOKEN)).isEqualTo("kwat_");
        }

        @Test
        void issueWhenCustomPrefixesThenUsedAndParsedBack() {
            CredentialCodec custom = new CredentialCodec(
                    new CredentialPrefixes("acme0123456_", "acid_", "ac_", "acmetok_"), new SecureRandom());

            String credential = custom.issue(CredentialKind.ACCESS_KEY, custom.newLookupId());

            assertThat(credential).startsWith("acme0123456_").hasSize(CredentialCodec.MAX_LENGTH - 8);
            assertThat(custom.parse(credential).kind()).isEqualTo(CredentialKind.ACCESS_KEY);
            assertThat(custom.parse(custom.issue(CredentialKind.CLIENT_SECRET, custom.newLookupId())).kind())
                    .isEqualTo(CredentialKind.CLIENT_SECRET);
            assertThat(codec.parse(credential)).isNull();
        }
    }

    @Nested
    class Parse {

        @ParameterizedTest
        @EnumSource(CredentialKind.class)
        void parseWhenOneCharacterChangedThenRejected(CredentialKind kind) {
            for (int sample = 0; sample < 5; sample++) {
                String credential = codec.issue(kind, codec.newLookupId());
                for (int position = 0; position < credential.length(); position++) {
                    for (char replacement : ALPHABET.toCharArray()) {
                        if (replacement == credential.charAt(position)) {
                            continue;
                        }
                        String changed = credential.substring(0, position) + replacement
                                + credential.substring(position + 1);
                        assertThat(codec.parse(changed)).as("%s changed at %d", credential, position).isNull();
                    }
                }
            }
        }

        @Test
        void parseWhenTwoAdjacentCharactersSwappedThenRejected() {
            String credential = codec.issue(CredentialKind.ACCESS_KEY, codec.newLookupId());
            for (int i = 0; i + 1 < credential.length(); i++) {
                if (credential.charAt(i) != credential.charAt(i + 1)) {
                    String swapped = credential.substring(0, i) + credential.charAt(i + 1) + credential.charAt(i)
                            + credential.substring(i + 2);
                    assertThat(codec.parse(swapped)).isNull();
                }
            }
        }

        @Test
        void parseWhenLengthWrongThenRejected() {
            String credential = codec.issue(CredentialKind.ACCESS_KEY, codec.newLookupId());

            assertThat(codec.parse(credential.substring(0, credential.length() - 1))).isNull();
            assertThat(codec.parse(credential + "A")).isNull();
            assertThat(codec.parse(credential.substring(1))).isNull();
            assertThat(codec.parse("kwak_")).isNull();
        }

        @Test
        void parseWhenPrefixUnknownThenRejected() {
            String credential = codec.issue(CredentialKind.ACCESS_KEY, codec.newLookupId());
            CredentialCodec other = new CredentialCodec(
                    new CredentialPrefixes("xxak_", "xxci_", "xxcs_", "xxat_"), new SecureRandom());

            assertThat(other.parse(credential)).isNull();
            assertThat(codec.parse("ghp_" + credential.substring(5) + "0")).isNull();
        }

        @Test
        void parseWhenTrailingOrLeadingSpaceThenRejected() {
            String credential = codec.issue(CredentialKind.CLIENT_SECRET, codec.newLookupId());

            assertThat(codec.parse(credential + " ")).isNull();
            assertThat(codec.parse(" " + credential)).isNull();
        }

        @Test
        void parseWhenNonAsciiCharacterThenRejected() {
            String credential = codec.issue(CredentialKind.BEARER_TOKEN, codec.newLookupId());

            assertThat(codec.parse(credential.substring(0, 20) + "\u00e9" + credential.substring(21))).isNull();
            assertThat(codec.parse(credential.substring(0, 20) + "\uff21" + credential.substring(21))).isNull();
            // The same character with a high byte added: a parser that kept only the low byte would accept it.
            assertThat(codec.parse(credential.substring(0, 20) + (char) (0x100 + credential.charAt(20))
                    + credential.substring(21))).isNull();
            assertThat(CredentialCodec.looksLikeCredential(credential.substring(0, 20)
                    + (char) (0x100 + credential.charAt(20)) + credential.substring(21))).isFalse();
            assertThat(codec.parse(credential.substring(0, 20) + "\ud83d\ude00" + credential.substring(22))).isNull();
        }

        @Test
        void parseWhenHugeValueThenRejected() {
            String credential = codec.issue(CredentialKind.ACCESS_KEY, codec.newLookupId());

            assertThat(codec.parse("A".repeat(100_000))).isNull();
            assertThat(codec.parse(credential + "A".repeat(100_000))).isNull();
            assertThat(codec.parse("\u00e9".repeat(100_000))).isNull();
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {" ", "_", "kwak", "kwak_0", "\u0000"})
        void parseWhenNullEmptyOrTinyThenRejected(String value) {
            assertThat(codec.parse(value)).isNull();
        }

        @Test
        void parseWhenCharSequenceNotStringThenAccepted() {
            String credential = codec.issue(CredentialKind.ACCESS_KEY, codec.newLookupId());

            assertThat(codec.parse(new StringBuilder(credential)).value()).isEqualTo(credential);
        }
    }

    @Nested
    class Display {

        @Test
        void hintWhenCredentialThenPrefixEllipsisAndLastFour() {
            String credential = codec.issue(CredentialKind.ACCESS_KEY, codec.newLookupId());

            assertThat(CredentialCodec.hint(credential))
                    .isEqualTo("kwak_\u2026" + credential.substring(credential.length() - 4))
                    .hasSize(10);
            assertThat(CredentialCodec.hint("kwak_abcdefx9Q2")).isEqualTo("kwak_\u2026x9Q2");
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"noprefixatall", "_abcdef", "kwak_abc"})
        void hintWhenNotCredentialThenRejectedWithoutEchoingValue(String value) {
            assertThatThrownBy(() -> CredentialCodec.hint(value))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Not a credential")
                    .satisfies(e -> {
                        if (value != null && !value.isEmpty()) {
                            assertThat(e.getMessage()).doesNotContain(value);
                        }
                    });
        }

        @ParameterizedTest
        @EnumSource(CredentialKind.class)
        void toStringWhenParsedThenHidesValue(CredentialKind kind) {
            String lookupId = codec.newLookupId();
            String credential = codec.issue(kind, lookupId);
            ParsedCredential parsed = codec.parse(credential);

            assertThat(parsed.toString())
                    .doesNotContain(credential)
                    .doesNotContain(credential.substring(codec.prefix(kind).length() + 12, credential.length() - 4))
                    .contains(kind.name(), lookupId, parsed.hint());
        }

        @Test
        void toStringWhenValueMalformedThenStillHidesIt() {
            ParsedCredential odd = new ParsedCredential(CredentialKind.ACCESS_KEY, "id", "secret");

            assertThat(odd.toString()).doesNotContain("secret").contains("ACCESS_KEY", "id");
        }
    }

    @Nested
    class Configuration {

        @Test
        void constructorWhenArgumentNullThenRejectedNamingIt() {
            assertThatThrownBy(() -> new CredentialCodec(null, new SecureRandom()))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("prefixes");
            assertThatThrownBy(() -> new CredentialCodec(CredentialPrefixes.DEFAULTS, null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("random");
        }

        @Test
        void clientIdWhenOfTheSecretsLookupIdThenRecognisedElseNot() {
            String lookupId = codec.newLookupId();
            ParsedCredential secret = codec.parse(codec.issue(CredentialKind.CLIENT_SECRET, lookupId));
            ParsedCredential accessKey = codec.parse(codec.issue(CredentialKind.ACCESS_KEY, lookupId));

            assertThat(codec.clientId(lookupId)).isEqualTo("kwci_" + lookupId);
            assertThat(codec.isClientIdOf("kwci_" + lookupId, secret)).isTrue();
            assertThat(codec.isClientIdOf("kwci_" + codec.newLookupId(), secret)).isFalse();
            assertThat(codec.isClientIdOf("kwak_" + lookupId, secret)).isFalse();
            assertThat(codec.isClientIdOf("kwci_x" + lookupId, secret)).isFalse();
            assertThat(codec.isClientIdOf("kwci_" + lookupId, accessKey)).isFalse();
        }

        @Test
        void prefixWhenConfiguredThenEachKindHasItsOwn() {
            assertThat(codec.prefix(CredentialKind.ACCESS_KEY)).isEqualTo("kwak_");
            assertThat(codec.prefix(CredentialKind.CLIENT_SECRET)).isEqualTo("kwcs_");
            assertThat(codec.prefix(CredentialKind.BEARER_TOKEN)).isEqualTo("kwat_");
        }
    }

    private static SecureRandom seeded(long seed) throws NoSuchAlgorithmException {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        // Seeding before first use replaces, rather than supplements, SHA1PRNG's seed.
        random.setSeed(seed);
        return random;
    }
}
