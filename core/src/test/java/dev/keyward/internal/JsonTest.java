package dev.keyward.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void escapedStringsReadBackAsWritten() throws Exception {
        for (String value : new String[] {"plain", "quote\"back\\slash", "tab\tnew\nline\u0000", "line\u2028sep",
                "é ü 漢字"}) {
            StringBuilder json = new StringBuilder("{\"a\":1");
            Json.member(json, "v", value);
            json.append('}');

            assertThat(new ObjectMapper().readTree(json.toString()).get("v").asText()).isEqualTo(value);
        }
    }
}
