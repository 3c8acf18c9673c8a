package dev.keyward.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.ErrorCode;
import dev.keyward.KeywardException;
import org.junit.jupiter.api.Test;

class HttpErrorTest {

    @Test
    void keywardRefusalThenItsStatusCodeAndWordsAndRetryAfterOnlyFor503() {
        HttpError overloaded = HttpError.from(new KeywardException(ErrorCode.OVERLOADED, "retry in a second"));
        HttpError taken = HttpError.from(new KeywardException(ErrorCode.NAME_TAKEN, "another connection is named 'x'"));

        assertThat(overloaded.status()).isEqualTo(503);
        assertThat(overloaded.body()).containsEntry("errorCode", "OVERLOADED").containsEntry("message", "retry in a second");
        assertThat(overloaded.headers()).containsExactlyEntriesOf(java.util.Map.of("Retry-After", "1"));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.headers()).isEmpty();
    }
}
