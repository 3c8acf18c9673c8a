package dev.keyward.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.CredentialPrefixes;
import java.security.SecureRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

class CredentialCodecPropertyTest {

    private final CredentialCodec codec = new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom());

    // A random value passes the checksum with probability 2^-32; these assertions accept that.

    @Property
    void parseWhenArbitraryStringThenNullAndNoException(@ForAll String value) {
        assertThat(codec.parse(value)).isNull();
    }

    @Property
    void parseWhenArbitraryLongStringThenNullAndNoException(@ForAll @StringLength(min = 40, max = 2_000) String value) {
        assertThat(codec.parse(value)).isNull();
    }

    @Property
    void parseWhenKnownPrefixAndRandomBodyOfRightLengthThenNull(@ForAll("wellShapedButUnchecked") String value) {
        assertThat(codec.parse(value)).isNull();
    }

    @Provide
    Arbitrary<String> wellShapedButUnchecked() {
        Arbitrary<String> prefix = Arbitraries.of("kwak_", "kwcs_", "kwat_");
        Arbitrary<String> body = Arbitraries.strings().alpha().numeric().ofLength(CredentialCodec.BODY_LENGTH);
        return prefix.flatMap(p -> body.map(b -> p + b));
    }
}
