package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Argon2ParametersTest {

    @Test
    void defaultsWhenReadThenOwaspRecommendation() {
        assertThat(Argon2Parameters.DEFAULTS.memoryKiB()).isEqualTo(19456);
        assertThat(Argon2Parameters.DEFAULTS.iterations()).isEqualTo(2);
        assertThat(Argon2Parameters.DEFAULTS.parallelism()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"8, 1, 1", "512, 100, 64", "4194304, 1, 1", "1024, 1, 1"})
    void constructorWhenValuesAtBoundsThenAccepted(int memoryKiB, int iterations, int parallelism) {
        assertThat(new Argon2Parameters(memoryKiB, iterations, parallelism).memoryKiB()).isEqualTo(memoryKiB);
    }

    @ParameterizedTest
    @CsvSource({
        "7, 1, 1, memoryKiB",
        "15, 1, 2, memoryKiB",
        "4194305, 1, 1, memoryKiB",
        "-1, 1, 1, memoryKiB",
        "19456, 0, 1, iterations",
        "19456, 101, 1, iterations",
        "19456, 2, 0, parallelism",
        "19456, 2, 65, parallelism",
        "19456, 2, -3, parallelism"
    })
    void constructorWhenValueOutOfRangeThenRejectedNamingIt(int memoryKiB, int iterations, int parallelism, String name) {
        assertThatThrownBy(() -> new Argon2Parameters(memoryKiB, iterations, parallelism))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Argon2 " + name + " must be between");
    }
}
