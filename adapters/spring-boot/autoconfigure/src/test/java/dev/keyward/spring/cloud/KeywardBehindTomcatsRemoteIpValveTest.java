package dev.keyward.spring.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * With the forward-headers strategy {@code none} but Tomcat's protocol header set (to tell HTTPS behind a
 * proxy), Spring Boot installs Tomcat's {@code RemoteIpValve} all the same, and the embedded Tomcat takes the
 * client address from {@code X-Forwarded-For} sent from loopback: the starter says so at start, having found
 * that the server it runs on is Tomcat.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = CloudPlatformApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.forward-headers-strategy=none", "server.tomcat.remoteip.protocol-header=x-forwarded-proto",
                "spring.datasource.url=jdbc:h2:mem:valve;DB_CLOSE_DELAY=-1", "keyward.argon2.memory-kib=256",
                "keyward.argon2.iterations=1", "keyward.argon2.parallelism=1"})
class KeywardBehindTomcatsRemoteIpValveTest {

    @LocalServerPort
    int port;

    @Test
    @DisplayName("a warning at start, and Tomcat does take the address a client forwards")
    void warningAtStartAndTomcatTakesTheForwardedAddress(CapturedOutput output) throws Exception {
        assertThat(CloudPlatformApplication.addressSeenForwarding(port, "10.9.9.9")).as("what the warning is about")
                .isEqualTo("10.9.9.9");
        assertThat(output.getOut()).contains("WARN", "server.tomcat.remoteip.protocol-header (which has Tomcat "
                + "rewrite client addresses whatever the forward-headers strategy) with Tomcat's default internal "
                + "proxies");
    }
}
