package dev.keyward.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.AuthenticationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** Keeps the README's Java sample and {@link QuickStart} the same, and proves the sample works. */
class ReadmeQuickStartTest {

    private static final Pattern README_SAMPLE =
            Pattern.compile("<!-- quickstart:begin -->\\s*```java\\n(.*?)```\\s*<!-- quickstart:end -->", Pattern.DOTALL);
    private static final Pattern SOURCE_SAMPLE =
            Pattern.compile("// quickstart:begin\\n(.*?)\\n\\s*// quickstart:end", Pattern.DOTALL);

    @Test
    void readmeSampleIsQuickStartSource() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String source = Files.readString(Path.of("src/main/java/dev/keyward/examples/QuickStart.java"));

        assertThat(normalized(extract(README_SAMPLE, readme))).isEqualTo(normalized(extract(SOURCE_SAMPLE, source)));
    }

    @Test
    void quickStartGrantsItsOwnKey() {
        assertThat(QuickStart.run()).isInstanceOf(AuthenticationResult.Granted.class);
    }

    private static String extract(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("sample markers in " + pattern).isTrue();
        return matcher.group(1);
    }

    /** The lines without their common indentation and trailing blanks. */
    private static String normalized(String block) {
        return block.stripIndent().lines().map(String::stripTrailing).collect(Collectors.joining("\n")).strip();
    }
}
