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
 * On a cloud platform Spring Boot detects, with the forward-headers strategy unset, the embedded container
 * takes the client address from {@code X-Forwarded-For} sent from loopback: the starter says so at start,
 * though the application has a client address source of its own.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = CloudPlatformApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.main.cloud-platform=kubernetes", "spring.datasource.url=jdbc:h2:mem:cloud;DB_CLOSE_DELAY=-1",
                "keyward.argon2.memory-kib=256", "keyward.argon2.iterations=1", "keyward.argon2.parallelism=1"})
class KeywardOnACloudPlatformTest {

    @LocalServerPort
    int port;

    @Test
    @DisplayName("a warning at start, and the container does take the address a client forwards")
    void warningAtStartAndTheContainerTakesTheForwardedAddress(CapturedOutput output) throws Exception {
        assertThat(CloudPlatformApplication.addressSeenForwarding(port, "10.9.9.9")).as("what the warning is about")
                .isEqualTo("10.9.9.9");
        assertThat(output.getOut()).contains("WARN", "detected the cloud platform KUBERNETES");
    }
}
