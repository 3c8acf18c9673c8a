package dev.keyward.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.AuthenticationType;
import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import dev.keyward.Principal;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.testing.CountingStore;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("LastUseRecorder: nothing is kept that nothing will write")
class LastUseRecorderTest {

    private static final Duration RESOLUTION = Duration.ofSeconds(60);

    private final CountingStore store = new CountingStore(new InMemoryStore());

    /** A verified access key of a connection of its own, numbered {@code n}. */
    private static VerifiedCredential keyOf(int n) {
        CachedConnection connection = new CachedConnection(String.format("C%011d", n), new Principal(
                OrganizationId.of("acme"), ConnectionId.of("c" + n), "Key " + n, AuthenticationType.ACCESS_KEY));
        return new VerifiedCredential(connection, CredentialKind.ACCESS_KEY, connection.lookupId(), 1, Long.MAX_VALUE,
                false, 0, VerifiedCredential.UNKNOWN_ISSUE);
    }

    @Test
    @DisplayName("uses noted after close are neither queued nor written, however many connections verify")
    void usesNotedAfterCloseAreNotQueued() {
        LastUseRecorder recorder = new LastUseRecorder(store, RESOLUTION, null);
        recorder.noteUse(keyOf(0), 1_000);
        recorder.close();
        assertThat(store.lastUseBatches()).singleElement().satisfies(batch -> assertThat(batch).hasSize(1));

        for (int n = 1; n <= 10_000; n++) {
            recorder.noteUse(keyOf(n), 1_000 + n);
        }

        assertThat(recorder.pending()).isZero();
        recorder.flush();
        assertThat(store.lastUseBatches()).hasSize(1);
    }

    @DisplayName("once a host's executor stops running the writes (shut down, or shut down now), later uses are not "
            + "queued; earlier ones are written on close")
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void usesNotedAfterTheHostsExecutorStoppedAreNotQueued(boolean now) {
        ScheduledThreadPoolExecutor host = new ScheduledThreadPoolExecutor(1);
        LastUseRecorder recorder = new LastUseRecorder(store, RESOLUTION, host);
        recorder.noteUse(keyOf(0), 1_000);
        if (now) {
            host.shutdownNow();
        } else {
            host.shutdown();
        }

        for (int n = 1; n <= 10_000; n++) {
            recorder.noteUse(keyOf(n), 1_000 + n);
        }

        assertThat(recorder.pending()).isEqualTo(1);
        recorder.close();
        assertThat(recorder.pending()).isZero();
        assertThat(store.lastUseBatches()).singleElement().satisfies(batch -> assertThat(batch).singleElement()
                .satisfies(use -> assertThat(use.connectionId()).isEqualTo(ConnectionId.of("c0"))));
    }
}
