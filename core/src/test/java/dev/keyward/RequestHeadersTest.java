package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RequestHeaders.of")
class RequestHeadersTest {

    @Test
    @DisplayName("finds a header by name in any case, and answers no values for a name not sent")
    void findsByNameIgnoringCase() {
        RequestHeaders headers = RequestHeaders.of("Accesskey", "one", "Content-Type", "text/plain");

        assertThat(headers.values("accesskey")).containsExactly("one");
        assertThat(headers.values("ACCESSKEY")).containsExactly("one");
        assertThat(headers.values("content-type")).containsExactly("text/plain");
        assertThat(headers.values("Authorization")).isEmpty();
        // Same length as a header sent, another name.
        assertThat(headers.values("Accesskez")).isEmpty();
    }

    @Test
    @DisplayName("merges names that differ only in case, keeping the values in the order given")
    void mergesNamesThatDifferInCase() {
        Map<String, List<String>> sent = new LinkedHashMap<>();
        sent.put("X-Trace", List.of("a", "b"));
        sent.put("x-trace", List.of("c"));
        sent.put("Accept", List.of("*/*"));

        RequestHeaders headers = RequestHeaders.of(sent);

        assertThat(headers.values("X-TRACE")).containsExactly("a", "b", "c");
        assertThat(headers.values("accept")).containsExactly("*/*");
    }

    @Test
    @DisplayName("is a snapshot: later changes to the given map or lists are not seen, and its lists cannot be changed")
    void isAnImmutableSnapshot() {
        List<String> values = new ArrayList<>(List.of("one"));
        Map<String, List<String>> sent = new LinkedHashMap<>(Map.of("Accesskey", values));
        RequestHeaders headers = RequestHeaders.of(sent);

        values.add("two");
        sent.put("Authorization", List.of("Bearer x"));

        assertThat(headers.values("Accesskey")).containsExactly("one");
        assertThat(headers.values("Authorization")).isEmpty();
        assertThatThrownBy(() -> headers.values("Accesskey").add("three"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
