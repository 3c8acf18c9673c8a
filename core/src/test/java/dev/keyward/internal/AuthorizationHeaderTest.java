package dev.keyward.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.internal.AuthorizationHeader.Credentials;
import dev.keyward.internal.AuthorizationHeader.Malformed;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("The one Authorization header parser")
class AuthorizationHeaderTest {

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("Bearer abc", "Bearer", "abc"),
                Arguments.of("bearer abc", "Bearer", "abc"),
                Arguments.of(" \tBearer   abc== \t", "Bearer", "abc=="),
                Arguments.of("Basic dXNlcjpwYXNz", "Basic", "dXNlcjpwYXNz"),
                Arguments.of("BASIC dXNlcjpwYXNz", "Basic", "dXNlcjpwYXNz"),
                Arguments.of("Bearer", "Bearer", ""),
                Arguments.of("Bearer\tabc", "Bearer", "abc"),
                Arguments.of("Basic \t dXNlcjpwYXNz", "Basic", "dXNlcjpwYXNz"),
                Arguments.of("Digest a=b, c=d", "Digest", "a=b, c=d"));
    }

    @ParameterizedTest(name = "[{0}] is scheme [{1}] with credentials [{2}]")
    @MethodSource("values")
    void splitsSchemeFromCredentials(String value, String scheme, String credentials) {
        Credentials parsed = (Credentials) AuthorizationHeader.parse(value, 100);

        assertThat(parsed.isScheme(scheme)).isTrue();
        assertThat(parsed.hasCredentials()).isEqualTo(!credentials.isEmpty());
        assertThat(parsed.credentials()).isEqualTo(credentials);
    }

    @Test
    @DisplayName("a scheme is matched whole, never by its beginning")
    void schemeMatchedWhole() {
        Credentials parsed = (Credentials) AuthorizationHeader.parse("Bearerx abc", 100);

        assertThat(parsed.isScheme("Bearer")).isFalse();
        assertThat(((Credentials) AuthorizationHeader.parse("Bear abc", 100)).isScheme("Bearer")).isFalse();
    }

    @Test
    @DisplayName("null, oversized and blank values are malformed with fixed words")
    void malformed() {
        assertThat(AuthorizationHeader.parse(null, 100)).isSameAs(Malformed.OVERSIZED);
        assertThat(AuthorizationHeader.parse("Bearer " + "a".repeat(94), 100)).isSameAs(Malformed.OVERSIZED);
        assertThat(AuthorizationHeader.parse(" \t ", 100)).isSameAs(Malformed.EMPTY);
        assertThat(AuthorizationHeader.parse("", 100)).isSameAs(Malformed.EMPTY);
        assertThat(Malformed.OVERSIZED.reason()).doesNotContain("Bearer");
    }

    @Test
    @DisplayName("a value at the bound is read; toString names the scheme only")
    void boundAndToString() {
        String value = "Bearer " + "a".repeat(93);
        Credentials parsed = (Credentials) AuthorizationHeader.parse(value, 100);

        assertThat(parsed.credentials()).hasSize(93);
        assertThat(parsed.toString()).isEqualTo("Credentials[scheme=Bearer]");
    }

    @Test
    @DisplayName("the request path's view gives the same credentials as the full parse, allocating only them")
    void credentialsOfAgreesWithParse() {
        for (String value : new String[] {"Bearer abc", " bearer   abc== ", "Bearer", "Basic abc", "Bearerx abc", " \t ",
            null, "Bearer " + "a".repeat(200)}) {
            AuthorizationHeader.Parsed parsed = AuthorizationHeader.parse(value, 100);
            String credentials = AuthorizationHeader.credentialsOf(value, "Bearer", 100);

            if (parsed instanceof Credentials header) {
                assertThat(credentials).as(value).isEqualTo(header.isScheme("Bearer") ? header.credentials() : null);
                assertThat(AuthorizationHeader.malformedReason(value, 100)).isNull();
            } else {
                assertThat(credentials).as(value).isEmpty();
                assertThat(AuthorizationHeader.malformedReason(value, 100)).isSameAs(parsed);
            }
        }
        String whole = "abc";
        assertThat(AuthorizationHeader.credentialsOf("Bearer " + whole, "Bearer", 100)).isEqualTo(whole);
    }
}
