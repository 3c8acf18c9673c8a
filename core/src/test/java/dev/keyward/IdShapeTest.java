package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Organization and connection ids have exactly the shapes their documentation gives as regular
 * expressions: every character up to U+02FF, and U+FFFF, at the first, a middle and the last place, every
 * length from 0 to 66, and random strings over the characters at the shapes' edges.
 */
class IdShapeTest {

    enum Kind {
        ORGANIZATION("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}", OrganizationId::of),
        CONNECTION("[A-Za-z0-9_-]{1,64}", ConnectionId::of);

        final Pattern documented;
        final Function<String, Object> make;

        Kind(String documented, Function<String, Object> make) {
            this.documented = Pattern.compile(documented);
            this.make = make;
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void idIsMadeExactlyWhenItHasTheDocumentedShape(Kind kind) {
        for (String value : candidates()) {
            if (kind.documented.matcher(value).matches()) {
                assertThat(kind.make.apply(value)).as("%s", value).hasToString(value);
            } else {
                assertThatThrownBy(() -> kind.make.apply(value)).as("%s", value)
                        .isInstanceOfSatisfying(KeywardException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void idsAreEqualExactlyWhenTheirValuesAreAndHashAsTheirValues(Kind kind) {
        Object acme = kind.make.apply("acme");

        assertThat(kind.make.apply(new String("acme".toCharArray()))).isEqualTo(acme).hasSameHashCodeAs("acme");
        assertThat(acme).isNotEqualTo(kind.make.apply("Acme")).isNotEqualTo(kind.make.apply("acme-1"))
                .isNotEqualTo("acme").isNotEqualTo(null);
        Object other = (kind == Kind.ORGANIZATION ? Kind.CONNECTION : Kind.ORGANIZATION).make.apply("acme");
        assertThat(acme).as("an id of the other kind with the same value").isNotEqualTo(other);
    }

    private static List<String> candidates() {
        List<String> values = new ArrayList<>();
        for (int length = 0; length <= 66; length++) {
            values.add("a".repeat(length));
            values.add("-".repeat(length));
        }
        for (char c = 0; c <= 0x2FF; c++) {
            values.add(c + "bc");
            values.add("a" + c + "c");
            values.add("ab" + c);
            values.add(String.valueOf(c));
        }
        values.add("ab\uFFFF");
        values.add("a\uD83D\uDE00");
        Random random = new Random(7);
        String edges = "aZ09._:-/ @[`{\u00e9\u0130";
        for (int i = 0; i < 20_000; i++) {
            int length = 1 + random.nextInt(66);
            StringBuilder value = new StringBuilder(length);
            for (int j = 0; j < length; j++) {
                value.append(edges.charAt(random.nextInt(edges.length())));
            }
            values.add(value.toString());
        }
        return values;
    }
}
