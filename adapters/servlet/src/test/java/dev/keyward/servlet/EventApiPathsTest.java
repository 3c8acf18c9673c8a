package dev.keyward.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.Keyward;
import dev.keyward.memory.InMemoryStore;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Event API paths that no request could ever have are refused when the filter is built: accepted, they would
 * leave the Event API to bearer tokens without a word.
 */
@DisplayName("Event API paths given to the servlet filter")
class EventApiPathsTest {

    private static final Keyward KEYWARD = Keyward.builder().store(new InMemoryStore()).build();

    @AfterAll
    static void close() {
        KEYWARD.close();
    }

    /** A request routed to this servlet path, all the path predicate reads. */
    private static HttpServletRequest routedTo(String servletPath) {
        return (HttpServletRequest) Proxy.newProxyInstance(EventApiPathsTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getServletPath" -> servletPath;
                    case "getPathInfo" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/eventManager/*", "/v1/eventManager/**", "v1/eventManager/event", "",
        "/v1/eventManager/event?x=1", "/v1/eventManager/event;jsessionid=1", "/v1/./eventManager/event",
        "/v1/eventManager/../event", "/v1/eventManager/event ", "/v1/event\tManager", "/v1/eventManager/%65vent"})
    @DisplayName("a pattern, a relative path, a query, a path parameter, percent-encoding, a dot segment or a space is"
            + " refused, named")
    void pathNoRequestHasIsRefused(String path) {
        assertThatThrownBy(() -> KeywardFilter.builder(KEYWARD.authenticator()).eventApiPaths("/v1/other", path))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Event API path '" + path + "'");
    }

    @Test
    @DisplayName("no path, or a null one, is refused")
    void noPathIsRefused() {
        KeywardFilter.Builder builder = KeywardFilter.builder(KEYWARD.authenticator());
        assertThatThrownBy(builder::eventApiPaths).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
        assertThatThrownBy(() -> builder.eventApiPaths("/v1/a", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null");
    }

    @Test
    @DisplayName("a path as the container routes it is accepted, and matches with slashes repeated or trailing")
    void routedPathsAreAccepted() {
        KeywardFilter.Builder builder = KeywardFilter.builder(KEYWARD.authenticator())
                .eventApiPaths("/v1/eventManager/event", "/v1/events/", "/v1.2/event-stream", "/");
        assertThat(builder.build()).isNotNull();
        assertThat(KeywardFilter.slashesFolded(KeywardFilter.routedPath(routedTo("/v1//eventManager/event/"))))
                .isEqualTo("/v1/eventManager/event");
    }
}
