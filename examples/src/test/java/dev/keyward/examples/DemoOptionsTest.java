package dev.keyward.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
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
    void badArgumentsThenUsage() {
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--port", "http"))).hasMessageContaining("--port");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--port", "70000"))).hasMessageContaining("--port");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--db"))).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> DemoOptions.parse(List.of("--verbose", "1"))).hasMessageContaining("usage");
    }
}
