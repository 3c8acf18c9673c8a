package dev.keyward.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.Keyward;
import dev.keyward.memory.InMemoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    @Test
    void noArgumentsThenLoopbackOnly8080AndH2InData() {
        DemoOptions options = DemoOptions.parse(List.of());

        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isEqualTo(8080);
        assertThat(options.dbUrl()).isNull();
        assertThat(options.dataDir()).isEqualTo(Path.of("data"));
    }

    @Test
    void everyOptionThenParsed() {
        DemoOptions options = DemoOptions.parse(List.of("--port", "0", "--db", "jdbc:postgresql://localhost/k",
                "--db-user", "k", "--db-password", "s3cret", "--data-dir", "/tmp/k", "--host", "0.0.0.0"));

        assertThat(options).isEqualTo(new DemoOptions("0.0.0.0", 0, "jdbc:postgresql://localhost/k", "k", "s3cret",
                Path.of("/tmp/k")));
        assertThat(options.toString()).doesNotContain("s3cret");
    }

    @Test
    void keywardSettingsThenParsedWithDefaultsOtherwise() {
        assertThat(DemoOptions.parse(List.of()).keyward()).isEqualTo(DemoOptions.KeywardOptions.DEFAULTS);
        assertThat(DemoOptions.KeywardOptions.DEFAULTS.maxCredentialLifetime()).isNull();
        assertThat(DemoOptions.KeywardOptions.DEFAULTS.lastUsedResolution()).isEqualTo(Duration.ofSeconds(60));

        DemoOptions.KeywardOptions parsed = DemoOptions.parse(List.of("--max-credential-lifetime", "7776000",
                "--last-used-resolution", "5")).keyward();

        assertThat(parsed).isEqualTo(new DemoOptions.KeywardOptions(Duration.ofDays(90), Duration.ofSeconds(5)));
        assertThat(DemoOptions.parse(List.of("--max-credential-lifetime", "0")).keyward().maxCredentialLifetime())
                .as("0 means no limit").isNull();
        Keyward keyward = parsed.applyTo(Keyward.builder().store(new InMemoryStore())).build();
        assertThat(keyward.config().maxCredentialLifetime()).contains(Duration.ofDays(90));
        assertThat(keyward.config().lastUsedResolution()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void badKeywardSettingsThenUsage() {
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--max-credential-lifetime", "-1")))
                .hasMessageContaining("--max-credential-lifetime");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--last-used-resolution", "0")))
                .hasMessageContaining("--last-used-resolution");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--last-used-resolution", "1.5")))
                .hasMessageContaining("--last-used-resolution");
    }

    @Test
    void badArgumentsThenUsage() {
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--port", "http"))).hasMessageContaining("--port");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--port", "70000"))).hasMessageContaining("--port");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--db"))).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--verbose", "1"))).hasMessageContaining("usage");
    }
}
