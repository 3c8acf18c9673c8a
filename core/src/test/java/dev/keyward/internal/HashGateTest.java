package dev.keyward.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.OrganizationId;
import dev.keyward.spi.KeywardObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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
    private Future<HashGate.Turn> waiter(HashGate gate, Object party) {
        int before = gate.waiting();
        Future<HashGate.Turn> entered = threads.submit(() -> gate.enterBy(party,
                System.nanoTime() + TimeUnit.SECONDS.toNanos(30)));
        await("a caller of " + party + " waits", () -> gate.waiting() == before + 1);
        return entered;
    }

    private static HashGate.Turn turn(Future<HashGate.Turn> entered) throws Exception {
        HashGate.Turn turn = entered.get(10, TimeUnit.SECONDS);
        assertThat(turn).as("a turn").isNotNull();
        return turn;
    }

    @Test
    @DisplayName("a party alone takes every turn; the next caller waits, and takes the turn given back")
    void aPartyAloneTakesEveryTurn() throws Exception {
        HashGate gate = new HashGate(2, Duration.ofSeconds(30));
        HashGate.Turn first = gate.enter(A);
        assertThat(first).isNotNull();
        assertThat(gate.enter(A)).isNotNull();
        Future<HashGate.Turn> third = waiter(gate, A);

        first.close();

        assertThat(turn(third)).isNotNull();
        assertThat(gate.running()).isEqualTo(2);
        assertThat(gate.waiting()).isZero();
        assertThat(gate.brokenInvariant()).isNull();
    }

    @Test
    @DisplayName("a turn given back goes to the waiting party that holds the fewest, not to the first to wait")
    void aTurnGivenBackGoesToThePartyHoldingTheFewest() throws Exception {
        HashGate gate = new HashGate(2, Duration.ofSeconds(30));
        HashGate.Turn firstOfA = gate.enter(A);
        HashGate.Turn secondOfA = gate.enter(A);
        Future<HashGate.Turn> thirdOfA = waiter(gate, A);
        Future<HashGate.Turn> fourthOfA = waiter(gate, A);
        Future<HashGate.Turn> firstOfB = waiter(gate, B);

        firstOfA.close();

        HashGate.Turn ofB = turn(firstOfB);
        assertThat(thirdOfA).isNotDone();
        secondOfA.close();
        HashGate.Turn third = turn(thirdOfA);
        assertThat(fourthOfA).isNotDone();
        ofB.close();
        turn(fourthOfA).close();
        third.close();
        assertThat(gate.waiting()).isZero();
        assertThat(gate.running()).isZero();
        assertThat(gate.parties()).isZero();
    }

    @Test
    @DisplayName("among parties holding as many, the one served longest ago is served first")
    void amongEqualsTheOneServedLongestAgoFirst() throws Exception {
        HashGate gate = new HashGate(1, Duration.ofSeconds(30));
        HashGate.Turn ofC = gate.enter(C);
        Future<HashGate.Turn> firstOfB = waiter(gate, B);
        Future<HashGate.Turn> firstOfA = waiter(gate, A);
        Future<HashGate.Turn> secondOfB = waiter(gate, B);

        ofC.close();
        turn(firstOfB).close();

        HashGate.Turn ofA = turn(firstOfA);
        assertThat(secondOfB).isNotDone();
        ofA.close();
        turn(secondOfB).close();
        assertThat(gate.running()).isZero();
        assertThat(gate.parties()).isZero();
    }

    @Test
    @DisplayName("a party that holds turns and waits for more moves up as it gives one back")
    void aPartyThatHoldsAndWaitsMovesUpAsItGivesOneBack() throws Exception {
        HashGate gate = new HashGate(3, Duration.ofSeconds(30));
        HashGate.Turn firstOfA = gate.enter(A);
        HashGate.Turn secondOfA = gate.enter(A);
        HashGate.Turn firstOfB = gate.enter(B);
        Future<HashGate.Turn> thirdOfA = waiter(gate, A);
        Future<HashGate.Turn> secondOfB = waiter(gate, B);

        // A now holds one turn, as B does, and was served before B: the turn it gives back is its own again.
        firstOfA.close();

        HashGate.Turn third = turn(thirdOfA);
        assertThat(secondOfB).isNotDone();
        assertThat(gate.brokenInvariant()).isNull();
        secondOfA.close();
        turn(secondOfB).close();
        firstOfB.close();
        third.close();
        assertThat(gate.running()).isZero();
        assertThat(gate.parties()).isZero();
    }

    @Test
    @DisplayName("an organization's new secrets are one party, apart from the organization's verifications")
    void anOrganizationsNewSecretsAreOnePartyApartFromItsVerifications() throws Exception {
        HashGate gate = new HashGate(1, Duration.ofSeconds(30));
        OrganizationId acme = OrganizationId.of("acme");
        HashGate.Turn first = gate.enter(HashGate.newSecretsOf(acme));
        Future<HashGate.Turn> second = waiter(gate, HashGate.newSecretsOf(acme));
        Future<HashGate.Turn> verification = waiter(gate, acme);
        Future<HashGate.Turn> another = waiter(gate, HashGate.newSecretsOf(OrganizationId.of("globex")));

        assertThat(gate.parties()).as("acme's new secrets, acme's verifications, globex's new secrets").isEqualTo(3);
        first.close();
        turn(verification).close();
        turn(another).close();
        turn(second).close();
        assertThat(gate.parties()).isZero();
    }

    @Test
    @DisplayName("on a gate of one turn, the party that gives it back waits behind another that was not served since")
    void onOneTurnThePartyGivingItBackWaitsBehindAnother() throws Exception {
        HashGate gate = new HashGate(1, Duration.ofSeconds(30));
        HashGate.Turn firstOfA = gate.enter(A);
        Future<HashGate.Turn> secondOfA = waiter(gate, A);
        Future<HashGate.Turn> firstOfB = waiter(gate, B);

        firstOfA.close();

        HashGate.Turn ofB = turn(firstOfB);
        assertThat(secondOfA).isNotDone();
        ofB.close();
        turn(secondOfA).close();
        assertThat(gate.parties()).isZero();
    }

    /**
     * A party that holds and awaits nothing between its turns, as an organization flooded at one credential does
     * after each check (its gate turn is given back before the credential's next caller comes), comes back behind
     * the parties that waited meanwhile, not ahead of them as one never served would: it gets one turn in three
     * beside two others, not one in two.
     */
    @Test
    @DisplayName("a party that comes back after it went idle waits behind parties served before it")
    void aPartyComingBackAfterItWentIdleWaitsBehindPartiesServedBefore() throws Exception {
        HashGate gate = new HashGate(1, Duration.ofSeconds(30));
        HashGate.Turn ofA = gate.enter(A);
        Future<HashGate.Turn> firstOfB = waiter(gate, B);
        Future<HashGate.Turn> secondOfB = waiter(gate, B);
        Future<HashGate.Turn> firstOfC = waiter(gate, C);
        Future<HashGate.Turn> secondOfC = waiter(gate, C);

        ofA.close();
        HashGate.Turn turnOfB = turn(firstOfB);
        Future<HashGate.Turn> againOfA = waiter(gate, A);
        turnOfB.close();
        HashGate.Turn turnOfC = turn(firstOfC);
        assertThat(againOfA).isNotDone();
        turnOfC.close();
        turn(againOfA).close();
        HashGate.Turn secondTurnOfB = turn(secondOfB);
        Future<HashGate.Turn> thirdOfA = waiter(gate, A);
        secondTurnOfB.close();

        HashGate.Turn secondTurnOfC = turn(secondOfC);
        assertThat(thirdOfA).as("A, back again, waits behind C").isNotDone();
        secondTurnOfC.close();
        turn(thirdOfA).close();
        assertThat(gate.parties()).isZero();
    }

    @Test
    @DisplayName("a wait that reaches its deadline ends without a turn and leaves nothing behind")
    void aWaitPastItsDeadlineEndsWithoutATurn() {
        HashGate gate = new HashGate(1, Duration.ofMillis(50));
        HashGate.Turn ofA = gate.enter(A);

        assertThat(gate.enter(B)).isNull();
        assertThat(gate.waiting()).isZero();
        assertThat(gate.parties()).isEqualTo(1);
        ofA.close();

        assertThat(gate.running()).isZero();
        assertThat(gate.parties()).isZero();
        assertThat(gate.enter(B)).isNotNull();
    }

    @Test
    @DisplayName("a deadline already past takes a turn only if one is free and nobody waits")
    void aDeadlineAlreadyPastDoesNotWait() {
        HashGate gate = new HashGate(1, Duration.ofSeconds(30));
        HashGate.Turn ofA = gate.enterBy(A, System.nanoTime());
        assertThat(ofA).isNotNull();
        assertThat(gate.enterBy(B, System.nanoTime())).isNull();
        ofA.close();
        assertThat(gate.enterBy(B, System.nanoTime() - 1)).isNotNull();
        assertThat(gate.waiting()).isZero();
        assertThat(gate.parties()).isEqualTo(1);
    }

    @Test
    @DisplayName("an interrupt ends a wait without a turn, the interrupt kept, and the next waiter still gets its turn")
    void anInterruptEndsTheWaitWithoutATurn() throws Exception {
        HashGate gate = new HashGate(1, Duration.ofSeconds(30));
        HashGate.Turn ofA = gate.enter(A);
        CompletableFuture<Boolean> interruptKept = new CompletableFuture<>();
        Thread interrupted = new Thread(() -> {
            HashGate.Turn turn = gate.enter(B);
            interruptKept.complete(turn == null && Thread.currentThread().isInterrupted());
        });
        interrupted.start();
        await("the caller of B waits", () -> gate.waiting() == 1);
        Future<HashGate.Turn> ofC = waiter(gate, C);

        interrupted.interrupt();

        assertThat(interruptKept.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(gate.waiting()).isEqualTo(1);
        ofA.close();
        turn(ofC).close();
        assertThat(gate.running()).isZero();
        assertThat(gate.parties()).isZero();
    }

    @Test
    @DisplayName("optional work takes a turn only when one is free, waits for none, and its turn is handed on")
    void optionalWorkTakesOnlyAFreeTurnAndItsTurnIsHandedOn() throws Exception {
        HashGate gate = new HashGate(2, Duration.ofSeconds(30));
        HashGate.Turn optional = gate.enterIfFree();
        assertThat(optional).isNotNull();
        HashGate.Turn ofA = gate.enter(A);
        Future<HashGate.Turn> ofB = waiter(gate, B);

        assertThat(gate.enterIfFree()).isNull();
        optional.close();

        turn(ofB).close();
        ofA.close();
        assertThat(gate.running()).isZero();
        assertThat(gate.enterIfFree()).isNotNull();
    }

    @Test
    @DisplayName("a turn closed twice is given back once")
    void aTurnClosedTwiceIsGivenBackOnce() throws Exception {
        HashGate gate = new HashGate(1, Duration.ofSeconds(30));
        HashGate.Turn ofA = gate.enter(A);
        Future<HashGate.Turn> ofB = waiter(gate, B);
        Future<HashGate.Turn> ofC = waiter(gate, C);

        ofA.close();
        ofA.close();

        HashGate.Turn turnOfB = turn(ofB);
        assertThat(ofC).isNotDone();
        assertThat(gate.running()).isEqualTo(1);
        assertThat(gate.brokenInvariant()).isNull();
        turnOfB.close();
        turn(ofC).close();
        assertThat(gate.running()).isZero();
    }

    @Test
    @DisplayName("an observer that fails after a turn was taken does not keep the turn")
    void anObserverThatFailsDoesNotKeepTheTurn() {
        KeywardObserver failing = new KeywardObserver() {
            @Override
            public void hashGateWait(long nanos, boolean admitted) {
                throw new StackOverflowError("the observer failed");
            }
        };
        HashGate gate = new HashGate(1, Duration.ofSeconds(30), failing);

        assertThatThrownBy(() -> gate.enter(A)).as("the observer's failure reaches the caller")
                .isInstanceOf(StackOverflowError.class);

        assertThat(gate.running()).isZero();
        assertThat(gate.parties()).isZero();
    }

    /**
     * Many callers of a few parties, taking turns with deadlines from already past to a few milliseconds, some
     * interrupted as they wait, some taking optional turns: the invariants hold throughout, and when all is done
     * no turn is held, nobody waits and no party is left.
     */
    @Test
    void manyCallersWithDeadlinesAndInterruptsLeaveTheGateAsTheyFoundIt() throws Exception {
        HashGate gate = new HashGate(3, Duration.ofSeconds(30));
        Object[] parties = {A, B, C, HashGate.newSecretsOf(OrganizationId.of("acme")),
            HashGate.newSecretsOf(OrganizationId.of("globex")), HashGate.LEAK_REPORTS};
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> broken = new AtomicReference<>();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Thread caller = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!stop.get()) {
                    Thread.interrupted();
                    HashGate.Turn turn = random.nextInt(10) == 0 ? gate.enterIfFree()
                            : gate.enterBy(parties[random.nextInt(parties.length)],
                                    System.nanoTime() + random.nextLong(-100_000, 3_000_000));
                    if (turn != null) {
                        for (int spin = random.nextInt(1_000); spin > 0; spin--) {
                            Thread.onSpinWait();
                        }
                        turn.close();
                    }
                }
            });
            callers.add(caller);
            caller.start();
        }
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int checks = 0;
        while (System.nanoTime() < end && broken.get() == null) {
            callers.get(random.nextInt(callers.size())).interrupt();
            String found = gate.brokenInvariant();
            if (found != null) {
                broken.set(found);
            }
            checks++;
            Thread.yield();
        }
        stop.set(true);
        for (Thread caller : callers) {
            caller.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(caller.isAlive()).isFalse();
        }

        assertThat(broken.get()).as("an invariant broken in " + checks + " checks").isNull();
        assertThat(gate.brokenInvariant()).isNull();
        assertThat(gate.running()).isZero();
        assertThat(gate.waiting()).isZero();
        assertThat(gate.parties()).isZero();
    }
}
