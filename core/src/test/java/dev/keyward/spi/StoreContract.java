package dev.keyward.spi;

import static dev.keyward.testing.Fixtures.ADMIN;
import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationResult;
import dev.keyward.ClientAddress;
import dev.keyward.ConnectionUpdate;
import dev.keyward.DenialCode;
import dev.keyward.IpAllowlist;
import dev.keyward.RequestHeaders;
import dev.keyward.AuthenticationType;
import dev.keyward.Connection;
import dev.keyward.ConnectionId;
import dev.keyward.ConnectionNames;
import dev.keyward.ErrorCode;
import dev.keyward.IssuedCredentials;
import dev.keyward.Keyward;
import dev.keyward.KeywardException;
import dev.keyward.NewConnection;
import dev.keyward.OrganizationId;
import dev.keyward.testing.CredentialLayout;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.StoredRows;
import dev.keyward.testing.Verification;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract every {@link KeywardStore} passes: SPI round trips, the per-organization
 * unit of work, and the rules R1–R3, R6 and R7 exercised through the management service.
 * A store's test extends this class and supplies the store, and a second instance of it on
 * the same data as another process would open it (or none, for a store whose data lives in
 * one process); each test works in organizations of its own, so one store may serve every
 * test of a class.
 */
public abstract class StoreContract {

    /** The outcome of a creation that was not refused, in the tests of creations at once. */
    private static final String CREATED = "created";

    /** The store under test; may be the same instance for every test. */
    protected abstract KeywardStore store();

    /**
     * A second client of the data behind {@link #store()}, opened as another process would open it: it shares
     * nothing in this process with the first instance (for a database, it has a data source and connections of
     * its own), so the two can agree on one unit of work at a time per organization, and on one revocation log,
     * only through the data itself. Empty when the store's data lives in one process, as the in-memory store's
     * does: the tests across processes are then reported as skipped. Called at most once per test, by those
     * tests only; an instance that is {@link AutoCloseable} is closed after the test.
     *
     * <p>Not overridden — a store test written against an earlier kit — the tests across processes fail, saying
     * what to override: a store test keeps compiling, and no store skips them without saying it is
     * single-process.
     */
    protected Optional<KeywardStore> secondInstance() {
        return null;
    }

    protected MutableClock clock;
    protected Keyward keyward;
    protected Verification verification;
    protected OrganizationId org;
    protected OrganizationId otherOrg;
    /** What a test opened besides the contract's node, closed after it, the last opened first. */
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    @BeforeEach
    void setUpContract() {
        clock = MutableClock.startingNow();
        keyward = Fixtures.keyward(store(), clock).build();
        verification = new Verification(keyward);
        org = newOrganization();
        otherOrg = newOrganization();
    }

    @AfterEach
    void closeContractNodes() throws Exception {
        keyward.close();
        while (!opened.isEmpty()) {
            opened.pop().close();
        }
    }

    protected static OrganizationId newOrganization() {
        return OrganizationId.of("org-" + UUID.randomUUID());
    }

    protected IssuedCredentials create(OrganizationId organization, String name, AuthenticationType type) {
        return keyward.connections().create(SUPER, organization, name, type);
    }

    private static StoredConnection row(OrganizationId organization, String name, Instant at) {
        return StoredRows.oauth(organization, name, at);
    }

    private static StoredToken token(StoredConnection owner, Instant issuedAt, Duration ttl) {
        return StoredRows.token(owner, issuedAt, ttl);
    }

    private void insert(StoredConnection... rows) {
        store().inOrganization(rows[0].connection().organizationId(), tx -> {
            for (StoredConnection row : rows) {
                tx.insert(row);
            }
            return null;
        });
    }

    /** Another node on {@code on}, reading its revocation log every 200 ms; closed after the test. */
    private Keyward anotherNode(KeywardStore on) {
        Keyward node = Fixtures.keyward(on, clock).revocationPollInterval(Duration.ofMillis(200)).build();
        opened.push(node);
        return node;
    }

    /** The {@linkplain #secondInstance() second instance}, closed after the test; skips the test without one. */
    private KeywardStore secondStore() {
        Optional<KeywardStore> second = secondInstance();
        assertThat(second).as("override secondInstance(): a second instance on the same data, as another process "
                + "opens it, or Optional.empty() for a store whose data lives in one process").isNotNull();
        assumeTrue(second.isPresent(), "the store is single-process: its data lives in this process alone, so no"
                + " other process can open a second instance on it");
        if (second.get() instanceof AutoCloseable closeable) {
            opened.push(closeable);
        }
        return second.get();
    }

    /** Holds a unit of work open until the test releases it, 30 s at most; whether it was released. */
    private static boolean heldUntil(CountDownLatch release) {
        try {
            return release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> List<T> runConcurrently(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Creates connections in the organization from {@code calls} threads at once, call i as {@code connection} gives
     * it, through node i mod n; returns the outcome of each, {@link #CREATED} or the refusal's code.
     */
    private static List<String> createAtOnce(OrganizationId organization, int calls,
            IntFunction<NewConnection> connection, Keyward... nodes) throws Exception {
        AtomicInteger next = new AtomicInteger();
        return runConcurrently(calls, () -> {
            int call = next.getAndIncrement();
            try {
                nodes[call % nodes.length].connections().create(SUPER, organization, connection.apply(call));
                return CREATED;
            } catch (KeywardException e) {
                return e.code().name();
            }
        });
    }

    /**
     * 50 threads, thread i through store i mod n, each count the organization's connections in a unit of work and,
     * while there are fewer than 15, insert one named after the count. Run one at a time, each unit of work sees all
     * before it: the counts seen are 0 to 14 once each, then 15, and 15 connections are kept. Two units of work that
     * overlap see one count and take one name, which the store refuses as a conflict (or keeps twice).
     */
    private void countingThenInsertingAtOnceKeepsTheCount(KeywardStore... stores) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Integer> seen = runConcurrently(50, () -> {
            KeywardStore through = stores[next.getAndIncrement() % stores.length];
            try {
                return through.inOrganization(org, tx -> {
                    int count = tx.connections().size();
                    // Where a store wrongly lets another unit of work of the organization run beside this one, lets
                    // it count the same: on a database in this process, each would often end before the other began.
                    Thread.yield();
                    if (count < 15) {
                        tx.insert(row(org, "c-" + count, clock.instant()));
                    }
                    return count;
                });
            } catch (StoreConflictException e) {
                return -1;
            }
        });

        List<Integer> oneAfterAnother = IntStream.range(0, 50).map(i -> Math.min(i, 15)).boxed().toList();
        assertThat(seen).as("the count each unit of work saw, -1 where its name was taken")
                .containsExactlyInAnyOrderElementsOf(oneAfterAnother);
        assertThat(store().listConnections(org)).hasSize(15);
    }

    /**
     * 50 threads create M2M OAuth connections in the organization at once, thread i through node i mod n: exactly 15
     * are created, the other 35 refused with OAUTH_LIMIT_REACHED.
     */
    private void oauthCreationsAtOnceStopAtFifteen(Keyward... nodes) throws Exception {
        List<String> outcomes = createAtOnce(org, 50,
                i -> NewConnection.builder("client " + i, AuthenticationType.OAUTH).build(), nodes);

        assertThat(store().listConnections(org)).hasSize(15);
        assertThat(outcomes).filteredOn(CREATED::equals).hasSize(15);
        assertThat(outcomes).filteredOn(ErrorCode.OAUTH_LIMIT_REACHED.name()::equals).hasSize(35);
    }

    /**
     * 10 threads create Access Key connections in the organization at once, thread i through node i mod n: exactly
     * one is created, the other 9 refused with ACCESS_KEY_EXISTS.
     */
    private void accessKeyCreationsAtOnceLeaveOne(Keyward... nodes) throws Exception {
        List<String> outcomes = createAtOnce(org, 10,
                i -> NewConnection.builder("Key " + i, AuthenticationType.ACCESS_KEY).build(), nodes);

        assertThat(outcomes).containsOnlyOnce(CREATED).filteredOn(o -> !o.equals(CREATED)).hasSize(9)
                .containsOnly(ErrorCode.ACCESS_KEY_EXISTS.name());
        assertThat(store().listConnections(org)).singleElement().extracting(c -> c.connection().authenticationType())
                .isEqualTo(AuthenticationType.ACCESS_KEY);
    }

    /** How a key is revoked in the tests of another node learning of it from the log. */
    private enum Revoked {
        REGENERATED, DELETED
    }

    /**
     * A key verified on {@code there}, a node sharing the store's data, is revoked through the contract's node: the
     * node there then denies it and reaches the end of the log. The clock stands still, so that node never re-reads
     * the key: only the log can tell it.
     */
    private void keyRevokedHereIsDeniedThereFromTheLog(Keyward there, Revoked how) {
        IssuedCredentials key = keyward.connections().create(ADMIN, org, "Key", AuthenticationType.ACCESS_KEY);
        Verification otherNode = new Verification(there);
        assertThat(otherNode.verifies(key.secret().reveal())).isTrue();
        long applied = there.revocationStatus().applied();

        switch (how) {
            case REGENERATED -> keyward.connections().regenerate(SUPER, org, key.connection().id());
            case DELETED -> keyward.connections().delete(SUPER, org, key.connection().id());
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // The denial comes first: the record counts as applied just after the node forgot the key.
        while ((otherNode.verifies(key.secret().reveal()) || there.revocationStatus().applied() <= applied
                || there.revocationStatus().position() != store().latestRevocation())
                && System.nanoTime() < deadline) {
            // Not a spin: on a loaded machine the other node's follower needs the processor.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        assertThat(otherNode.verifies(key.secret().reveal())).isFalse();
        assertThat(there.revocationStatus().applied()).isGreaterThan(applied);
        assertThat(there.revocationStatus().position()).isEqualTo(store().latestRevocation());
    }

    @Nested
    @DisplayName("round trips")
    class RoundTrips {

        @Test
        @DisplayName("an inserted connection is found by id, by organization and by lookup id, unchanged")
        void insertedConnectionIsFoundEveryWay() {
            StoredConnection row = row(org, "Reporting", clock.instant());
            insert(row);

            assertThat(store().findConnection(org, row.connection().id())).contains(row);
            assertThat(store().listConnections(org)).containsExactly(row);
            assertThat(store().findConnectionByLookupId(row.lookupId())).contains(row);
        }

        @Test
        @DisplayName("a connection is not found through another organization")
        void connectionIsScopedToItsOrganization() {
            StoredConnection row = row(org, "Reporting", clock.instant());
            insert(row);

            assertThat(store().findConnection(otherOrg, row.connection().id())).isEmpty();
            assertThat(store().listConnections(otherOrg)).isEmpty();
        }

        @Test
        @DisplayName("unknown ids and lookup ids find nothing")
        void unknownIdsFindNothing() {
            assertThat(store().findConnection(org, ConnectionId.of("nope"))).isEmpty();
            assertThat(store().findConnectionByLookupId("AAAAAAAAAAAA")).isEmpty();
            assertThat(store().findToken("AAAAAAAAAAAA")).isEmpty();
            assertThat(store().listConnections(org)).isEmpty();
        }

        @Test
        @DisplayName("connections are listed oldest first")
        void listIsOldestFirst() {
            Instant t0 = clock.instant();
            StoredConnection newer = row(org, "Newer", t0.plusSeconds(10));
            StoredConnection older = row(org, "Older", t0);
            insert(newer, older);

            assertThat(store().listConnections(org)).containsExactly(older, newer);
        }

        @Test
        @DisplayName("an update replaces every field, grace-period fields included")
        void updateReplacesTheRow() {
            StoredConnection row = row(org, "Reporting", clock.instant());
            insert(row);
            StoredConnection changed = row.toBuilder().name("Renamed").updatedAt(clock.instant().plusSeconds(6))
                    .secretHash("$argon2id$v=19$m=256,t=1,p=1$bmV3$bmV3").hint("kwcs_…wxyz").secretVersion(2)
                    .previousSecret(row.secretHash(), clock.instant().plusSeconds(6).plus(Duration.ofMinutes(5)))
                    .build();

            store().inOrganization(org, tx -> {
                tx.update(changed);
                return null;
            });

            assertThat(store().findConnection(org, row.connection().id())).contains(changed);
            assertThat(store().findConnectionByLookupId(row.lookupId())).contains(changed);
            assertThat(changed.previousSecretHash()).isEqualTo(row.secretHash());
            assertThat(changed.secretVersion()).isEqualTo(2);
        }

        @Test
        @DisplayName("a delete removes the connection and its tokens, and nothing else")
        void deleteRemovesConnectionAndItsTokens() {
            StoredConnection doomed = row(org, "Doomed", clock.instant());
            StoredConnection kept = row(org, "Kept", clock.instant());
            insert(doomed, kept);
            StoredToken doomedToken = token(doomed, clock.instant(), Duration.ofHours(1));
            StoredToken keptToken = token(kept, clock.instant(), Duration.ofHours(1));
            store().inOrganization(org, tx -> {
                tx.insertToken(doomedToken);
                tx.insertToken(keptToken);
                return null;
            });

            store().inOrganization(org, tx -> {
                tx.delete(doomed.connection().id());
                return null;
            });

            assertThat(store().listConnections(org)).containsExactly(kept);
            assertThat(store().findConnectionByLookupId(doomed.lookupId())).isEmpty();
            assertThat(store().findToken(doomedToken.lookupId())).isEmpty();
            assertThat(store().findToken(keptToken.lookupId())).contains(keptToken);
        }

        @Test
        @DisplayName("a token round-trips, and deleteTokens removes only that connection's tokens")
        void tokensRoundTripAndAreDeletedPerConnection() {
            StoredConnection a = row(org, "A", clock.instant());
            StoredConnection b = row(org, "B", clock.instant());
            insert(a, b);
            StoredToken ta1 = token(a, clock.instant(), Duration.ofDays(1));
            StoredToken ta2 = token(a, clock.instant(), Duration.ofDays(1));
            StoredToken tb = token(b, clock.instant(), Duration.ofDays(1));
            store().inOrganization(org, tx -> {
                List.of(ta1, ta2, tb).forEach(tx::insertToken);
                return null;
            });
            assertThat(store().findToken(ta1.lookupId())).contains(ta1);

            store().inOrganization(org, tx -> {
                tx.deleteTokens(a.connection().id());
                return null;
            });

            assertThat(store().findToken(ta1.lookupId())).isEmpty();
            assertThat(store().findToken(ta2.lookupId())).isEmpty();
            assertThat(store().findToken(tb.lookupId())).contains(tb);
            assertThat(store().listConnections(org)).containsExactlyInAnyOrder(a, b);
        }

        @Test
        @DisplayName("live tokens of a connection: unexpired only, oldest first, this unit of work's inserts and deletes included")
        void liveTokensAreUnexpiredOldestFirstAndSeeTheUnitOfWork() {
            StoredConnection a = row(org, "A", clock.instant());
            StoredConnection b = row(org, "B", clock.instant());
            insert(a, b);
            Instant now = clock.instant();
            StoredToken expired = token(a, now.minus(Duration.ofHours(2)), Duration.ofHours(1));
            StoredToken older = token(a, now.minus(Duration.ofMinutes(2)), Duration.ofDays(1));
            StoredToken newer = token(a, now.minus(Duration.ofMinutes(1)), Duration.ofDays(1));
            StoredToken ofB = token(b, now, Duration.ofDays(1));
            store().inOrganization(org, tx -> {
                List.of(newer, expired, ofB, older).forEach(tx::insertToken);
                return null;
            });

            List<StoredToken> committed = store().inOrganization(org, tx -> tx.liveTokens(a.connection().id(), now));
            assertThat(committed).containsExactly(older, newer);
            StoredToken added = token(a, now, Duration.ofDays(1));
            List<StoredToken> inside = store().inOrganization(org, tx -> {
                tx.deleteToken(older.lookupId());
                tx.insertToken(added);
                return tx.liveTokens(a.connection().id(), now);
            });
            assertThat(inside).containsExactly(newer, added);
            List<StoredToken> later = store().inOrganization(org,
                    tx -> tx.liveTokens(a.connection().id(), now.plus(Duration.ofDays(2))));
            assertThat(later).isEmpty();
            List<StoredToken> elsewhere = store().inOrganization(otherOrg, tx -> tx.liveTokens(a.connection().id(), now));
            assertThat(elsewhere).isEmpty();
        }

        @Test
        @DisplayName("live tokens issued at one instant are ordered by lookup id character by character,"
                + " upper case first")
        void liveTokensOfOneInstantAreInOrdinalOrder() {
            StoredConnection a = row(org, "A", clock.instant());
            insert(a);
            Instant now = clock.instant();
            String suffix = StoredRows.newLookupId().substring(1);
            StoredToken lower = token(a, now, Duration.ofDays(1)).toBuilder().lookupId("a" + suffix).build();
            StoredToken upper = token(a, now, Duration.ofDays(1)).toBuilder().lookupId("B" + suffix).build();
            store().inOrganization(org, tx -> {
                tx.insertToken(lower);
                tx.insertToken(upper);
                return null;
            });

            List<StoredToken> live = store().inOrganization(org, tx -> tx.liveTokens(a.connection().id(), now));

            // A collation that ignores case would put "a…" first: the order is the comparator's, on every store.
            assertThat(live).containsExactly(upper, lower)
                    .isSortedAccordingTo(OrganizationTransaction.OLDEST_TOKEN_FIRST);
        }

        @Test
        @DisplayName("a token is found with its connection by the token's lookup id; unknown or orphaned finds nothing")
        void ownedTokenIsFoundWithItsConnection() {
            StoredConnection owner = row(org, "Owner", clock.instant());
            insert(owner);
            StoredToken token = token(owner, clock.instant(), Duration.ofDays(1));
            store().inOrganization(org, tx -> {
                tx.insertToken(token);
                return null;
            });

            assertThat(store().findOwnedToken(token.lookupId())).contains(OwnedToken.of(token, owner));
            assertThat(store().findOwnedToken("AAAAAAAAAAAA")).isEmpty();
            store().inOrganization(org, tx -> {
                tx.delete(owner.connection().id());
                return null;
            });
            assertThat(store().findOwnedToken(token.lookupId())).isEmpty();
        }

        @Test
        @DisplayName("purging deletes only expired tokens, at most the limit per call")
        void purgeIsBoundedAndTakesOnlyExpiredTokens() {
            StoredConnection owner = row(org, "Owner", clock.instant());
            insert(owner);
            Instant now = Instant.parse("2040-01-01T00:00:00Z");
            List<StoredToken> expired = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                expired.add(token(owner, now.minusSeconds(3600), Duration.ofSeconds(3600 - i)));
            }
            StoredToken live = token(owner, now.minusSeconds(10), Duration.ofHours(1));
            store().inOrganization(org, tx -> {
                expired.forEach(tx::insertToken);
                tx.insertToken(live);
                return null;
            });

            // Other tests' tokens in a shared store expire long before 2040, so only count ours.
            int first;
            do {
                first = store().purgeExpiredTokens(now, 2);
                assertThat(first).isBetween(0, 2);
            } while (first == 2);

            expired.forEach(t -> assertThat(store().findToken(t.lookupId())).isEmpty());
            assertThat(store().findToken(live.lookupId())).contains(live);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "O'Brien \"quoted\"", "100% done_ok", "back\\slash\\\\", "emoji 🔑🚀 names", "日本語の名前",
            "a_b%c'd\"e\\f", "%", "_"})
        @DisplayName("names with quotes, wildcards, backslashes and emoji round-trip exactly")
        void awkwardNamesRoundTrip(String name) {
            IssuedCredentials issued = create(org, name, AuthenticationType.OAUTH);

            assertThat(keyward.connections().get(SUPER, org, issued.connection().id()).name()).isEqualTo(name);
            assertThat(keyward.connections().list(SUPER, org)).extracting(Connection::name).containsExactly(name);
        }

        @Test
        @DisplayName("a name of 100 characters, emoji counted as one, round-trips exactly")
        void longestNameRoundTrips() {
            String name = "🔑".repeat(50) + "x".repeat(50);
            IssuedCredentials issued = create(org, name, AuthenticationType.OAUTH);

            assertThat(keyward.connections().get(SUPER, org, issued.connection().id())).isEqualTo(issued.connection());
        }
    }

    @Nested
    @DisplayName("expiry and last use")
    class Lifecycle {

        @Test
        @DisplayName("an expiry round-trips, and a connection without one reads back without one")
        void expiryRoundTrips() {
            Instant expiresAt = clock.instant().plus(Duration.ofDays(30)).plusNanos(123_456_789);
            StoredConnection expiring = StoredRows.connection(org, "Expiring", AuthenticationType.OAUTH,
                    clock.instant()).expiresAt(expiresAt).build();
            StoredConnection lasting = row(org, "Lasting", clock.instant());
            insert(expiring, lasting);

            assertThat(store().findConnection(org, expiring.connection().id())).contains(expiring);
            assertThat(store().findConnectionByLookupId(expiring.lookupId()).orElseThrow().connection().expiresAt())
                    .isEqualTo(expiresAt.truncatedTo(ChronoUnit.MICROS));
            assertThat(store().findConnection(org, lasting.connection().id()).orElseThrow().connection().expiresAt())
                    .isNull();
        }

        @Test
        @DisplayName("a leak mark round-trips through insert, update and the token join, and clears")
        void leakedAtRoundTrips() {
            Instant leakedAt = clock.instant().plusNanos(987_654_321);
            StoredConnection owner = row(org, "Leaky", clock.instant());
            insert(owner);
            StoredToken token = token(owner, clock.instant(), Duration.ofHours(1));
            store().inOrganization(org, tx -> {
                tx.insertToken(token);
                tx.update(owner.toBuilder().leakedAt(leakedAt).build());
                return null;
            });
            Instant kept = leakedAt.truncatedTo(ChronoUnit.MICROS);
            assertThat(store().findConnection(org, owner.connection().id()).orElseThrow().connection().leakedAt())
                    .isEqualTo(kept);
            assertThat(store().findConnectionByLookupId(owner.lookupId()).orElseThrow().connection().leakedAt())
                    .isEqualTo(kept);
            assertThat(store().findOwnedToken(token.lookupId()).orElseThrow().owner().connection().leakedAt())
                    .isEqualTo(kept);
            StoredConnection marked = store().findConnection(org, owner.connection().id()).orElseThrow();
            store().inOrganization(org, tx -> {
                tx.update(marked.toBuilder().leakedAt(null).build());
                return null;
            });
            assertThat(store().findConnection(org, owner.connection().id()).orElseThrow().connection().leakedAt())
                    .isNull();
            StoredConnection insertedLeaked = StoredRows.connection(org, "Born leaked", AuthenticationType.ACCESS_KEY,
                    clock.instant()).leakedAt(leakedAt).build();
            insert(insertedLeaked);
            assertThat(store().findConnection(org, insertedLeaked.connection().id())).contains(insertedLeaked);
        }

        @Test
        @DisplayName("recording last uses keeps the later time, spans organizations and skips deleted connections")
        void recordLastUsedKeepsTheLaterTime() {
            StoredConnection mine = row(org, "Mine", clock.instant());
            StoredConnection theirs = row(otherOrg, "Theirs", clock.instant());
            StoredConnection deleted = row(org, "Deleted", clock.instant());
            insert(mine, deleted);
            insert(theirs);
            store().inOrganization(org, tx -> {
                tx.delete(deleted.connection().id());
                return null;
            });
            Instant t1 = clock.instant().plusSeconds(60);
            Instant t2 = t1.plusSeconds(60);

            store().recordLastUsed(List.of(new LastUse(org, mine.connection().id(), t2),
                    new LastUse(otherOrg, theirs.connection().id(), t1),
                    new LastUse(org, deleted.connection().id(), t1)));
            store().recordLastUsed(List.of(new LastUse(org, mine.connection().id(), t1)));

            assertThat(store().findConnection(org, mine.connection().id()).orElseThrow().connection().lastUsedAt())
                    .isEqualTo(t2);
            assertThat(store().findConnection(otherOrg, theirs.connection().id()).orElseThrow().connection()
                    .lastUsedAt()).isEqualTo(t1);
            assertThat(store().listConnections(org)).extracting(c -> c.connection().id())
                    .containsExactly(mine.connection().id());
        }

        @Test
        @DisplayName("an update made from a copy read before a last use was recorded does not move it back")
        void staleUpdateKeepsTheRecordedLastUse() {
            StoredConnection row = row(org, "Used", clock.instant());
            insert(row);
            Instant used = clock.instant().plusSeconds(30);
            store().recordLastUsed(List.of(new LastUse(org, row.connection().id(), used)));

            store().inOrganization(org, tx -> {
                tx.update(row.toBuilder().name("Renamed").build());
                return null;
            });

            Connection read = store().findConnection(org, row.connection().id()).orElseThrow().connection();
            assertThat(read.name()).isEqualTo("Renamed");
            assertThat(read.lastUsedAt()).isEqualTo(used);
        }

        @Test
        @DisplayName("through the service: an expired key is denied, listed as expired, and its last use is kept")
        void expiryAndLastUseThroughTheService() {
            Keyward keyward = Fixtures.keyward(store(), clock).cacheMaximumSize(0).build();
            Instant expiresAt = clock.instant().plusSeconds(90);
            IssuedCredentials key = keyward.connections().create(SUPER, org,
                    NewConnection.builder("Key", AuthenticationType.ACCESS_KEY).expiresAt(expiresAt).build());
            Verification verify = new Verification(keyward);
            assertThat(verify.verifies(key.secret().reveal())).isTrue();
            keyward.flushLastUse();
            Instant usedAt = clock.instant();

            clock.advance(Duration.ofSeconds(90));

            assertThat(verify.verifies(key.secret().reveal())).isFalse();
            assertThat(keyward.connections().expiringWithin(SUPER, org, Duration.ZERO)).singleElement()
                    .satisfies(c -> {
                        assertThat(c.expiresAt()).isEqualTo(expiresAt.truncatedTo(ChronoUnit.MICROS));
                        assertThat(c.lastUsedAt()).isEqualTo(usedAt.truncatedTo(ChronoUnit.MILLIS));
                    });
            keyward.close();
        }
    }

    @Nested
    @DisplayName("allowed IP ranges")
    class AllowedIps {

        private final ClientAddress inside = ClientAddress.parse("10.1.2.3");
        private final ClientAddress outside = ClientAddress.parse("192.0.2.1");

        /** The most ranges a connection may have, each of the longest canonical text. */
        private List<String> longestRanges() {
            List<String> ranges = new ArrayList<>();
            for (int i = 0; i < IpAllowlist.MAXIMUM_RANGES; i++) {
                ranges.add(String.format("ffff:ffff:ffff:ffff:ffff:ffff:ffff:%04x/128", 0xff00 + i));
            }
            return ranges;
        }

        @Test
        @DisplayName("ranges round-trip every way a connection is read; a connection without any reads back admitting any address")
        void rangesRoundTrip() {
            IpAllowlist ranges = IpAllowlist.parse(List.of("10.0.0.0/8", "2001:db8::/32", "192.0.2.7"));
            StoredConnection restricted = StoredRows.connection(org, "Restricted", AuthenticationType.OAUTH,
                    clock.instant()).allowedIps(ranges).build();
            StoredConnection open = row(org, "Open", clock.instant().plusSeconds(1));
            StoredToken token = token(restricted, clock.instant(), Duration.ofHours(1));
            insert(restricted, open);
            store().inOrganization(org, tx -> {
                tx.insertToken(token);
                return null;
            });

            assertThat(store().findConnection(org, restricted.connection().id())).contains(restricted);
            assertThat(store().findConnectionByLookupId(restricted.lookupId()).orElseThrow().connection().allowedIps()
                    .toStrings()).containsExactly("10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32");
            assertThat(store().listConnections(org)).extracting(c -> c.connection().allowedIps())
                    .containsExactly(ranges, IpAllowlist.any());
            assertThat(store().findOwnedToken(token.lookupId()).orElseThrow().owner()).isEqualTo(restricted);
        }

        @Test
        @DisplayName("the most ranges of the longest text round-trip, and an update replaces them, back to none")
        void longestListRoundTripsAndUpdatesReplaceIt() {
            StoredConnection stored = row(org, "Widest", clock.instant());
            insert(stored);
            StoredConnection widest = stored.toBuilder().allowedIps(IpAllowlist.parse(longestRanges())).build();
            store().inOrganization(org, tx -> {
                tx.update(widest);
                return null;
            });
            assertThat(store().findConnection(org, stored.connection().id())).contains(widest);

            StoredConnection cleared = widest.toBuilder().allowedIps(IpAllowlist.any()).build();
            store().inOrganization(org, tx -> {
                tx.update(cleared);
                return null;
            });
            assertThat(store().findConnection(org, stored.connection().id()).orElseThrow().connection().allowedIps()
                    .isAny()).isTrue();
        }

        @Test
        @DisplayName("through the service: a key is admitted only from its ranges, and an update applies at once")
        void rangesThroughTheService() {
            IssuedCredentials key = keyward.connections().create(ADMIN, org, NewConnection
                    .builder("Office", AuthenticationType.ACCESS_KEY).allowedIps(List.of("10.0.0.0/8")).build());
            assertThat(key.connection().allowedIps().toStrings()).containsExactly("10.0.0.0/8");
            assertThat(denial(key, inside)).isNull();
            assertThat(denial(key, outside)).isEqualTo(DenialCode.IP_NOT_ALLOWED);

            Connection updated = keyward.connections().update(ADMIN, org, key.connection().id(),
                    ConnectionUpdate.builder().allowedIps(List.of("192.0.2.0/24")).build());

            assertThat(store().findConnection(org, key.connection().id()).orElseThrow().connection())
                    .isEqualTo(updated);
            assertThat(denial(key, outside)).isNull();
            assertThat(denial(key, inside)).isEqualTo(DenialCode.IP_NOT_ALLOWED);
        }

        @Test
        @DisplayName("another node sharing the store applies changed ranges by the revocation log, within a few poll intervals")
        void anotherNodeFollowsAChange() {
            Keyward other = anotherNode(store());
            IssuedCredentials key = keyward.connections().create(ADMIN, org, "Key", AuthenticationType.ACCESS_KEY);
            assertThat(denial(other, key, outside)).isNull();

            keyward.connections().update(ADMIN, org, key.connection().id(),
                    ConnectionUpdate.builder().allowedIps(List.of("10.0.0.0/8")).build());
            long updated = System.nanoTime();

            // The clock stands still, so the per-credential re-read never comes: only the log can tell.
            long deadline = updated + TimeUnit.SECONDS.toNanos(10);
            while (denial(other, key, outside) == null && System.nanoTime() < deadline) {
                // Not a spin: on a loaded machine the other node's follower needs the processor.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - updated);
            assertThat(denial(other, key, outside)).isEqualTo(DenialCode.IP_NOT_ALLOWED);
            // Ten poll intervals: room for a loaded machine, far below anything but the log.
            assertThat(millis).as("milliseconds until the other node applied it").isLessThan(2_000);
            assertThat(denial(other, key, inside)).isNull();
        }

        private DenialCode denial(IssuedCredentials key, ClientAddress from) {
            return denial(keyward, key, from);
        }

        private DenialCode denial(Keyward node, IssuedCredentials key, ClientAddress from) {
            AuthenticationResult result = node.authenticator().authenticate(
                    RequestHeaders.of("Accesskey", key.secret().reveal()), ApiFamily.REST, null, from);
            return result instanceof AuthenticationResult.Denied denied ? denied.code() : null;
        }
    }

    @Nested
    @DisplayName("revocation log")
    class RevocationLog {

        private Revocation revocation(StoredConnection of, String tokenLookupId) {
            return Revocation.builder().organizationId(of.connection().organizationId())
                    .connectionId(of.connection().id()).connectionLookupId(of.lookupId())
                    .tokenLookupId(tokenLookupId).revokedAt(clock.instant()).build();
        }

        /** Records {@code count} revocations of the connection, made now, each in a unit of work of its own. */
        private void recordRevocations(StoredConnection of, int count) {
            for (int i = 0; i < count; i++) {
                store().inOrganization(org, tx -> {
                    tx.recordRevocation(revocation(of, null));
                    return null;
                });
            }
        }

        private List<Revocation> since(long position) {
            return store().revocationsAfter(position, 1000).stream()
                    .filter(r -> r.organizationId().equals(org)).toList();
        }

        @Test
        @DisplayName("records are numbered in commit order without gaps, read back in pages, every field kept")
        void recordsRoundTripInOrder() {
            StoredConnection a = row(org, "A", clock.instant());
            insert(a);
            long before = store().latestRevocation();
            Revocation whole = revocation(a, null);
            Revocation one = revocation(a, "TOKENLOOKUP1");
            store().inOrganization(org, tx -> {
                tx.recordRevocation(whole);
                tx.recordRevocation(one);
                return null;
            });

            List<Revocation> read = store().revocationsAfter(before, 1000);
            assertThat(store().latestRevocation()).isGreaterThanOrEqualTo(before + 2);
            assertThat(read).extracting(Revocation::sequence).isSorted().doesNotHaveDuplicates();
            for (int i = 1; i < read.size(); i++) {
                assertThat(read.get(i).sequence()).isEqualTo(read.get(i - 1).sequence() + 1);
            }
            assertThat(since(before)).containsExactly(whole.toBuilder().sequence(read.get(0).sequence()).build(),
                    one.toBuilder().sequence(read.get(0).sequence() + 1).build());
            assertThat(store().revocationsAfter(before, 1)).hasSize(1);
        }

        @ParameterizedTest(name = "limit {0}")
        @ValueSource(ints = {3, 500})
        @DisplayName("a page of the log holds exactly the limit while more records follow, and the next page the rest")
        void pagesAreFullUntilTheEnd(int limit) {
            StoredConnection a = row(org, "A", clock.instant());
            insert(a);
            long before = store().latestRevocation();
            store().inOrganization(org, tx -> {
                for (int i = 0; i < limit; i++) {
                    tx.recordRevocation(revocation(a, null));
                }
                return null;
            });
            recordRevocations(a, 1);

            // As a node reads the log: a page shorter than the limit is its end, so no store may cap pages lower.
            List<Revocation> page = store().revocationsAfter(before, limit);
            List<Revocation> next = store().revocationsAfter(page.get(page.size() - 1).sequence(), limit);

            assertThat(page).extracting(Revocation::sequence)
                    .containsExactlyElementsOf(LongStream.rangeClosed(before + 1, before + limit).boxed().toList());
            assertThat(next).extracting(Revocation::sequence).containsExactly(before + limit + 1);
        }

        @Test
        @DisplayName("a unit of work that throws leaves no record, and the next record takes the number it would have"
                + " had")
        void failedUnitOfWorkLeavesNoRecord() {
            StoredConnection a = row(org, "A", clock.instant());
            insert(a);
            long before = store().latestRevocation();

            assertThatThrownBy(() -> store().inOrganization(org, tx -> {
                tx.recordRevocation(revocation(a, null));
                throw new IllegalStateException("boom");
            })).hasMessage("boom");

            assertThat(since(before)).isEmpty();
            assertThat(store().latestRevocation()).isEqualTo(before);
            recordRevocations(a, 1);
            // A gap would read to every node as records purged before it read them.
            assertThat(since(before)).extracting(Revocation::sequence).containsExactly(before + 1);
        }

        @Test
        @DisplayName("a record shows only once its unit of work commits, numbered next; until then reads of the log"
                + " and of the connection neither see the change nor wait for it")
        void recordShowsOnlyOnceItsUnitOfWorkCommits() throws Exception {
            StoredConnection a = row(org, "A", clock.instant());
            insert(a);
            long before = store().latestRevocation();
            Revocation revoked = revocation(a, null);
            CountDownLatch recorded = new CountDownLatch(1);
            CountDownLatch commit = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                Future<Boolean> work = threads.submit(() -> store().inOrganization(org, tx -> {
                    tx.update(a.toBuilder().name("Renamed").build());
                    tx.recordRevocation(revoked);
                    recorded.countDown();
                    return heldUntil(commit);
                }));
                assertThat(recorded.await(30, TimeUnit.SECONDS)).isTrue();

                // On a thread of its own, so that reads waiting for the open unit of work fail the test, not hang it;
                // the unit of work holds on longer, so such reads cannot end by its giving up.
                Future<Seen> meanwhile = threads.submit(() -> new Seen(store().latestRevocation(),
                        store().revocationsAfter(before, 10), store().findConnection(org, a.connection().id())));
                assertThat(meanwhile).as("reads while a unit of work is open").succeedsWithin(Duration.ofSeconds(10))
                        .isEqualTo(new Seen(before, List.of(), Optional.of(a)));

                commit.countDown();
                assertThat(work.get(30, TimeUnit.SECONDS)).as("committed when released, not before").isTrue();
            } finally {
                commit.countDown();
                threads.shutdownNow();
            }

            assertThat(store().latestRevocation()).isEqualTo(before + 1);
            assertThat(store().revocationsAfter(before, 10))
                    .containsExactly(revoked.toBuilder().sequence(before + 1).build());
            assertThat(store().findConnection(org, a.connection().id())).map(c -> c.connection().name())
                    .contains("Renamed");
        }

        /** What a reader sees of the log and of one connection. */
        private record Seen(long latestRevocation, List<Revocation> after, Optional<StoredConnection> connection) {
        }

        @Test
        @DisplayName("regenerate, delete and revoking a token each log one record, and deleteToken takes one token")
        void serviceLogsEveryRevocation() {
            IssuedCredentials client = create(org, "Client", AuthenticationType.OAUTH);
            String kept = verification.token(client.connection().clientId(), client.secret().reveal());
            String revoked = verification.token(client.connection().clientId(), client.secret().reveal());
            long before = store().latestRevocation();

            assertThat(keyward.revokeToken(revoked)).isTrue();
            assertThat(keyward.revokeToken(revoked)).isFalse();
            assertThat(verification.bearerVerifies(revoked, ApiFamily.REST)).isFalse();
            assertThat(verification.bearerVerifies(kept, ApiFamily.REST)).isTrue();
            keyward.connections().regenerate(SUPER, org, client.connection().id());
            keyward.connections().delete(SUPER, org, client.connection().id());

            String lookupId = store().findConnection(org, client.connection().id()).map(StoredConnection::lookupId)
                    .orElse(CredentialLayout.lookupIdOf(client.secret().reveal()));
            assertThat(since(before)).extracting(Revocation::connectionLookupId, Revocation::tokenLookupId)
                    .containsExactly(tuple(lookupId, CredentialLayout.lookupIdOf(revoked)),
                            tuple(lookupId, null),
                            tuple(lookupId, null));
        }

        @Test
        @DisplayName("purging deletes only records made before the instant, at most the limit per call")
        void purgeIsBounded() {
            StoredConnection a = row(org, "A", clock.instant());
            insert(a);
            long before = store().latestRevocation();
            recordRevocations(a, 3);
            clock.advance(Duration.ofHours(1));
            Instant cut = clock.instant();
            recordRevocations(a, 1);

            int purged = 0;
            int last;
            do {
                last = store().purgeRevocations(cut, 2);
                assertThat(last).isLessThanOrEqualTo(2);
                purged += last;
            } while (last == 2);

            assertThat(purged).isGreaterThanOrEqualTo(3);
            assertThat(since(before)).extracting(Revocation::revokedAt).containsExactly(cut);
            assertThat(store().latestRevocation()).isGreaterThanOrEqualTo(before + 4);
        }

        @Test
        @DisplayName("purging never takes the latest record, however old: a node that read none of them sees the gap")
        void purgeKeepsTheLatestRecord() {
            StoredConnection a = row(org, "A", clock.instant());
            insert(a);
            long before = store().latestRevocation();
            recordRevocations(a, 3);
            long latest = store().latestRevocation();
            clock.advance(Duration.ofHours(1));

            while (store().purgeRevocations(clock.instant(), 10) > 0) {
                assertThat(store().revocationsAfter(latest - 1, 10)).as("the latest record")
                        .extracting(Revocation::sequence).containsExactly(latest);
            }

            assertThat(store().revocationsAfter(before, 10)).extracting(Revocation::sequence)
                    .as("a node at %d finds the next record numbered past %d", before, before + 1)
                    .containsExactly(latest);
            assertThat(store().latestRevocation()).isEqualTo(latest);
        }

        @Test
        @DisplayName("purging takes only the log's oldest records: it stops at the first not made before the instant")
        void purgeStopsAtTheFirstYoungRecord() {
            StoredConnection a = row(org, "A", clock.instant());
            insert(a);
            long before = store().latestRevocation();
            Instant t = clock.instant();
            // Each record carries its revoking node's clock, so a later record may be stamped earlier.
            Revocation stampedLater = revocation(a, null).toBuilder().revokedAt(t.plus(Duration.ofMinutes(1))).build();
            Revocation stampedEarlier = revocation(a, "TOKENLOOKUP1").toBuilder().revokedAt(t).build();
            // The earlier-stamped record is not the latest, which is never purged anyway.
            Revocation last = revocation(a, "TOKENLOOKUP2").toBuilder().revokedAt(t.plus(Duration.ofMinutes(1))).build();
            store().inOrganization(org, tx -> {
                tx.recordRevocation(stampedLater);
                tx.recordRevocation(stampedEarlier);
                tx.recordRevocation(last);
                return null;
            });

            // Other tests' older records in a shared store may go; ours stay behind the first one not old enough.
            while (store().purgeRevocations(t.plusSeconds(1), 10) == 10) {
                assertThat(since(before)).hasSize(3);
            }

            assertThat(since(before)).extracting(Revocation::revokedAt, Revocation::tokenLookupId)
                    .containsExactly(tuple(stampedLater.revokedAt(), null), tuple(t, "TOKENLOOKUP1"),
                            tuple(last.revokedAt(), "TOKENLOOKUP2"));
        }

        @Test
        @DisplayName("another node sharing the store denies a regenerated key well within the poll interval, "
                + "without re-reading the key")
        void anotherNodeLearnsFromTheLog() {
            keyRevokedHereIsDeniedThereFromTheLog(anotherNode(store()), Revoked.REGENERATED);
        }
    }

    @Nested
    @DisplayName("unit of work")
    class UnitOfWork {

        @Test
        @DisplayName("returns the work's result and shows its own writes inside")
        void returnsResultAndSeesOwnWrites() {
            StoredConnection row = row(org, "Mine", clock.instant());
            int seen = store().inOrganization(org, tx -> {
                tx.insert(row);
                return tx.connections().size();
            });
            assertThat(seen).isEqualTo(1);
        }

        @Test
        @DisplayName("finds a connection by id inside, own writes included, never another organization's")
        void findsByIdInside() {
            StoredConnection elsewhere = row(otherOrg, "Elsewhere", clock.instant());
            insert(elsewhere);
            StoredConnection row = row(org, "Mine", clock.instant());
            StoredConnection renamed = row.toBuilder().name("Renamed").build();

            List<Optional<StoredConnection>> found = store().inOrganization(org, tx -> {
                Optional<StoredConnection> before = tx.find(row.connection().id());
                tx.insert(row);
                Optional<StoredConnection> inserted = tx.find(row.connection().id());
                tx.update(renamed);
                return List.of(before, inserted, tx.find(row.connection().id()), tx.find(elsewhere.connection().id()));
            });

            assertThat(found).containsExactly(Optional.empty(), Optional.of(row), Optional.of(renamed), Optional.empty());
        }

        @Test
        @DisplayName("work that throws leaves nothing behind and its exception propagates unchanged")
        void failedWorkLeavesNothing() {
            StoredConnection existing = row(org, "Existing", clock.instant());
            insert(existing);
            StoredToken existingToken = token(existing, clock.instant(), Duration.ofHours(1));
            store().inOrganization(org, tx -> {
                tx.insertToken(existingToken);
                return null;
            });
            StoredConnection added = row(org, "Added", clock.instant());
            IllegalStateException failure = new IllegalStateException("boom");

            assertThatThrownBy(() -> store().inOrganization(org, tx -> {
                tx.insert(added);
                tx.insertToken(token(added, clock.instant(), Duration.ofHours(1)));
                tx.update(existing.toBuilder().name("Changed").updatedAt(clock.instant()).build());
                tx.deleteTokens(existing.connection().id());
                throw failure;
            })).isSameAs(failure);

            assertThat(store().listConnections(org)).containsExactly(existing);
            assertThat(store().findConnectionByLookupId(added.lookupId())).isEmpty();
            assertThat(store().findToken(existingToken.lookupId())).contains(existingToken);
        }

        @Test
        @DisplayName("a taken name key or lookup id is a StoreConflictException, and the unit of work writes nothing")
        void takenUniqueKeyIsAConflict() {
            StoredConnection existing = row(org, "Stra\u00dfe", clock.instant());
            StoredConnection other = row(org, "Other", clock.instant());
            insert(existing, other);
            StoredConnection elsewhere = row(otherOrg, "Elsewhere", clock.instant());
            StoredConnection sameLookupId = elsewhere.toBuilder().lookupId(existing.lookupId()).build();

            assertThatThrownBy(() -> insert(row(org, "New", clock.instant()), row(org, "STRASSE", clock.instant())))
                    .isInstanceOf(StoreConflictException.class);
            assertThatThrownBy(() -> store().inOrganization(org, tx -> {
                tx.update(other.toBuilder().name("strasse").updatedAt(clock.instant()).build());
                return null;
            })).isInstanceOf(StoreConflictException.class);
            assertThatThrownBy(() -> insert(sameLookupId)).isInstanceOf(StoreConflictException.class);

            assertThat(store().listConnections(org)).containsExactlyInAnyOrder(existing, other);
            assertThat(store().listConnections(otherOrg)).isEmpty();
            assertThat(store().findConnectionByLookupId(existing.lookupId())).contains(existing);
        }

        @Test
        @DisplayName("50 threads counting then inserting in one organization each see the others' inserts and never"
                + " exceed the count")
        void unitsOfWorkAreSerializedPerOrganization() throws Exception {
            countingThenInsertingAtOnceKeepsTheCount(store());
        }

        @Test
        @DisplayName("a unit of work on one organization does not wait for one on another")
        void organizationsDoNotBlockEachOther() throws Exception {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<Boolean> holder = pool.submit(() -> store().inOrganization(org, tx -> {
                    holding.countDown();
                    return heldUntil(release);
                }));
                assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();

                StoredConnection other = row(otherOrg, "Other", clock.instant());
                insert(other);
                assertThat(store().listConnections(otherOrg)).containsExactly(other);

                release.countDown();
                // Had the insert waited for it, the holding unit of work would have given up first.
                assertThat(holder.get(30, TimeUnit.SECONDS)).as("still open when released").isTrue();
            } finally {
                release.countDown();
                pool.shutdownNow();
            }
        }
    }

    @Nested
    @DisplayName("across processes: a second instance of the store on the same data")
    class AcrossProcesses {

        private KeywardStore second;
        private Keyward secondNode;

        @BeforeEach
        void openTheSecondInstance() {
            second = secondStore();
            secondNode = anotherNode(second);
        }

        @Test
        @DisplayName("50 threads counting then inserting in one organization, split over both instances, each see the"
                + " others' inserts and never exceed the count")
        void unitsOfWorkAreSerializedAcrossInstances() throws Exception {
            countingThenInsertingAtOnceKeepsTheCount(store(), second);
        }

        @Test
        @DisplayName("R2: 50 M2M OAuth creations at once, split over nodes on both instances, leave exactly 15")
        void oauthCreationsOverBothInstancesStopAtFifteen() throws Exception {
            oauthCreationsAtOnceStopAtFifteen(keyward, secondNode);
        }

        @Test
        @DisplayName("R1: 10 Access Key creations at once, split over nodes on both instances, leave exactly one")
        void accessKeyCreationsOverBothInstancesLeaveOne() throws Exception {
            accessKeyCreationsAtOnceLeaveOne(keyward, secondNode);
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(Revoked.class)
        @DisplayName("a node on the second instance denies a key regenerated or deleted through the first, from the"
                + " log alone")
        void nodeOnTheSecondInstanceLearnsFromTheLog(Revoked how) {
            keyRevokedHereIsDeniedThereFromTheLog(secondNode, how);
        }
    }

    @Nested
    @DisplayName("rules through the service")
    class Rules {

        @Test
        @DisplayName("R1: a second Access Key connection is refused; deleting the first frees the slot")
        void secondAccessKeyIsRefused() {
            IssuedCredentials first = create(org, "Key", AuthenticationType.ACCESS_KEY);

            assertThatThrownBy(() -> create(org, "Another key", AuthenticationType.ACCESS_KEY))
                    .isInstanceOfSatisfying(KeywardException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_KEY_EXISTS));
            assertThat(store().listConnections(org)).hasSize(1);
            assertThat(create(otherOrg, "Key", AuthenticationType.ACCESS_KEY).connection().organizationId())
                    .isEqualTo(otherOrg);

            keyward.connections().delete(ADMIN, org, first.connection().id());
            assertThat(create(org, "Another key", AuthenticationType.ACCESS_KEY).connection().name())
                    .isEqualTo("Another key");
        }

        @Test
        @DisplayName("R2: the 16th M2M OAuth connection is refused; deleting one frees a slot")
        void sixteenthOauthConnectionIsRefused() {
            List<IssuedCredentials> created = new ArrayList<>();
            for (int i = 1; i <= 15; i++) {
                created.add(create(org, "client " + i, AuthenticationType.OAUTH));
            }

            assertThatThrownBy(() -> create(org, "client 16", AuthenticationType.OAUTH))
                    .isInstanceOfSatisfying(KeywardException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.OAUTH_LIMIT_REACHED));
            assertThat(create(org, "the key", AuthenticationType.ACCESS_KEY).connection().authenticationType())
                    .as("the OAuth limit leaves the Access Key slot alone").isEqualTo(AuthenticationType.ACCESS_KEY);

            keyward.connections().delete(SUPER, org, created.get(3).connection().id());
            ConnectionId sixteenth = create(org, "client 16", AuthenticationType.OAUTH).connection().id();
            assertThat(store().listConnections(org)).hasSize(16)
                    .filteredOn(c -> c.connection().authenticationType() == AuthenticationType.OAUTH).hasSize(15)
                    .extracting(c -> c.connection().id()).contains(sixteenth)
                    .doesNotContain(created.get(3).connection().id());
        }

        @Test
        @DisplayName("R2: 50 threads creating M2M OAuth connections at once leave exactly 15")
        void concurrentOauthCreationsStopAtFifteen() throws Exception {
            oauthCreationsAtOnceStopAtFifteen(keyward);
        }

        @Test
        @DisplayName("R1/R3: 10 threads creating an Access Key, or one name, at once leave exactly one")
        void concurrentDuplicatesLeaveOne() throws Exception {
            accessKeyCreationsAtOnceLeaveOne(keyward);
            List<String> names = createAtOnce(otherOrg, 10,
                    i -> NewConnection.builder("Same name", AuthenticationType.OAUTH).build(), keyward);

            assertThat(names).containsOnlyOnce(CREATED).filteredOn(o -> !o.equals(CREATED)).hasSize(9)
                    .containsOnly(ErrorCode.NAME_TAKEN.name());
            assertThat(store().listConnections(otherOrg)).singleElement()
                    .satisfies(c -> assertThat(c.connection().name()).isEqualTo("Same name"));
        }

        @Test
        @DisplayName("R3: 'Prod' and ' prod ' collide in one organization but not across organizations")
        void namesAreUniquePerOrganizationIgnoringCase() {
            create(org, "Prod", AuthenticationType.OAUTH);

            assertThatThrownBy(() -> create(org, " prod ", AuthenticationType.ACCESS_KEY))
                    .isInstanceOfSatisfying(KeywardException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_TAKEN));
            assertThat(create(otherOrg, " prod ", AuthenticationType.OAUTH).connection().name()).isEqualTo("prod");
        }

        @Test
        @DisplayName("R3: renaming onto another connection's name is refused; changing one's own case is not")
        void renameRespectsUniqueness() {
            create(org, "Alpha", AuthenticationType.OAUTH);
            IssuedCredentials beta = create(org, "Beta", AuthenticationType.OAUTH);
            ConnectionId id = beta.connection().id();

            assertThatThrownBy(() -> keyward.connections().rename(SUPER, org, id, "ALPHA"))
                    .isInstanceOfSatisfying(KeywardException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_TAKEN));
            assertThat(keyward.connections().get(SUPER, org, id).name()).isEqualTo("Beta");

            clock.advance(Duration.ofSeconds(3));
            Connection renamed = keyward.connections().rename(SUPER, org, id, " BETA ");
            assertThat(renamed.name()).isEqualTo("BETA");
            assertThat(renamed.updatedAt()).isEqualTo(beta.connection().createdAt().plusSeconds(3));
            assertThat(renamed.createdAt()).isEqualTo(beta.connection().createdAt());
        }

        @Test
        @DisplayName("R6: after regenerate the old secret no longer verifies and the new one does")
        void regenerateReplacesTheSecret() {
            IssuedCredentials first = create(org, "Key", AuthenticationType.ACCESS_KEY);
            assertThat(verification.verifies(first.secret().reveal())).isTrue();

            IssuedCredentials second = keyward.connections().regenerate(ADMIN, org, first.connection().id());

            assertThat(verification.verifies(first.secret().reveal())).isFalse();
            assertThat(verification.verifies(second.secret().reveal())).isTrue();
            assertThat(second.connection().id()).isEqualTo(first.connection().id());
            assertThat(second.connection().hint()).isEqualTo(second.secret().hint()).isNotEqualTo(first.secret().hint());
        }

        @Test
        @DisplayName("R6: OAuth regenerate keeps the client id, changes the secret, revokes issued tokens")
        void oauthRegenerateKeepsClientIdAndDropsTokens() {
            IssuedCredentials first = create(org, "Client", AuthenticationType.OAUTH);
            StoredConnection stored = store().findConnection(org, first.connection().id()).orElseThrow();
            StoredToken issued = token(stored, clock.instant(), Duration.ofHours(1));
            store().inOrganization(org, tx -> {
                tx.insertToken(issued);
                return null;
            });

            IssuedCredentials second = keyward.connections().regenerate(SUPER, org, first.connection().id());

            assertThat(second.connection().clientId()).isEqualTo(first.connection().clientId());
            assertThat(verification.verifies(first.secret().reveal())).isFalse();
            assertThat(verification.verifies(second.secret().reveal())).isTrue();
            assertThat(store().findToken(issued.lookupId())).isEmpty();
        }

        @Test
        @DisplayName("R6: a grace period keeps the old secret valid to the second, then not")
        void gracePeriodIsHonouredToTheSecond() {
            IssuedCredentials first = create(org, "Key", AuthenticationType.ACCESS_KEY);
            IssuedCredentials second = keyward.connections()
                    .regenerate(ADMIN, org, first.connection().id(), Duration.ofSeconds(60));

            clock.advance(Duration.ofSeconds(59));
            assertThat(verification.verifies(first.secret().reveal())).isTrue();
            assertThat(verification.verifies(second.secret().reveal())).isTrue();

            clock.advance(Duration.ofSeconds(1));
            assertThat(verification.verifies(first.secret().reveal())).isFalse();
            assertThat(verification.verifies(second.secret().reveal())).isTrue();
        }

        @Test
        @DisplayName("R7: delete revokes the secret and frees the name")
        void deleteRevokesAndFreesTheName() {
            IssuedCredentials issued = create(org, "Client", AuthenticationType.OAUTH);
            String lookupId = store().findConnection(org, issued.connection().id()).orElseThrow().lookupId();

            keyward.connections().delete(SUPER, org, issued.connection().id());

            assertThat(verification.verifies(issued.secret().reveal())).isFalse();
            assertThat(store().findConnectionByLookupId(lookupId)).isEmpty();
            assertThat(store().listConnections(org)).isEmpty();
            assertThatThrownBy(() -> keyward.connections().get(SUPER, org, issued.connection().id()))
                    .isInstanceOfSatisfying(KeywardException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThat(create(org, "client", AuthenticationType.OAUTH).connection().name()).isEqualTo("client");
        }
    }

    @Nested
    @DisplayName("names as people see them")
    class Names {

        private void assertRefused(ThrowingCallable call, ErrorCode code) {
            assertThatThrownBy(call).isInstanceOfSatisfying(KeywardException.class, e -> {
                assertThat(e.code()).isEqualTo(code);
                assertThat(e.httpStatus()).isEqualTo(code == ErrorCode.NAME_TAKEN ? 409 : 400);
            });
        }

        @ParameterizedTest(name = "{0} then {1}")
        @MethodSource("dev.keyward.testing.NameTable#lookAlikes")
        @DisplayName("a name a person reads as a taken one is refused with NAME_TAKEN (409), in that organization only")
        void lookAlikeIsNameTaken(String first, String second) {
            create(org, first, AuthenticationType.OAUTH);

            assertRefused(() -> create(org, second, AuthenticationType.ACCESS_KEY), ErrorCode.NAME_TAKEN);
            assertThat(store().listConnections(org)).hasSize(1);
            create(otherOrg, second, AuthenticationType.OAUTH);
            assertThat(store().listConnections(otherOrg)).extracting(c -> c.connection().name())
                    .containsExactly(ConnectionNames.normalize(second));
        }

        @ParameterizedTest(name = "{0} then {1}")
        @MethodSource("dev.keyward.testing.NameTable#lookAlikes")
        @DisplayName("renaming onto a look-alike of another connection's name is refused the same way")
        void renameOntoLookAlikeIsNameTaken(String first, String second) {
            create(org, first, AuthenticationType.OAUTH);
            ConnectionId other = create(org, "Other", AuthenticationType.OAUTH).connection().id();

            assertRefused(() -> keyward.connections().rename(SUPER, org, other, second), ErrorCode.NAME_TAKEN);
            assertThat(store().findConnection(org, other).orElseThrow().connection().name()).isEqualTo("Other");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.keyward.testing.NameTable#refused")
        @DisplayName("an invisible, bidi-control, control, unassigned, blank or overlong name is refused with"
                + " INVALID_INPUT (400) on create and rename, and nothing is written")
        void invisibleNameIsInvalidInput(String name) {
            assertRefused(() -> create(org, name, AuthenticationType.OAUTH), ErrorCode.INVALID_INPUT);
            assertThat(store().listConnections(org)).isEmpty();

            IssuedCredentials visible = create(org, "Visible", AuthenticationType.OAUTH);
            assertRefused(() -> keyward.connections().rename(SUPER, org, visible.connection().id(), name),
                    ErrorCode.INVALID_INPUT);
            assertThat(store().listConnections(org)).extracting(StoredConnection::connection)
                    .containsExactly(visible.connection());
        }

        @ParameterizedTest(name = "{0} is shown as {1}")
        @MethodSource("dev.keyward.testing.NameTable#displayForms")
        @DisplayName("a name comes back in its display form from create, get, list, the store and rename")
        void nameComesBackInDisplayForm(String input, String display) {
            IssuedCredentials issued = create(org, input, AuthenticationType.OAUTH);
            ConnectionId id = issued.connection().id();

            assertThat(issued.connection().name()).isEqualTo(display);
            assertThat(keyward.connections().get(SUPER, org, id).name()).isEqualTo(display);
            assertThat(keyward.connections().list(SUPER, org)).extracting(Connection::name).containsExactly(display);
            assertThat(store().findConnection(org, id).orElseThrow().nameKey()).isEqualTo(ConnectionNames.key(input));

            ConnectionId other = create(otherOrg, "Other", AuthenticationType.OAUTH).connection().id();
            assertThat(keyward.connections().rename(SUPER, otherOrg, other, input).name()).isEqualTo(display);
            assertThat(store().findConnection(otherOrg, other).orElseThrow().connection().name()).isEqualTo(display);
        }
    }

    @Nested
    @DisplayName("verification")
    class VerificationThroughTheStore {

        private String tokenFor(IssuedCredentials client) {
            return verification.token(client.connection().clientId(), client.secret().reveal());
        }

        @Test
        @DisplayName("a token from the endpoint is stored only as a hash and verifies on REST, not on Event APIs")
        void tokenRoundTrip() {
            IssuedCredentials client = create(org, "Client", AuthenticationType.OAUTH);

            String token = tokenFor(client);

            StoredToken stored = store().findToken(CredentialLayout.lookupIdOf(token)).orElseThrow();
            assertThat(stored.tokenHash()).startsWith("$sha256$").doesNotContain(token);
            assertThat(stored.connectionId()).isEqualTo(client.connection().id());
            assertThat(stored.expiresAt()).isEqualTo(stored.issuedAt().plus(Duration.ofDays(1)));
            assertThat(verification.bearerVerifies(token, ApiFamily.REST)).isTrue();
            assertThat(verification.bearerVerifies(token, ApiFamily.EVENT)).isFalse();
        }

        @Test
        @DisplayName("the eleventh live token of a connection revokes the first, through the revocation log")
        void eleventhTokenRevokesTheFirst() {
            IssuedCredentials client = create(org, "Client", AuthenticationType.OAUTH);
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                clock.advance(Duration.ofSeconds(1));
                tokens.add(tokenFor(client));
            }

            assertThat(verification.bearerVerifies(tokens.get(0), ApiFamily.REST)).isFalse();
            assertThat(store().findToken(CredentialLayout.lookupIdOf(tokens.get(0)))).isEmpty();
            assertThat(tokens.subList(1, 11)).allSatisfy(t ->
                    assertThat(verification.bearerVerifies(t, ApiFamily.REST)).isTrue());
            long latest = store().latestRevocation();
            assertThat(store().revocationsAfter(latest - 1, 10)).singleElement()
                    .satisfies(r -> assertThat(r.tokenLookupId()).isEqualTo(CredentialLayout.lookupIdOf(tokens.get(0))));
        }

        @Test
        @DisplayName("a token verifies on another node sharing the store, and its revocation reaches it in the bound")
        void tokenVerifiesOnAnotherNode() {
            IssuedCredentials client = create(org, "Client", AuthenticationType.OAUTH);
            String token = tokenFor(client);
            Keyward other = Fixtures.keyward(store(), clock).build();
            Verification otherNode = new Verification(other);
            assertThat(otherNode.bearerVerifies(token, ApiFamily.REST)).isTrue();

            keyward.connections().delete(SUPER, org, client.connection().id());

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (otherNode.bearerVerifies(token, ApiFamily.REST) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(otherNode.bearerVerifies(token, ApiFamily.REST)).isFalse();
            other.close();
        }

        @Test
        @DisplayName("regenerate and delete revoke issued tokens and the old secret")
        void regenerateAndDeleteRevokeTokens() {
            IssuedCredentials client = create(org, "Client", AuthenticationType.OAUTH);
            String first = tokenFor(client);

            IssuedCredentials next = keyward.connections().regenerate(SUPER, org, client.connection().id());
            assertThat(verification.bearerVerifies(first, ApiFamily.REST)).isFalse();
            assertThat(tokenFor(client)).isNull();
            String second = tokenFor(next);
            assertThat(verification.bearerVerifies(second, ApiFamily.REST)).isTrue();

            keyward.connections().delete(SUPER, org, client.connection().id());
            assertThat(verification.bearerVerifies(second, ApiFamily.REST)).isFalse();
            assertThat(store().findToken(CredentialLayout.lookupIdOf(second))).isEmpty();
        }

        @Test
        @DisplayName("an expired token is denied, then purged")
        void expiredTokenIsDeniedAndPurged() {
            IssuedCredentials client = create(org, "Client", AuthenticationType.OAUTH);
            String token = tokenFor(client);

            clock.advance(Duration.ofDays(1));
            assertThat(verification.bearerVerifies(token, ApiFamily.REST)).isFalse();
            while (keyward.purgeExpiredTokens(100) == 100) {
                // Other tests' tokens may have expired too in a shared store.
            }

            assertThat(store().findToken(CredentialLayout.lookupIdOf(token))).isEmpty();
        }
    }
}
