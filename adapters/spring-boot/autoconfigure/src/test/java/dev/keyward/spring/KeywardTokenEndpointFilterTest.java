package dev.keyward.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.Keyward;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.servlet.ClientAddresses;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

class KeywardTokenEndpointFilterTest {

    private final Keyward keyward = Keyward.builder().store(new InMemoryStore()).build();
    private final KeywardTokenEndpointFilter filter = new KeywardTokenEndpointFilter(
            PathPatternRequestMatcher.withDefaults().matcher("/oauth/token"), keyward.tokenEndpoint(),
            ClientAddresses.direct());

    @AfterEach
    void close() {
        keyward.close();
    }

    @Test
    void anotherRequestPassesUntouched() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ping");
        MockHttpServletResponse response = new MockHttpServletResponse();
        List<String> attributesSeen = new ArrayList<>();
        boolean[] passed = new boolean[1];

        filter.doFilter(request, response, (req, res) -> {
            passed[0] = true;
            attributesSeen.addAll(Collections.list(req.getAttributeNames()));
        });

        assertThat(passed[0]).isTrue();
        assertThat(attributesSeen).isEmpty();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString()).isEmpty();
    }

    @Test
    void theTokenEndpointIsAnsweredByKeywardAndGoesNoFurther() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/oauth/token");
        MockHttpServletResponse response = new MockHttpServletResponse();
        boolean[] passed = new boolean[1];

        filter.doFilter(request, response, (req, res) -> passed[0] = true);

        assertThat(passed[0]).isFalse();
        assertThat(response.getStatus()).isEqualTo(405);
        assertThat(response.getHeader("Allow")).isEqualTo("POST");
    }
}
