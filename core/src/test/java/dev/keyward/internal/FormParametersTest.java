package dev.keyward.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class FormParametersTest {

    @Test
    void parametersToStringThenNamesOnlyNeverValues() {
        FormParameters.Parsed parsed = FormParameters.parse(
                "grant_type=client_credentials&client_id=kwci_AAAAAAAAAAAA&client_secret=kwcs_s3cr3tVALUE");

        assertThat(parsed).isInstanceOf(FormParameters.Parameters.class);
        assertThat(parsed.toString()).isEqualTo("Parameters[client_id, client_secret, grant_type]")
                .doesNotContain("s3cr3t").doesNotContain("client_credentials");
    }

    @Test
    void emptyValuesThenAbsentAndStillCountedForRepeats() {
        FormParameters.Parameters form = (FormParameters.Parameters) FormParameters.parse(
                "grant_type=client_credentials&scope=&client_id");

        assertThat(form.get("grant_type")).isEqualTo("client_credentials");
        assertThat(form.get("scope")).isNull();
        assertThat(form.get("client_id")).isNull();
        assertThat(form.values()).containsOnlyKeys("grant_type");
        assertThat(FormParameters.parse("scope=&scope=x")).isInstanceOf(FormParameters.Malformed.class);
        assertThat(FormParameters.parse("scope=x&scope=")).isInstanceOf(FormParameters.Malformed.class);
    }

    @Test
    void namesAreComparedDecoded() {
        FormParameters.Parameters form = (FormParameters.Parameters) FormParameters.parse("tok%65n=a+b%2Fc&%74+t=x");

        assertThat(form.get("token")).isEqualTo("a b/c");
        assertThat(form.get("t t")).isEqualTo("x");
        assertThat(FormParameters.parse("token=a&tok%65n=b")).isEqualTo(repeated());
        assertThat(FormParameters.parse("scope=a&sc%6Fpe=b")).isEqualTo(repeated());
    }

    @Test
    void aRepeatAfterManyParametersIsStillFound() {
        String distinct = IntStream.range(0, 40).mapToObj(i -> "p" + i + "=" + i).collect(Collectors.joining("&"));

        FormParameters.Parameters form = (FormParameters.Parameters) FormParameters.parse(distinct);

        assertThat(form.values()).hasSize(40).containsEntry("p0", "0").containsEntry("p39", "39");
        assertThat(FormParameters.parse(distinct + "&token=x&token=again")).isEqualTo(repeated());
        assertThat(FormParameters.parse(distinct + "&grant_type=x&gr%61nt_type=again")).isEqualTo(repeated());
    }

    /** RFC 6749 §3.1: a parameter the endpoints do not define is ignored, however often sent (RFC 8707's resource). */
    @Test
    void aParameterNoEndpointDefinesMayRepeatAndKeepsItsFirstValue() {
        FormParameters.Parameters form = (FormParameters.Parameters) FormParameters.parse(
                "grant_type=client_credentials&resource=https%3A%2F%2Fa&resource=https%3A%2F%2Fb&t+t=a&t%20t=b");

        assertThat(form.get("grant_type")).isEqualTo("client_credentials");
        assertThat(form.get("resource")).isEqualTo("https://a");
        assertThat(form.get("t t")).isEqualTo("a");
    }

    @Test
    void aMalformedEscapeInAnyParameterMakesTheBodyMalformed() {
        for (String body : new String[] {"token=x&other=%zz", "token=x&%zz=1", "token=%", "token=%4", "token=%C3"}) {
            assertThat(FormParameters.parse(body)).as(body)
                    .isEqualTo(new FormParameters.Malformed("the request body is not valid form encoding"));
        }
    }

    @Test
    void bodiesUpToTheLimitAreRead() {
        String longest = "token=" + "a".repeat(FormParameters.MAX_BODY_LENGTH - "token=".length());

        assertThat(((FormParameters.Parameters) FormParameters.parse(longest)).get("token")).hasSize(
                FormParameters.MAX_BODY_LENGTH - "token=".length());
        assertThat(FormParameters.parse(longest + "a"))
                .isEqualTo(new FormParameters.Malformed("the request body is too large"));
    }

    @Property(tries = 2000)
    void anyBodyIsReadAsEachPartSplitAndDecodedInTurn(@ForAll("bodies") String body) {
        assertThat(outcome(FormParameters.parse(body))).isEqualTo(reference(body));
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> names = Arbitraries.oneOf(
                Arbitraries.of("token", "tok%65n", "%74oken", "token_type_hint", "client_id", "client_secret",
                        "grant_type", "scope", "t+t", "t%20t", ""),
                Arbitraries.strings().withChars("ab%+2Fz").ofMaxLength(4));
        Arbitrary<String> values = Arbitraries.strings().withChars("aZ09_-.%+2Fz=\u00e9").ofMaxLength(8);
        Arbitrary<String> parts = Combinators.combine(names, Arbitraries.of("", "=", "="), values)
                .as((name, eq, value) -> eq.isEmpty() ? name : name + eq + value);
        Arbitrary<String> forms = parts.list().ofMaxSize(14).map(list -> String.join("&", list));
        Arbitrary<String> noise = Arbitraries.strings().withChars("ab=&%+2F").ofMaxLength(40);
        return Arbitraries.oneOf(forms, noise);
    }

    private static final Set<String> DEFINED = Set.of("token", "token_type_hint", "client_id", "client_secret",
            "grant_type", "scope");

    private static FormParameters.Malformed repeated() {
        return new FormParameters.Malformed("a parameter is repeated");
    }

    private static Object outcome(FormParameters.Parsed parsed) {
        return parsed instanceof FormParameters.Parameters parameters ? parameters.values() : parsed;
    }

    /** The rule read plainly: each part in turn split at its first '=', both sides decoded, a name once. */
    private static Object reference(String body) {
        Map<String, String> values = new HashMap<>();
        for (String part : body.split("&", -1)) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = decoded(eq < 0 ? part : part.substring(0, eq));
            String value = eq < 0 ? "" : decoded(part.substring(eq + 1));
            if (name == null || value == null) {
                return new FormParameters.Malformed("the request body is not valid form encoding");
            }
            if (values.putIfAbsent(name, value) != null && DEFINED.contains(name)) {
                return repeated();
            }
        }
        values.values().removeIf(String::isEmpty);
        return values;
    }

    private static String decoded(String encoded) {
        try {
            String decoded = URLDecoder.decode(encoded, StandardCharsets.UTF_8);
            return decoded.indexOf('\uFFFD') >= 0 && encoded.indexOf('\uFFFD') < 0 ? null : decoded;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
