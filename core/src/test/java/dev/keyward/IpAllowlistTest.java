package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("IP allowlists")
class IpAllowlistTest {

    @Nested
    @DisplayName("ranges")
    class Ranges {

        @ParameterizedTest(name = "{0} is {1}")
        @CsvSource(delimiter = '|', value = {
            "10.0.0.0/8            | 10.0.0.0/8",
            "0.0.0.0/0             | 0.0.0.0/0",
            "203.0.113.7/32        | 203.0.113.7/32",
            "203.0.113.7           | 203.0.113.7/32",
            "'  192.0.2.0/24\t'    | 192.0.2.0/24",
            "255.255.255.255/32    | 255.255.255.255/32",
            "2001:DB8::/32         | 2001:db8::/32",
            "2001:0db8:0000:0000:0000:0000:0000:0001/128 | 2001:db8::1/128",
            "2001:db8:0:0:1:0:0:1  | 2001:db8::1:0:0:1/128",
            "2001:db8::1           | 2001:db8::1/128",
            "::/0                  | ::/0",
            "::1                   | ::1/128",
            "::                    | ::/128",
            "fe80::/10             | fe80::/10",
            "1::                   | 1::/128",
            "1:2:3:4:5:6:7:8       | 1:2:3:4:5:6:7:8/128",
            "1:0:0:2::             | 1:0:0:2::/128",
            "::ffff:1.2.3.4        | 1.2.3.4/32",
            "::ffff:1.2.3.4/128    | 1.2.3.4/32",
            "::ffff:10.0.0.0/104   | 10.0.0.0/8",
            "::ffff:0:0/96         | 0.0.0.0/0",
            "64:ff9b::192.0.2.33   | 64:ff9b::c000:221/128",
        })
        @DisplayName("valid forms parse to their canonical text")
        void validFormsAreCanonical(String written, String canonical) {
            CidrRange range = CidrRange.parse(written);

            assertThat(range).hasToString(canonical);
            assertThat(CidrRange.parse(canonical)).isEqualTo(range);
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"banana", "", "   ", "1.2.3", "1.2.3.4.5", "256.0.0.0", "1.2.3.-4", "01.2.3.4",
            "10.0.0.010", "0x0a.0.0.1", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/08", "10.0.0.0/",
            "/8", "10.0.0.0/8/8", "10.0.0.0 /8", "10.0.0.0/ 8", "10 .0.0.0", "::ffff:1.2.3.4/129", "2001:db8::/129",
            ":::", "1:::2", "1::2::3", ":1::", "1::2:", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::",
            "g::", "::1%eth0", "[::1]", "[::1]/128", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "1.2.3.4::",
            "localhost", "example.com", "10.0.0.0/8,10.1.0.0/16", "１.２.３.４", "10.0.0.0/٨"})
        @DisplayName("invalid forms are refused as INVALID_INPUT")
        void invalidFormsAreRefused(String written) {
            assertThatThrownBy(() -> CidrRange.parse(written)).isInstanceOf(KeywardException.class)
                    .extracting(e -> ((KeywardException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT);
        }

        @Test
        @DisplayName("an address with bits set past its prefix is refused, naming the network and the single address")
        void hostBitsAreRefused() {
            assertThatThrownBy(() -> CidrRange.parse("10.0.0.1/24")).isInstanceOf(KeywardException.class)
                    .hasMessageContaining("10.0.0.0/24").hasMessageContaining("10.0.0.1/32");
            assertThatThrownBy(() -> CidrRange.parse("2001:db8::1/32")).isInstanceOf(KeywardException.class)
                    .hasMessageContaining("2001:db8::/32").hasMessageContaining("2001:db8::1/128");
        }

        @Test
        @DisplayName("a host name is refused without being looked up, and the refusal does not repeat the text")
        void hostNamesAreNeverResolvedNorEchoed() {
            String pasted = "kwak_SECRETSECRETSECRETSECRETSECRET.example.invalid";
            long before = System.nanoTime();

            assertThatThrownBy(() -> CidrRange.parse(pasted)).isInstanceOf(KeywardException.class)
                    .extracting(Throwable::getMessage).asString().doesNotContain("SECRET").doesNotContain("kwak");
            assertThatThrownBy(() -> ClientAddress.parse(pasted)).isInstanceOf(IllegalArgumentException.class)
                    .extracting(Throwable::getMessage).asString().doesNotContain("SECRET");
            // A lookup of an .invalid name would take a round trip to a resolver or fail slowly; parsing takes microseconds.
            assertThat(System.nanoTime() - before).isLessThan(2_000_000_000L);
        }

        @ParameterizedTest(name = "{0} in {1}: {2}")
        @CsvSource(delimiter = '|', value = {
            "10.1.2.3            | 10.0.0.0/8          | true",
            "11.0.0.0            | 10.0.0.0/8          | false",
            "9.255.255.255       | 10.0.0.0/8          | false",
            "::ffff:10.1.2.3     | 10.0.0.0/8          | true",
            "::ffff:a01:203      | 10.0.0.0/8          | true",
            "203.0.113.7         | 203.0.113.7/32      | true",
            "203.0.113.8         | 203.0.113.7/32      | false",
            "1.2.3.4             | 0.0.0.0/0           | true",
            "2001:db8::1         | 0.0.0.0/0           | false",
            "1.2.3.4             | ::/0                | true",
            "2001:db8::1         | ::/0                | true",
            "2001:db8:ffff::1    | 2001:db8::/32       | true",
            "2001:db9::          | 2001:db8::/32       | false",
            "2001:db8::1         | 2001:db8::1/128     | true",
            "2001:db8::2         | 2001:db8::1/128     | false",
            "::1                 | 127.0.0.0/8         | false",
            "127.0.0.1           | ::1/128             | false",
            "2001:db8::8000:0:0:1 | 2001:db8::/65      | false",
            "2001:db8::7fff:0:0:1 | 2001:db8::/65      | true",
        })
        @DisplayName("membership, IPv4-mapped IPv6 addresses inside IPv4 ranges")
        void membership(String address, String range, boolean inside) {
            assertThat(CidrRange.parse(range).contains(ClientAddress.parse(address))).isEqualTo(inside);
            assertThat(IpAllowlist.parse(List.of(range)).permits(ClientAddress.parse(address))).isEqualTo(inside);
        }
    }

    @Nested
    @DisplayName("addresses")
    class Addresses {

        @ParameterizedTest(name = "{0} is {1}")
        @CsvSource(delimiter = '|', value = {
            "127.0.0.1 | 127.0.0.1", "::ffff:127.0.0.1 | 127.0.0.1", "0:0:0:0:0:ffff:7f00:1 | 127.0.0.1",
            "::1 | ::1", "2001:DB8:0:0:0:0:0:1 | 2001:db8::1", "2001:db8:0:1:0:0:0:1 | 2001:db8:0:1::1",
            "2001:0:0:1:0:0:0:1 | 2001:0:0:1::1"})
        @DisplayName("literals parse to canonical text (RFC 5952), IPv4-mapped IPv6 as IPv4")
        void literalsAreCanonical(String literal, String canonical) {
            assertThat(ClientAddress.parse(literal)).hasToString(canonical);
        }

        @Test
        @DisplayName("an InetAddress from a socket gives the same address as its literal")
        void inetAddressesMatchLiterals() throws Exception {
            assertThat(ClientAddress.of(java.net.InetAddress.getByAddress(new byte[] {10, 1, 2, (byte) 200})))
                    .isEqualTo(ClientAddress.parse("10.1.2.200"));
            byte[] v6 = new byte[16];
            v6[0] = 0x20;
            v6[1] = 0x01;
            v6[15] = 1;
            assertThat(ClientAddress.of(java.net.InetAddress.getByAddress(v6))).isEqualTo(ClientAddress.parse("2001::1"));
            assertThat(ClientAddress.of(null)).isNull();
        }

        @Test
        @DisplayName("an IPv6 address from a socket with a zone (fe80::1%7) is unknown: on another link it is another peer")
        void aZonedAddressIsUnknown() throws Exception {
            byte[] linkLocal = java.net.InetAddress.getByName("fe80::1").getAddress();

            assertThat(ClientAddress.of(java.net.Inet6Address.getByAddress(null, linkLocal, 7))).isNull();
            assertThat(ClientAddress.of(java.net.InetAddress.getByAddress(linkLocal)))
                    .isEqualTo(ClientAddress.parse("fe80::1"));
        }

        @Test
        @DisplayName("random IPv6 addresses, zero runs included, round-trip through the JDK's full form and our canonical form")
        void randomAddressesRoundTrip() throws Exception {
            java.util.Random random = new java.util.Random(42);
            for (int n = 0; n < 5000; n++) {
                byte[] bytes = new byte[16];
                random.nextBytes(bytes);
                // Zero out a random run of groups, so :: appears in every position and length.
                int from = random.nextInt(8);
                int length = random.nextInt(9 - from);
                java.util.Arrays.fill(bytes, 2 * from, 2 * (from + length), (byte) 0);
                java.net.InetAddress jdk = java.net.InetAddress.getByAddress(bytes);
                ClientAddress expected = ClientAddress.of(jdk);

                assertThat(ClientAddress.parse(jdk.getHostAddress())).isEqualTo(expected);
                assertThat(ClientAddress.parse(expected.toString())).isEqualTo(expected);
                assertThat(expected.toInetAddress().getAddress()).isEqualTo(expected.isIpv4()
                        ? java.util.Arrays.copyOfRange(bytes, 12, 16) : bytes);
            }
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"banana", "1.2.3", "010.0.0.1", "10.0.0.1/32", "[::1]", "::1%1", "1.2.3.4:80", " 1.2.3.4"})
        @DisplayName("anything but a bare literal is not an address")
        void nonLiteralsAreRefused(String text) {
            assertThat(ClientAddress.parseOrNull(text)).isNull();
            assertThatThrownBy(() -> ClientAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("lists")
    class Lists {

        @Test
        @DisplayName("the empty list admits any address, an unknown one too; another admits no unknown address")
        void emptyListAdmitsAnything() {
            assertThat(IpAllowlist.parse(List.of())).isSameAs(IpAllowlist.any());
            assertThat(IpAllowlist.any().permits(null)).isTrue();
            assertThat(IpAllowlist.any().permits(ClientAddress.parse("2001:db8::1"))).isTrue();
            assertThat(IpAllowlist.parse(List.of("0.0.0.0/0", "::/0")).permits(null)).isFalse();
        }

        @Test
        @DisplayName("a list is canonical: IPv4 first, sorted, duplicates and equal spellings removed")
        void listsAreCanonical() {
            IpAllowlist list = IpAllowlist.parse(List.of("2001:db8::/32", "10.0.0.0/8", " 10.0.0.0/8",
                    "::ffff:10.0.0.0/104", "192.0.2.1", "10.0.0.0/16"));

            assertThat(list.toStrings()).containsExactly("10.0.0.0/8", "10.0.0.0/16", "192.0.2.1/32", "2001:db8::/32");
            assertThat(IpAllowlist.parse(list.toStrings())).isEqualTo(list);
        }

        @Test
        @DisplayName("an address inside any one range is admitted")
        void anyRangeAdmits() {
            IpAllowlist list = IpAllowlist.parse(List.of("10.0.0.0/8", "2001:db8::/32"));

            assertThat(list.permits(ClientAddress.parse("10.9.9.9"))).isTrue();
            assertThat(list.permits(ClientAddress.parse("2001:db8::5"))).isTrue();
            assertThat(list.permits(ClientAddress.parse("192.0.2.1"))).isFalse();
        }

        @Test
        @DisplayName("the maximum number of ranges is accepted, one more is refused")
        void maximumRanges() {
            List<String> ranges = new ArrayList<>();
            for (int i = 0; i < IpAllowlist.MAXIMUM_RANGES; i++) {
                ranges.add("10.0." + i + ".0/24");
            }
            assertThat(IpAllowlist.parse(ranges).ranges()).hasSize(IpAllowlist.MAXIMUM_RANGES);

            ranges.add("10.1.0.0/24");
            assertThatThrownBy(() -> IpAllowlist.parse(ranges)).isInstanceOf(KeywardException.class)
                    .hasMessageContaining("at most " + IpAllowlist.MAXIMUM_RANGES);
        }

        @Test
        @DisplayName("a bad entry is named by position, never by its text; null entries and lists are refused")
        void badEntriesAreNamedByPosition() {
            assertThatThrownBy(() -> IpAllowlist.parse(List.of("10.0.0.0/8", "kwak_pastedSecretValue")))
                    .isInstanceOf(KeywardException.class).hasMessageStartingWith("allowed IP range 2:")
                    .extracting(Throwable::getMessage).asString().doesNotContain("pasted");
            assertThatThrownBy(() -> IpAllowlist.parse(Arrays.asList("10.0.0.0/8", null)))
                    .isInstanceOf(KeywardException.class).hasMessageStartingWith("allowed IP range 2:");
            assertThatThrownBy(() -> IpAllowlist.parse(null)).isInstanceOf(KeywardException.class);
            assertThatThrownBy(() -> CidrRange.parse("x".repeat(10_000))).isInstanceOf(KeywardException.class)
                    .extracting(Throwable::getMessage).asString().hasSizeLessThan(200);
        }
    }
}
