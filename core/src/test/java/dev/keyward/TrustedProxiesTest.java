package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Trusted proxies")
class TrustedProxiesTest {

    private static final ClientAddress PROXY = ClientAddress.parse("10.0.0.2");
    private static final TrustedProxies TRUSTING = TrustedProxies.of(List.of("10.0.0.2", "10.1.0.0/16", "fd00::/8"));

    private static ClientAddress resolve(TrustedProxies proxies, ClientAddress peer, String... headers) {
        return proxies.resolve(peer, RequestHeaders.of(headers));
    }

    @Test
    @DisplayName("without trusted proxies the peer is the client, whatever the headers say")
    void noProxiesThenThePeer() {
        assertThat(resolve(TrustedProxies.none(), PROXY, "X-Forwarded-For", "203.0.113.7",
                "Forwarded", "for=203.0.113.8")).isEqualTo(PROXY);
        assertThat(TrustedProxies.of(List.of())).isSameAs(TrustedProxies.none());
    }

    @Test
    @DisplayName("a peer that is not a trusted proxy is the client, whatever the headers say")
    void untrustedPeerThenThePeer() {
        ClientAddress stranger = ClientAddress.parse("198.51.100.1");

        assertThat(resolve(TRUSTING, stranger, "X-Forwarded-For", "10.0.0.9")).isEqualTo(stranger);
    }

    @ParameterizedTest(name = "X-Forwarded-For: {0} gives {1}")
    @CsvSource(delimiter = '|', value = {
        "203.0.113.7                              | 203.0.113.7",
        "198.51.100.1, 203.0.113.7                | 203.0.113.7",
        "198.51.100.1, 203.0.113.7, 10.1.2.3      | 203.0.113.7",
        "203.0.113.7:5678, 10.0.0.2               | 203.0.113.7",
        "[2001:db8::1]:443                        | 2001:db8::1",
        "2001:db8::1                              | 2001:db8::1",
        "10.1.0.1, fd00::5                        | 10.1.0.1",
        "garbage, 203.0.113.7                     | 203.0.113.7",
    })
    @DisplayName("from a trusted proxy, the nearest hop that is not a trusted proxy")
    void nearestUntrustedHop(String header, String client) {
        assertThat(resolve(TRUSTING, PROXY, "X-Forwarded-For", header)).isEqualTo(ClientAddress.parse(client));
    }

    @Test
    @DisplayName("repeated header lines are read as one list, in order")
    void repeatedLinesAreOneList() {
        assertThat(resolve(TRUSTING, PROXY, "X-Forwarded-For", "203.0.113.7", "X-Forwarded-For", "198.51.100.1"))
                .isEqualTo(ClientAddress.parse("198.51.100.1"));
    }

    @Test
    @DisplayName("a garbled or hidden hop before any untrusted one makes the client unknown, not the proxy")
    void garbledHopThenUnknown() {
        assertThat(resolve(TRUSTING, PROXY, "X-Forwarded-For", "203.0.113.7, garbage")).isNull();
        assertThat(resolve(TRUSTING, PROXY, "X-Forwarded-For", "203.0.113.7, localhost")).isNull();
        assertThat(resolve(TRUSTING, PROXY, "X-Forwarded-For", "")).isNull();
        assertThat(resolve(TRUSTING.readingForwarded(), PROXY, "Forwarded", "for=unknown")).isNull();
        assertThat(resolve(TRUSTING.readingForwarded(), PROXY, "Forwarded", "for=_hidden")).isNull();
    }

    @Test
    @DisplayName("a request from a trusted proxy without the header, or with only proxies in it, is the nearest proxy's")
    void onlyProxiesThenTheFarthestProxy() {
        assertThat(resolve(TRUSTING, PROXY)).isEqualTo(PROXY);
        assertThat(resolve(TRUSTING, PROXY, "X-Forwarded-For", "10.1.9.9")).isEqualTo(ClientAddress.parse("10.1.9.9"));
    }

    @Test
    @DisplayName("the Forwarded header is read only when configured, and X-Forwarded-For is then ignored")
    void forwardedOnlyWhenConfigured() {
        TrustedProxies forwarded = TRUSTING.readingForwarded();
        String[] headers = {"Forwarded", "for=198.51.100.1;proto=https, for=\"[2001:db8::7]:4711\";by=10.0.0.2",
            "X-Forwarded-For", "203.0.113.66"};

        assertThat(resolve(forwarded, PROXY, headers)).isEqualTo(ClientAddress.parse("2001:db8::7"));
        assertThat(resolve(TRUSTING, PROXY, headers)).isEqualTo(ClientAddress.parse("203.0.113.66"));
        assertThat(resolve(forwarded, PROXY, "Forwarded", "For=\"203.0.113.9:80\"")).isEqualTo(
                ClientAddress.parse("203.0.113.9"));
    }

    @Test
    @DisplayName("an unknown peer stays unknown; headers that throw make the client unknown")
    void unknowns() {
        assertThat(TRUSTING.resolve(null, RequestHeaders.of("X-Forwarded-For", "203.0.113.7"))).isNull();
        assertThat(TRUSTING.resolve(PROXY, name -> {
            throw new IllegalStateException("unreadable");
        })).isNull();
    }

    @Test
    @DisplayName("a proxy that is not an address or range is refused at configuration, by position")
    void badProxiesAreRefused() {
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.1", "proxy.internal")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("trusted proxy 2:")
                .extracting(Throwable::getMessage).asString().doesNotContain("proxy.internal");
        List<String> tooMany = java.util.stream.IntStream.range(0, IpAllowlist.MAXIMUM_RANGES + 1)
                .mapToObj(i -> "10.0." + i + ".1").toList();
        assertThatThrownBy(() -> TrustedProxies.of(tooMany)).isInstanceOf(IllegalArgumentException.class);
    }
    @ParameterizedTest
    @CsvSource({"0.0.0.0/0", "::/0", "::ffff:0:0/96"})
    @DisplayName("a range of every address is refused: it would let any client name its own address")
    void everyAddressIsRefused(String range) {
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.2", range)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("trusted proxy 2:")
                .hasMessageContaining("trusts every address");
        // The narrowest ranges short of everything stay: a host may trust a half of its address space.
        assertThat(resolve(TrustedProxies.of(List.of("0.0.0.0/1")), ClientAddress.parse("10.0.0.9"),
                "X-Forwarded-For", "203.0.113.7")).isEqualTo(ClientAddress.parse("203.0.113.7"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0.0.0.0/1,128.0.0.0/1", "::ffff:0:0/97,::ffff:128.0.0.0/97",
        "128.0.0.0/1,0.0.0.0/2,64.0.0.0/2", "0.0.0.0/1,10.0.0.2,128.0.0.0/2,192.0.0.0/2"})
    @DisplayName("ranges that together hold every IPv4 address are refused, as one that holds them all is")
    void rangesTogetherHoldingEveryIpv4AddressAreRefused(String list) {
        assertThatThrownBy(() -> TrustedProxies.of(List.of(list.split(","))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("together they trust every IPv4 address");
        // With one gap, however small, the client is the nearest hop that is not a proxy.
        assertThat(resolve(TrustedProxies.of(List.of("0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3", "224.0.0.0/4",
                "240.0.0.0/5", "248.0.0.0/6", "252.0.0.0/7", "254.0.0.0/8", "255.0.0.0/9")),
                ClientAddress.parse("10.0.0.9"), "X-Forwarded-For", "255.255.255.254"))
                .isEqualTo(ClientAddress.parse("255.255.255.254"));
    }

    @ParameterizedTest
    @CsvSource({"::/80", "::/64", "::/8"})
    @DisplayName("an IPv6 range around every IPv4 address is refused: it would let any IPv4 client name its own address")
    void everyIpv4AddressIsRefused(String range) {
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.2", range)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("trusted proxy 2:")
                .hasMessageContaining("trusts every IPv4 address");
        // A range that holds IPv4 addresses but not all of them stays.
        assertThat(resolve(TrustedProxies.of(List.of("::ffff:10.0.0.0/104")), ClientAddress.parse("10.0.0.9"),
                "X-Forwarded-For", "203.0.113.7")).isEqualTo(ClientAddress.parse("203.0.113.7"));
    }
}
