package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.AuthenticationResult.Denied;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.AuditListener;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * R11: whatever the headers and body hold — random bytes, huge values, control characters,
 * non-ASCII, near-misses of real credentials — the answer is a denial or an error response,
 * never an exception.
 */
class HeaderParsingPropertyTest {

    private static final Keyward KEYWARD = Fixtures.keyward(new InMemoryStore(), MutableClock.startingNow())
            .auditListener(event -> { }).build();
    private static final String KEY = KEYWARD.connections()
            .create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY).secret().reveal();
    private static final IssuedCredentials CLIENT = KEYWARD.connections()
            .create(SUPER, ACME, "Client", AuthenticationType.OAUTH);

    @Provide
    Arbitrary<String> values() {
        Arbitrary<String> anyChars = Arbitraries.strings().all().ofMaxLength(200);
        Arbitrary<String> controls = Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMaxLength(20);
        Arbitrary<String> huge = Arbitraries.strings().withChars("Ab0=_ \t").ofMinLength(8_000).ofMaxLength(100_000);
        Arbitrary<String> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300)
                .map(b -> new String(b, StandardCharsets.ISO_8859_1));
        Arbitrary<String> nearKey = Arbitraries.integers().between(0, KEY.length() - 1)
                .flatMap(i -> Arbitraries.chars().all().map(c -> KEY.substring(0, i) + c + KEY.substring(i + 1)))
                .filter(v -> !v.equals(KEY));
        Arbitrary<String> schemes = Combinators.combine(Arbitraries.of("Bearer", "bearer", "BEARER", "Basic", "", "B"),
                Arbitraries.strings().withChars(" \t").ofMaxLength(3), anyChars).as((s, sp, v) -> s + sp + v);
        return Arbitraries.oneOf(anyChars, controls, huge, bytes, nearKey, schemes);
    }

    @Provide
    Arbitrary<List<String>> headerValues() {
        return values().injectNull(0.02).list().ofMaxSize(3);
    }

    @Property(tries = 400)
    void anyHeadersThenDeniedNeverThrown(@ForAll("headerValues") List<String> accessKeys,
            @ForAll("headerValues") List<String> authorizations) {
        RequestHeaders headers = RequestHeaders.of(Map.of("Accesskey", accessKeys, "Authorization", authorizations));

        for (ApiFamily family : ApiFamily.values()) {
            AuthenticationResult result = KEYWARD.authenticator().authenticate(headers, family, "fuzz");
            assertThat(result).isInstanceOf(Denied.class);
            Denied denied = (Denied) result;
            assertThat(denied.httpStatus()).isIn(400, 401);
            assertThat(denied.toString()).hasSizeLessThan(2_000);
        }
    }

    @Property(tries = 400)
    void anyTokenRequestThenErrorResponseNeverThrown(@ForAll("headerValues") List<String> authorizations,
            @ForAll("headerValues") List<String> contentTypes, @ForAll("values") String body,
            @ForAll("values") String method) {
        RequestHeaders headers = RequestHeaders.of(Map.of("Authorization", authorizations,
                "Content-Type", contentTypes));

        TokenResponse response = KEYWARD.tokenEndpoint().handle(method, headers, body);

        assertThat(response.status()).isIn(400, 401, 405);
        assertThat(response.headers()).containsEntry("Cache-Control", "no-store");
    }

    @Property(tries = 200)
    void basicCredentialsOfAnyBytesThenErrorResponseNeverThrown(@ForAll("values") String decoded,
            @ForAll("values") String body) {
        String header = "Basic " + Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8));
        RequestHeaders headers = RequestHeaders.of("Authorization", header,
                "Content-Type", "application/x-www-form-urlencoded");

        TokenResponse response = KEYWARD.tokenEndpoint().handle("POST", headers, "grant_type=client_credentials&" + body);

        assertThat(response.status()).isIn(400, 401);
        assertThat(response.body()).doesNotContain(CLIENT.secret().reveal());
    }
}
