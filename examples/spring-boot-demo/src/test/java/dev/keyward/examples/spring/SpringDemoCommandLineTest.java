package dev.keyward.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.keyward.examples.DemoOptions;
import dev.keyward.examples.RunningDemo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the Spring Boot demo listens is what its command line says, whatever the environment says. */
class SpringDemoCommandLineTest {

    @TempDir
    Path dataDir;

    @Test
    @DisplayName("--host wins over server.address set outside the command line: the demo stays on loopback")
    void hostFromTheCommandLineWinsOverTheEnvironment() throws Exception {
        String before = System.getProperty("server.address");
        System.setProperty("server.address", "0.0.0.0");
        try (RunningDemo demo = SpringDemo.start(new DemoOptions("127.0.0.1", 0, null, null, null, dataDir),
                Map.of())) {
            assertThat(demo.uri().getHost()).isEqualTo("127.0.0.1");
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(demo.uri().resolve("/v1/ping")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(401);
            Optional<InetAddress> network = nonLoopbackAddress();
            if (network.isPresent()) {
                try (Socket socket = new Socket()) {
                    assertThat(connects(socket, new InetSocketAddress(network.get(), demo.uri().getPort())))
                            .as("reachable on " + network.get()).isFalse();
                }
            }
        } finally {
            if (before == null) {
                System.clearProperty("server.address");
            } else {
                System.setProperty("server.address", before);
            }
        }
    }

    @Test
    @DisplayName("on an IPv6 address the demo's URI has its host in brackets and the port it listens on")
    void ipv6HostThenAUsableUri() throws Exception {
        assumeThat(bindsIpv6Loopback()).as("IPv6 loopback on this machine").isTrue();
        try (RunningDemo demo = SpringDemo.start(new DemoOptions("::1", 0, null, null, null, dataDir), Map.of())) {
            assertThat(demo.uri().getHost()).isEqualTo("[::1]");
            assertThat(demo.uri().getPort()).isPositive();
            HttpResponse<String> ping = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(demo.uri().resolve("/v1/ping")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ping.statusCode()).isEqualTo(401);
        }
    }

    private static boolean connects(Socket socket, InetSocketAddress address) {
        try {
            socket.connect(address, 2_000);
            return true;
        } catch (java.io.IOException refused) {
            return false;
        }
    }

    private static boolean bindsIpv6Loopback() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return socket.isBound();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
        return NetworkInterface.networkInterfaces().filter(i -> {
            try {
                return i.isUp() && !i.isLoopback();
            } catch (java.net.SocketException e) {
                return false;
            }
        }).flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof java.net.Inet4Address).findFirst();
    }
}
