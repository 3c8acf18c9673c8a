package dev.keyward.spring.tokenonly;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Keyward in a chain that names no API starts, and says at start that it checks none. */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = TokenOnlyApplication.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:token-only;DB_CLOSE_DELAY=-1", "keyward.argon2.memory-kib=256",
        "keyward.argon2.iterations=1", "keyward.argon2.parallelism=1"})
class KeywardNamingNoApiTest {

    @Test
    @DisplayName("a chain with Keyward and no API named: a warning at start that only the token endpoint is answered")
    void noApiNamedThenAWarningAtStart(CapturedOutput output) {
        assertThat(output.getOut()).contains("WARN", "Keyward checks no API in this filter chain",
                "token endpoint at /oauth/token");
    }
}
