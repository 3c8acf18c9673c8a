package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyward.DenialCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StandardDenialBodyTest {

    @ParameterizedTest
    @ValueSource(strings = {"0123456789abcdef0123456789abcdef", "req-1", "a\"b", "a\\b", "tab\there", "nl\n",
        "\u0000", "del\u007f", "caf\u00e9", "\u2028", "~ !#}{"})
    void requestIdWrittenAsTheJsonEscaperWritesIt(String requestId) throws Exception {
        String body = StandardDenialBody.INSTANCE.render(DenialCode.INVALID_CREDENTIALS, requestId);

        assertThat(body).endsWith("\"requestId\":\""
                + new String(JsonStringEncoder.getInstance().quoteAsString(requestId)) + "\"}");
        assertThat(new ObjectMapper().readTree(body).get("requestId").asText()).isEqualTo(requestId);
    }
}
