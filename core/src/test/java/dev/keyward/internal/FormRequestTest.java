package dev.keyward.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.RequestHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormRequestTest {

    private static final byte[] BODY = "token=abc&token_type_hint=access_token".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "Application/X-WWW-Form-URLEncoded",
        "application/x-www-form-urlencoded; charset=UTF-8", " \tapplication/x-www-form-urlencoded ;charset=x",
        "APPLICATION/X-WWW-FORM-URLENCODED\u2003"})
    void aFormContentTypeInAnySpellingIsRead(String contentType) {
        FormRequest.Read read = FormRequest.read("POST", RequestHeaders.of("Content-Type", contentType), BODY);

        assertThat(read).isInstanceOf(FormRequest.Form.class);
        assertThat(((FormRequest.Form) read).parameters().get("token")).isEqualTo("abc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/x-www-form-urlencodedx", "application/x-www-form",
        "multipart/form-data", "", ";application/x-www-form-urlencoded", "appl\u0130cation/x-www-form-urlencoded",
        "application/x-www-form-urlencoded\u0000"})
    void anotherContentTypeIsRefused(String contentType) {
        FormRequest.Read read = FormRequest.read("POST", RequestHeaders.of("Content-Type", contentType), BODY);

        assertThat(read).isEqualTo(new FormRequest.Malformed("the body must be application/x-www-form-urlencoded"));
    }

    @Test
    void aRepeatedOrMissingContentTypeIsRefused() {
        RequestHeaders twice = RequestHeaders.of("Content-Type", "application/x-www-form-urlencoded",
                "Content-Type", "application/x-www-form-urlencoded");

        assertThat(FormRequest.read("POST", twice, BODY)).isInstanceOf(FormRequest.Malformed.class);
        assertThat(FormRequest.read("POST", RequestHeaders.empty(), BODY)).isInstanceOf(FormRequest.Malformed.class);
        assertThat(FormRequest.read("POST", RequestHeaders.empty(), new byte[0])).isInstanceOf(FormRequest.Form.class);
        assertThat(FormRequest.read("POST", RequestHeaders.empty(), null)).isInstanceOf(FormRequest.Form.class);
    }

    @Test
    void aBodyOfOtherThanAsciiIsRefusedWhateverItsContentType() {
        for (int b : new int[] {0x80, 0xC3, 0xFF}) {
            byte[] body = "token=ab?".getBytes(StandardCharsets.US_ASCII);
            body[body.length - 1] = (byte) b;

            assertThat(FormRequest.read("POST", RequestHeaders.of("Content-Type", "application/json"), body))
                    .isEqualTo(new FormRequest.Malformed("the body must be form encoded: ASCII only"));
        }
    }

    @Test
    void aHeaderListHoldingNullIsRefused() {
        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        RequestHeaders headers = RequestHeaders.of(Map.of("Content-Type", List.of("application/x-www-form-urlencoded"),
                "Authorization", withNull));

        assertThat(FormRequest.read("POST", headers, BODY))
                .isEqualTo(new FormRequest.Malformed("the request headers could not be read"));
    }
}
