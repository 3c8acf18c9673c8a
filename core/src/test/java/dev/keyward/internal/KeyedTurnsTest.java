package dev.keyward.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One turn at a time per key, and an entry only while someone holds or waits for a key's turn. */
class KeyedTurnsTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
    }

    private static long in(long millis) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    @DisplayName("one turn per key: another key's turn is free, the same key's waits until given back")
    void oneTurnPerKey() throws Exception {
        KeyedTurns turns = new KeyedTurns();
        KeyedTurns.Turn first = turns.enter("a", in(1_000));
        assertThat(first).isNotNull();
        assertThat(turns.enter("a", in(20))).as("the same key, while its turn is held").isNull();
        KeyedTurns.Turn other = turns.enter("b", in(20));
        assertThat(other).as("another key").isNotNull();
        Future<KeyedTurns.Turn> next = threads.submit(() -> turns.enter("a", in(30_000)));

        first.close();

        KeyedTurns.Turn second = next.get(10, TimeUnit.SECONDS);
        assertThat(second).isNotNull();
        second.close();
        other.close();
        assertThat(turns.size()).as("keys left").isZero();
    }

    @Test
    @DisplayName("a turn closed twice is given back once: the key's next two callers do not both get it")
    void aTurnClosedTwiceIsGivenBackOnce() {
        KeyedTurns turns = new KeyedTurns();
        KeyedTurns.Turn first = turns.enter("a", in(1_000));

        first.close();
        first.close();

        KeyedTurns.Turn second = turns.enter("a", in(1_000));
        assertThat(second).isNotNull();
        assertThat(turns.enter("a", in(20))).isNull();
        second.close();
        assertThat(turns.size()).isZero();
    }

    @Test
    @DisplayName("a wait that runs out leaves no entry behind")
    void aWaitThatRunsOutLeavesNoEntry() {
        KeyedTurns turns = new KeyedTurns();
        KeyedTurns.Turn held = turns.enter("a", in(1_000));

        assertThat(turns.enter("a", in(20))).isNull();
        assertThat(turns.size()).isEqualTo(1);
        held.close();

        assertThat(turns.size()).isZero();
    }

    @Test
    @DisplayName("a key's turn with a turn of the gate: given back together; when either wait runs out, none is kept, "
            + "and one refused wait is reported")
    void aKeysTurnWithAGateTurn() {
        java.util.List<Boolean> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
        HashGate gate = new HashGate(1, java.time.Duration.ofMillis(20), new dev.keyward.spi.KeywardObserver() {
            @Override
            public void hashGateWait(long nanos, boolean admitted) {
                waits.add(admitted);
            }
        });
        KeyedTurns turns = new KeyedTurns();

        KeyedTurns.Both both = turns.enterWithGate("a", gate, "party", in(1_000), System.nanoTime());
        assertThat(both).isNotNull();
        assertThat(turns.enterWithGate("a", gate, "party", in(20), System.nanoTime())).as("the key's turn held").isNull();
        assertThat(turns.enterWithGate("b", gate, "party", in(20), System.nanoTime())).as("the gate's turn held").isNull();
        assertThat(turns.size()).as("b's turn given back when the gate's wait ran out").isEqualTo(1);
        both.close();

        assertThat(gate.running()).isZero();
        assertThat(turns.size()).isZero();
        assertThat(waits).as("admitted, refused in the key's queue, refused at the gate").containsExactly(true, false, false);
    }
}
