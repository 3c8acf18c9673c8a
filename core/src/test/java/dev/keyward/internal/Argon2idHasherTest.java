package dev.keyward.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.Argon2Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class Argon2idHasherTest {

    private static final String SECRET = "kwak_0123456789ABabcdefghijklmnopqrstuvwxyz012345";
    private static final Argon2Parameters CHEAP = new Argon2Parameters(1024, 1, 1);

    private final Argon2idHasher hasher = new Argon2idHasher(Argon2Parameters.DEFAULTS);

    @Test
    void verifyWhenSameSecretThenTrue() {
        String hash = hasher.hash(SECRET);

        assertThat(hasher.verify(hash, SECRET)).isTrue();
        assertThat(hasher.verify(hash, new StringBuilder(SECRET))).isTrue();
    }

    @Test
    void verifyWhenWrongSecretThenFalse() {
        String hash = hasher.hash(SECRET);

        assertThat(hasher.verify(hash, SECRET + "x")).isFalse();
        assertThat(hasher.verify(hash, SECRET.substring(1))).isFalse();
        assertThat(hasher.verify(hash, "")).isFalse();
    }

    @Test
    void hashWhenDefaultParametersThenSelfDescribingArgon2id() {
        assertThat(hasher.hash(SECRET))
                .startsWith("$argon2id$v=19$m=19456,t=2,p=1$")
                .doesNotContain(SECRET)
                .matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    }

    @Test
    void hashWhenSameSecretTwiceThenDifferentSalts() {
        assertThat(hasher.hash(SECRET)).isNotEqualTo(hasher.hash(SECRET));
    }

    @Test
    void hashWhenNonAsciiSecretThenVerifies() {
        String secret = "p\u00e4ssw\u00f6rd \ud83d\udd11";
        String hash = hasher.hash(secret);

        assertThat(hasher.verify(hash, secret)).isTrue();
        assertThat(hasher.verify(hash, "passw\u00f6rd \ud83d\udd11")).isFalse();
    }

    @Test
    void needsRehashWhenSameParametersThenFalse() {
        assertThat(hasher.needsRehash(hasher.hash(SECRET))).isFalse();
    }

    @Test
    void needsRehashWhenOtherParametersThenTrue() {
        Argon2idHasher cheap = new Argon2idHasher(CHEAP);
        String oldHash = cheap.hash(SECRET);

        assertThat(oldHash).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
        assertThat(hasher.needsRehash(oldHash)).isTrue();
        assertThat(cheap.needsRehash(oldHash)).isFalse();
        assertThat(cheap.needsRehash(hasher.hash(SECRET))).isTrue();
    }

    @Test
    void verifyWhenHashMadeWithOtherParametersThenStillVerifies() {
        String oldHash = new Argon2idHasher(CHEAP).hash(SECRET);

        assertThat(hasher.verify(oldHash, SECRET)).isTrue();
        assertThat(hasher.verify(oldHash, "wrong")).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "garbage",
        "$argon2id$",
        "$argon2id$v=19$m=19456,t=2,p=1$",
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$",
        "$argon2id$v=19$m=19456,t=2,p=1$!!!!$AAAA",
        "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$yjOhu2U4cD0TwtIl6dUfDUa2VKIDYJ/W8vu0C9u9+Z4",
        "$argon2d$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$yjOhu2U4cD0TwtIl6dUfDUa2VKIDYJ/W8vu0C9u9+Z4",
        "$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$yjOhu2U4cD0TwtIl6dUfDUa2VKIDYJ/W8vu0C9u9+Z4",
        "$argon2id$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$yjOhu2U4cD0TwtIl6dUfDUa2VKIDYJ/W8vu0C9u9+Z4",
        "$argon2id$v=19$m=4194305,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$yjOhu2U4cD0TwtIl6dUfDUa2VKIDYJ/W8vu0C9u9+Z4",
        "$argon2id$v=19$m=19456,t=4294967298,p=1$c2FsdHNhbHRzYWx0c2FsdA$yjOhu2U4cD0TwtIl6dUfDUa2VKIDYJ/W8vu0C9u9+Z4",
        "$argon2id$v=19$m=019456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$yjOhu2U4cD0TwtIl6dUfDUa2VKIDYJ/W8vu0C9u9+Z4",
        "$argon2id$v=19$m=19456,t=2,p=1,x=3$c2FsdHNhbHRzYWx0c2FsdA$yjOhu2U4cD0TwtIl6dUfDUa2VKIDYJ/W8vu0C9u9+Z4",
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$yjOhu2U4cD0TwtIl6dUfDUa2VKIDYJ/W8vu0C9u9+Z4$",
        "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
        "{bcrypt}$2a$10$N9qo8uLOickgx2ZMRZoMye",
        "\u00e9\u0000$argon2id$"
    })
    void verifyWhenEncodedHashMalformedOrForeignThenFalse(String encodedHash) {
        assertThat(hasher.verify(encodedHash, SECRET)).isFalse();
        assertThat(hasher.needsRehash(encodedHash)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$AAAA",
        "$argon2id$v=19$m=19456,t=2,p=1$c2E$yjOhu2U4cD0TwtIl6dUfDUa2VKIDYJ/W8vu0C9u9+Z4",
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$yjOhu2U4cD0TwtIl6dUfDUa2VKIDYJ/W8vu0C9u9+Z4",
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$yjOhu2U4cD0TwtIl6dUfDUa2VKIDYJ/W8vu0C9u9+Z4A"
    })
    void verifyWhenHashWellShapedButWrongOrUndecodableThenFalse(String encodedHash) {
        assertThat(hasher.verify(encodedHash, SECRET)).isFalse();
    }

    @Test
    void verifyWhenHashTruncatedThenFalse() {
        String hash = hasher.hash(SECRET);

        for (int length : new int[] {hash.length() - 1, hash.length() - 10, hash.length() / 2, 10, 1}) {
            assertThat(hasher.verify(hash.substring(0, length), SECRET)).as("length %d", length).isFalse();
        }
    }

    @Test
    void verifyWhenHashHugeThenFalse() {
        String hash = hasher.hash(SECRET);

        assertThat(hasher.verify(hash + "A".repeat(100_000), SECRET)).isFalse();
    }

    @Test
    void verifyWhenSecretNullThenFalse() {
        assertThat(hasher.verify(hasher.hash(SECRET), null)).isFalse();
    }

    @Test
    void hashWhenSecretNullThenRejected() {
        assertThatThrownBy(() -> hasher.hash(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be null");
    }

    @Test
    void constructorWhenParametersNullThenRejected() {
        assertThatThrownBy(() -> new Argon2idHasher(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parametersWhenAskedThenConfiguredOnes() {
        assertThat(hasher.parameters()).isEqualTo(Argon2Parameters.DEFAULTS);
        assertThat(hasher).hasToString("Argon2idHasher[m=19456, t=2, p=1]");
    }
}
