package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.internal.CachedConnection;
import dev.keyward.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TrafficLimiter: the allowance a connection keeps")
class TrafficLimiterTest {

    private static final TrafficLimits THIRTY_A_MINUTE = new TrafficLimits(30, 0);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T12:00:00Z"));
    private final TrafficLimiter limiter = new TrafficLimiter(org -> THIRTY_A_MINUTE, THIRTY_A_MINUTE, clock);

    private static CachedConnection connectionOf(String organization, String lookupId) {
        return new CachedConnection(lookupId, new Principal(OrganizationId.of(organization),
                ConnectionId.of("c-" + lookupId), "Key " + lookupId, AuthenticationType.ACCESS_KEY));
    }

    private long remaining(RateLimitStatus status) {
        String value = status.rateLimitHeader();
        return Long.parseLong(value.substring(value.indexOf("r=") + 2, value.indexOf(";t=")));
    }

    @Test
    @DisplayName("connections of one organization count against one allowance, found again through each connection")
    void connectionsOfOneOrganizationShareTheirAllowance() {
        CachedConnection first = connectionOf("acme", "AAAAAAAAAAA1");
        CachedConnection second = connectionOf("acme", "AAAAAAAAAAA2");
        long now = clock.millis();

        limiter.charge("acme", first, now);
        limiter.charge("acme", second, now);
        limiter.charge("acme", first, now);

        assertThat(remaining(limiter.charge("acme", second, now))).isEqualTo(26);
        assertThat(first.trafficAllowance()).isSameAs(second.trafficAllowance());
        assertThat(remaining(limiter.charge("globex", connectionOf("globex", "BBBBBBBBBBB1"), now))).isEqualTo(29);
    }

    @Test
    @DisplayName("a daily quota a plan change adds is remembered for the day: a minute idle after it gives the quota no second time")
    void aDailyQuotaAddedByAPlanChangeIsRememberedForTheDay() {
        TrafficLimits[] plan = {new TrafficLimits(1_000, 0)};
        TrafficLimiter limiter = new TrafficLimiter(org -> plan[0], TrafficLimits.NONE, clock);
        CachedConnection connection = connectionOf("acme", "AAAAAAAAAAA1");
        assertThat(limiter.charge("acme", connection, clock.millis()).admitted()).isTrue();
        plan[0] = new TrafficLimits(1_000, 5);
        clock.advance(Duration.ofSeconds(60));

        assertThat(admitted(limiter, connection, 10)).as("the day's quota, one used before the change").isEqualTo(4);
        clock.advance(Duration.ofSeconds(62));

        assertThat(admitted(limiter, connection, 10)).as("the same UTC day, a minute idle later").isZero();
    }

    private int admitted(TrafficLimiter limiter, CachedConnection connection, int requests) {
        int admitted = 0;
        for (int i = 0; i < requests; i++) {
            if (limiter.charge("acme", connection, clock.millis()).admitted()) {
                admitted++;
            }
        }
        return admitted;
    }

    @Test
    @DisplayName("requests counted out of clock order at midnight all count for the new day when the quota changes")
    void requestsOutOfOrderAtMidnightCountForTheNewDay() {
        TrafficLimits[] plan = {new TrafficLimits(0, 10)};
        TrafficLimiter quota = new TrafficLimiter(org -> plan[0], TrafficLimits.NONE, clock);
        long midnight = Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();
        quota.charge("acme", null, midnight - 120_000);
        // Counted in this order: one that read the clock after midnight, then one that read it just before.
        quota.charge("acme", null, midnight + 1);
        quota.charge("acme", null, midnight - 1);
        quota.charge("acme", null, midnight + 2);

        plan[0] = new TrafficLimits(0, 4);
        RateLimitStatus changed = quota.charge("acme", null, midnight + 62_000);

        // The day's bucket admitted three after midnight; the fourth is this one, and it is the last.
        assertThat(changed.admitted()).isTrue();
        assertThat(remaining(changed)).isZero();
    }

    @Test
    @DisplayName("eight threads through two connections of one organization: exactly the limit is admitted")
    void concurrentRequestsAdmitExactlyTheLimit() throws Exception {
        TrafficLimiter thousand = new TrafficLimiter(org -> new TrafficLimits(1_000, 0), THIRTY_A_MINUTE, clock);
        CachedConnection[] connections = {connectionOf("acme", "AAAAAAAAAAA1"), connectionOf("acme", "AAAAAAAAAAA2")};
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                CachedConnection connection = connections[t % 2];
                running.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < 500; i++) {
                        RateLimitStatus status = thousand.charge("acme", connection, clock.millis());
                        (status.admitted() ? admitted : refused).incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> thread : running) {
                thread.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(admitted.get()).isEqualTo(1_000);
        assertThat(refused.get()).isEqualTo(3_000);
    }

    @Test
    @DisplayName("an allowance the cache forgot is never counted again through a connection that kept it")
    void aForgottenAllowanceIsNotCountedAgain() {
        CachedConnection first = connectionOf("acme", "AAAAAAAAAAA1");
        CachedConnection second = connectionOf("acme", "AAAAAAAAAAA2");
        long before = clock.millis();
        for (int i = 0; i < 5; i++) {
            limiter.charge("acme", first, before);
        }

        // Unused for longer than a minute, the allowance would be whole again: the cache forgets it.
        clock.advance(Duration.ofMinutes(2));
        long now = clock.millis();
        long secondLeft = remaining(limiter.charge("acme", second, now));
        // A request whose clock reading was taken earlier, as a concurrent one's may be: within a second of the
        // last touch, so only the mark the cache left on the forgotten allowance sends it to the cache.
        long firstLeft = remaining(limiter.charge("acme", first, before + 500));

        // The second connection starts a new allowance; the first must count against it too, not the one forgotten.
        assertThat(secondLeft).isEqualTo(29);
        assertThat(firstLeft).isEqualTo(28);
        assertThat(first.trafficAllowance()).isSameAs(second.trafficAllowance());
    }

    @Test
    @DisplayName("an allowance used within the last second of its minute is not forgotten before it is whole again")
    void anAllowanceIsKeptUntilWholeCountingFromItsLastRequest() {
        TrafficLimiter perSecond = new TrafficLimiter(org -> new TrafficLimits(6_000, 0), THIRTY_A_MINUTE, clock);
        CachedConnection connection = connectionOf("acme", "AAAAAAAAAAA1");
        long start = clock.millis();
        perSecond.charge("acme", connection, start);
        // Drained 999 ms later, within the second in which the kept allowance is not read from the cache.
        for (int i = 0; i < 5_999; i++) {
            perSecond.charge("acme", connection, start + 999);
        }

        clock.advance(Duration.ofSeconds(60));
        long left = remaining(perSecond.charge("acme", connection, clock.millis()));

        // 59.001 s of refill at 100 a second since it was drained: not a whole new allowance.
        assertThat(left).isBetween(5_890L, 5_900L);
    }

    @Test
    @DisplayName("a request counted with an earlier reading of the clock refills nothing and is told the wait from the latest")
    void anEarlierReadingRefillsNothing() {
        CachedConnection connection = connectionOf("acme", "AAAAAAAAAAA1");
        long now = clock.millis();
        for (int i = 0; i < 30; i++) {
            limiter.charge("acme", connection, now);
        }

        RateLimitStatus earlier = limiter.charge("acme", connection, now - 30_000);

        assertThat(earlier.admitted()).isFalse();
        assertThat(earlier.retryAfterSeconds()).isEqualTo(2);
        assertThat(remaining(limiter.charge("acme", connection, now + 2_000))).isZero();
    }

    @Test
    @DisplayName("while one request asks the host for an organization's limits again, the others are counted")
    void askingTheHostAgainHoldsUpNoOtherRequest() throws Exception {
        CountDownLatch inHook = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger asked = new AtomicInteger();
        TrafficLimiter slowHook = new TrafficLimiter(org -> {
            if (asked.incrementAndGet() == 2) {
                inHook.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return THIRTY_A_MINUTE;
        }, THIRTY_A_MINUTE, clock);
        CachedConnection connection = connectionOf("acme", "AAAAAAAAAAA1");
        slowHook.charge("acme", connection, clock.millis());
        // Time to ask again; the allowance itself is still remembered.
        clock.advance(Duration.ofMillis(60_500));
        long now = clock.millis();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<RateLimitStatus> asking = threads.submit(() -> slowHook.charge("acme", connection, now));
            assertThat(inHook.await(30, TimeUnit.SECONDS)).isTrue();

            RateLimitStatus other = threads.submit(() -> slowHook.charge("acme", connection, now))
                    .get(30, TimeUnit.SECONDS);

            assertThat(other.admitted()).isTrue();
            release.countDown();
            assertThat(asking.get(30, TimeUnit.SECONDS).admitted()).isTrue();
            assertThat(asked.get()).isEqualTo(2);
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    @DisplayName("a connection's kept allowance is read from the cache again while in use, so it stays remembered")
    void aKeptAllowanceStaysRememberedWhileInUse() {
        CachedConnection first = connectionOf("acme", "AAAAAAAAAAA1");
        CachedConnection second = connectionOf("acme", "AAAAAAAAAAA2");
        limiter.charge("acme", first, clock.millis());

        // Five minutes of steady use through the first connection, a request every second by both clocks.
        for (int second_ = 0; second_ < 300; second_++) {
            clock.advance(Duration.ofSeconds(1));
            limiter.charge("acme", first, clock.millis());
        }

        // Still the same allowance: the other connection finds it, and it holds the last minute's requests.
        long left = remaining(limiter.charge("acme", second, clock.millis()));
        assertThat(second.trafficAllowance()).isSameAs(first.trafficAllowance());
        assertThat(left).isLessThan(29);
    }
}
