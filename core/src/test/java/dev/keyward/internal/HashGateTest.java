package dev.keyward.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The gate's turns, shared among parties: who gets a turn given back, and what a wait that ends leaves. */
class HashGateTest {

    private static final String A = "organization A";
    private static final String B = "organization B";
    private static final String C = "organization C";

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.yield();
        }
    }

    /** A caller of the party that waits for a turn (long enough never to give up here), in a thread of its own. */
    private Future<Boolean> waiter(HashGate gate, Object party) {
        int before = gate.waiting();
        Future<Boolean> entered = threads.submit(() -> gate.enterBy(party, System.nanoTime() + TimeUnit.SECONDS.toNanos(30)));
        await("a caller of " + party + " waits", () -> gate.waiting() == before + 1);
        return entered;
    }

    @Test
    @DisplayName("a party alone takes every turn; the next caller waits, and takes the turn given back")
    void aPartyAloneTakesEveryTurn() throws Exception {
        HashGate gate = new HashGate(2, Duration.ofSeconds(30));
        assertThat(gate.enter(A)).isTrue();
        assertThat(gate.enter(A)).isTrue();
        Future<Boolean> third = waiter(gate, A);

        gate.exit(A);

        assertThat(third.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(gate.running()).isEqualTo(2);
        assertThat(gate.waiting()).isZero();
    }

    @Test
    @DisplayName("a turn given back goes to the waiting party that holds the fewest, not to the first to wait")
    void aTurnGivenBackGoesToThePartyHoldingTheFewest() throws Exception {
        HashGate gate = new HashGate(2, Duration.ofSeconds(30));
        gate.enter(A);
        gate.enter(A);
        Future<Boolean> secondOfA = waiter(gate, A);
        Future<Boolean> thirdOfA = waiter(gate, A);
        Future<Boolean> firstOfB = waiter(gate, B);

        gate.exit(A);

        assertThat(firstOfB.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(secondOfA).isNotDone();
        gate.exit(A);
        assertThat(secondOfA.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(thirdOfA).isNotDone();
        gate.exit(B);
        assertThat(thirdOfA.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(gate.waiting()).isZero();
    }

    @Test
    @DisplayName("among parties holding as many, the one served longest ago is served first")
    void amongEqualsTheOneServedLongestAgoFirst() throws Exception {
        HashGate gate = new HashGate(1, Duration.ofSeconds(30));
        gate.enter(C);
        Future<Boolean> firstOfB = waiter(gate, B);
        Future<Boolean> firstOfA = waiter(gate, A);
        Future<Boolean> secondOfB = waiter(gate, B);

        gate.exit(C);
        assertThat(firstOfB.get(10, TimeUnit.SECONDS)).isTrue();
        gate.exit(B);

        assertThat(firstOfA.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(secondOfB).isNotDone();
        gate.exit(A);
        assertThat(secondOfB.get(10, TimeUnit.SECONDS)).isTrue();
        gate.exit(B);
        assertThat(gate.running()).isZero();
        assertThat(gate.parties()).isZero();
    }

    @Test
    @DisplayName("a wait that reaches its deadline ends without a turn and leaves nothing behind")
    void aWaitPastItsDeadlineEndsWithoutATurn() {
        HashGate gate = new HashGate(1, Duration.ofMillis(50));
        gate.enter(A);

        assertThat(gate.enter(B)).isFalse();
        assertThat(gate.waiting()).isZero();
        assertThat(gate.parties()).isEqualTo(1);
        gate.exit(A);

        assertThat(gate.running()).isZero();
        assertThat(gate.parties()).isZero();
        assertThat(gate.enter(B)).isTrue();
    }

    @Test
    @DisplayName("a deadline already past takes a turn only if one is free and nobody waits")
    void aDeadlineAlreadyPastDoesNotWait() throws Exception {
        HashGate gate = new HashGate(1, Duration.ofSeconds(30));
        assertThat(gate.enterBy(A, System.nanoTime())).isTrue();
        assertThat(gate.enterBy(B, System.nanoTime())).isFalse();
        gate.exit(A);
        assertThat(gate.enterBy(B, System.nanoTime() - 1)).isTrue();
        assertThat(gate.waiting()).isZero();
    }

    @Test
    @DisplayName("an interrupt ends a wait without a turn, the interrupt kept, and the next waiter still gets its turn")
    void anInterruptEndsTheWaitWithoutATurn() throws Exception {
        HashGate gate = new HashGate(1, Duration.ofSeconds(30));
        gate.enter(A);
        CompletableFuture<Boolean> interruptKept = new CompletableFuture<>();
        Thread interrupted = new Thread(() -> {
            boolean entered = gate.enter(B);
            interruptKept.complete(!entered && Thread.currentThread().isInterrupted());
        });
        interrupted.start();
        await("the caller of B waits", () -> gate.waiting() == 1);
        Future<Boolean> ofC = waiter(gate, C);

        interrupted.interrupt();

        assertThat(interruptKept.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(gate.waiting()).isEqualTo(1);
        gate.exit(A);
        assertThat(ofC.get(10, TimeUnit.SECONDS)).isTrue();
        gate.exit(C);
        assertThat(gate.running()).isZero();
        assertThat(gate.parties()).isZero();
    }

    @Test
    @DisplayName("optional work takes a turn only when one is free and nobody waits, and its turn is handed on")
    void optionalWorkNeverJumpsTheQueue() throws Exception {
        HashGate gate = new HashGate(2, Duration.ofSeconds(30));
        assertThat(gate.enterIfFree()).isTrue();
        gate.enter(A);
        Future<Boolean> ofB = waiter(gate, B);

        assertThat(gate.enterIfFree()).isFalse();
        gate.exit();

        assertThat(ofB.get(10, TimeUnit.SECONDS)).isTrue();
        gate.exit(A);
        gate.exit(B);
        assertThat(gate.running()).isZero();
        assertThat(gate.enterIfFree()).isTrue();
    }
}
