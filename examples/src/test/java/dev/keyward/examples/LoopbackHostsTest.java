package dev.keyward.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The names the admin plane and console answer at, whatever address a request arrived on: a rebound page
 * names its owner's DNS name, in {@code Host} or in {@code Origin}. The demos' own tests send the same over
 * real connections; here the address a request arrived on is any one, as behind a container's published
 * port, where the demo sees the container's own address.
 */
class LoopbackHostsTest {

    private static final String ADMIN = "/admin/orgs/acme/connections";
    private final LoopbackHosts hosts = new LoopbackHosts(List.of("Keyward.Internal"));

    private static InetAddress address(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    private void refused(String host, String origin, InetAddress local) {
        for (String path : List.of(ADMIN, "/admin", "/", "/console.js")) {
            assertThatThrownBy(() -> hosts.check(path, host, origin, local)).as("%s %s %s %s", path, host, origin, local)
                    .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(421));
        }
        assertThatCode(() -> hosts.check("/v1/ping", host, origin, local)).as("the API is for machines")
                .doesNotThrowAnyException();
    }

    private void answered(String host, String origin, InetAddress local) {
        assertThatCode(() -> hosts.check(ADMIN, host, origin, local)).as("%s %s %s", host, origin, local)
                .doesNotThrowAnyException();
    }

    @Test
    @DisplayName("over loopback: loopback names and the allowed ones; any other name or address is refused")
    void overLoopback() throws Exception {
        for (InetAddress local : List.of(address("127.0.0.1"), address("::1"))) {
            for (String host : List.of("rebound.example:8080", "localhost.rebound.example", "10.0.0.5:8080", "[fe80::1]",
                    "", "localhost:80x")) {
                refused(host, null, local);
            }
            refused(null, null, local);
            for (String host : List.of("localhost:8080", "LOCALHOST", "127.0.0.2", "[::1]:8080", "keyward.internal:443")) {
                answered(host, null, local);
            }
        }
    }

    @Test
    @DisplayName("on another address (a container's, behind a port published on the host's loopback): addresses too,"
            + " never another name")
    void onAnotherAddress() throws Exception {
        for (InetAddress local : List.of(address("172.17.0.2"), address("192.168.1.20"), address("fd00::2"))) {
            for (String host : List.of("rebound.example:8080", "127.0.0.1.rebound.example", "devbox", "")) {
                refused(host, null, local);
            }
            for (String host : List.of("localhost:8080", "127.0.0.1:8080", "172.17.0.2:8080", "10.0.0.5", "[fd00::2]:8080",
                    "keyward.internal")) {
                answered(host, null, local);
            }
        }
    }

    @Test
    @DisplayName("a page at another origin is refused even when a proxy on the machine rewrote Host to the demo's address")
    void originOfTheSendingPage() throws Exception {
        InetAddress loopback = address("127.0.0.1");
        for (String origin : List.of("http://rebound.example:8080", "https://rebound.example", "http://localhost.evil",
                "rebound.example", "http://localhost:8080/path", "http://", "null")) {
            refused("127.0.0.1:8080", origin, loopback);
        }
        refused("172.17.0.2:8080", "http://rebound.example:8080", address("172.17.0.2"));
        for (String origin : List.of("http://localhost:8080", "http://127.0.0.1:8080", "http://[::1]:8080",
                "https://keyward.internal", "HTTP://LOCALHOST", "http://[0:0:0:0:0:0:0:1]")) {
            answered("localhost:8080", origin, loopback);
        }
        answered("172.17.0.2:8080", "http://172.17.0.2:8080", address("172.17.0.2"));
    }
}
