package dev.keyward.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keyward.ClientAddress;
import dev.keyward.RequestHeaders;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** How the client's address is derived from the container's remote address, in each form containers give it. */
class ClientAddressesTest {

    static final ClientAddresses DIRECT = ClientAddresses.direct();

    /** A request with only a remote address and these headers: all that the address derivation reads. */
    static HttpServletRequest request(String remoteAddr, String... headers) {
        RequestHeaders given = RequestHeaders.of(headers);
        return (HttpServletRequest) Proxy.newProxyInstance(ClientAddressesTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr" -> remoteAddr;
                    case "getHeader" -> given.values((String) args[0]).stream().findFirst().orElse(null);
                    case "getHeaders" -> Collections.enumeration(given.values((String) args[0]));
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    @DisplayName("an IPv6 peer in brackets, as Jetty 12 gives it, is that address")
    void bracketedIpv6PeerThenItsAddress() throws Exception {
        HttpServletRequest request = request("[2001:db8::5]");

        assertThat(DIRECT.clientAddress(request)).isEqualTo(ClientAddress.parse("2001:db8::5"));
        assertThat(DIRECT.resolve(request)).isEqualTo(InetAddress.getByName("2001:db8::5"));
    }

    @Test
    void bareIpv6AndIpv4PeersThenTheirAddresses() {
        assertThat(DIRECT.clientAddress(request("2001:db8::5"))).isEqualTo(ClientAddress.parse("2001:db8::5"));
        assertThat(DIRECT.clientAddress(request("0:0:0:0:0:0:0:1"))).isEqualTo(ClientAddress.parse("::1"));
        assertThat(DIRECT.clientAddress(request("192.0.2.10"))).isEqualTo(ClientAddress.parse("192.0.2.10"));
    }

    @Test
    @DisplayName("a trusted proxy given in brackets is recognised, and the forwarded client found")
    void bracketedIpv6TrustedProxyThenTheForwardedClient() {
        ClientAddresses proxied = ClientAddresses.trustingProxies(List.of("2001:db8::/64"));

        assertThat(proxied.clientAddress(request("[2001:db8::5]", "X-Forwarded-For", "203.0.113.7")))
                .isEqualTo(ClientAddress.parse("203.0.113.7"));
    }

    @Test
    @DisplayName("a peer with a zone id names no address an allowlist can hold: the client is unknown")
    void zoneIdThenUnknown() {
        ClientAddresses linkLocalProxy = ClientAddresses.trustingProxies(List.of("fe80::/10"));

        for (String peer : List.of("[fe80::1%eth0]", "fe80::1%eth0", "fe80:0:0:0:0:0:0:1%2", "[fe80::1%25eth0]")) {
            assertThat(DIRECT.clientAddress(request(peer))).as(peer).isNull();
            assertThat(linkLocalProxy.clientAddress(request(peer, "X-Forwarded-For", "203.0.113.7"))).as(peer).isNull();
        }
    }

    @Test
    void malformedBracketsOrNoAddressThenUnknown() {
        for (String peer : List.of("[", "[]", "[2001:db8::5", "2001:db8::5]", "[[2001:db8::5]]", "[192.0.2.10]x", "")) {
            assertThat(DIRECT.clientAddress(request(peer))).as(peer).isNull();
        }
        assertThat(DIRECT.clientAddress(request(null))).isNull();
        assertThat(DIRECT.resolve(request(null))).isNull();
    }

    /** A wrapper as Spring's {@code ForwardedHeaderFilter} makes one: the forwarded address, the header gone. */
    static HttpServletRequest forwardedHeaderFilter(HttpServletRequest request) {
        return new HttpServletRequestWrapper(new HttpServletRequestWrapper(request) {
        }) {
            @Override
            public String getRemoteAddr() {
                return "10.1.2.3";
            }

            @Override
            public String getHeader(String name) {
                return null;
            }

            @Override
            public java.util.Enumeration<String> getHeaders(String name) {
                return Collections.emptyEnumeration();
            }
        };
    }

    @Test
    @DisplayName("a request wrapper's remote address is not the client's: the container's own request is read")
    void wrappedRequestThenTheContainersRemoteAddress() {
        assertThat(DIRECT.clientAddress(forwardedHeaderFilter(request("192.0.2.10", "X-Forwarded-For", "10.1.2.3"))))
                .isEqualTo(ClientAddress.parse("192.0.2.10"));
    }

    @Test
    @DisplayName("behind a trusted proxy, the forwarding header is read where the proxy wrote it, beneath any wrapper")
    void wrappedRequestFromATrustedProxyThenTheForwardedClient() {
        ClientAddresses proxied = ClientAddresses.trustingProxies(List.of("192.0.2.10"));

        assertThat(proxied.clientAddress(forwardedHeaderFilter(request("192.0.2.10", "X-Forwarded-For", "203.0.113.7"))))
                .isEqualTo(ClientAddress.parse("203.0.113.7"));
    }

    /** A wrapper that gives the container's own remote address, as Spring Security's do. */
    static HttpServletRequest passingThrough(HttpServletRequest request) {
        return new HttpServletRequestWrapper(request) {
        };
    }

    @Test
    @DisplayName("a wrapper giving another remote address is warned of once per instance, naming both addresses")
    void wrapperWithAnotherRemoteAddressThenWarnedOnce() {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(ClientAddresses.class);
        logged.start();
        logger.addAppender(logged);
        try {
            ClientAddresses addresses = ClientAddresses.direct();
            addresses.clientAddress(passingThrough(request("192.0.2.10")));
            addresses.clientAddress(request("192.0.2.10"));
            assertThat(logged.list).as("nothing rewritten, nothing said").isEmpty();

            for (int i = 0; i < 3; i++) {
                assertThat(addresses.clientAddress(forwardedHeaderFilter(request("192.0.2.10", "X-Forwarded-For", "10.1.2.3"))))
                        .isEqualTo(ClientAddress.parse("192.0.2.10"));
            }
            ClientAddresses.direct().clientAddress(forwardedHeaderFilter(request("192.0.2.20")));

            assertThat(logged.list).as("once for each instance").hasSize(2).allSatisfy(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).contains("10.1.2.3", "trusted proxies", "container");
            });
            assertThat(logged.list.get(0).getFormattedMessage()).contains("192.0.2.10");
            assertThat(logged.list.get(1).getFormattedMessage()).contains("192.0.2.20");
        } finally {
            logger.detachAppender(logged);
        }
    }
}
