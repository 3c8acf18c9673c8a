package dev.keyward;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.keyward.internal.CachedConnection;
import dev.keyward.internal.TrafficAllowance;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.local.SynchronizationStrategy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts requests against per-key traffic limits (an organization's API requests, or one OAuth
 * client's token requests) with Bucket4j token buckets on this node: a greedily refilled one for
 * the rate per minute, and one refilled whole at each midnight UTC for the daily quota. Time comes
 * from the injected clock, read once per request: a key's buckets are counted under one lock of
 * its own, unsynchronized within it, and read the time the request was counted at. Allowances
 * live in a bounded cache that forgets a key once its allowance would be whole again anyway (a
 * minute idle, or a day idle with a daily quota), so memory stays bounded without changing an
 * answer (the cache keeps time by the injected clock, as the buckets do, and an allowance in use is
 * read from it at least once a second); past {@link #MAXIMUM_KEYS} active keys the least recently
 * used is forgotten, and that key starts again with a whole allowance. The limits of a key are
 * asked once, and again at most once a minute by one request while the others go on. Thread-safe.
 */
final class TrafficLimiter {

    /** Keys whose allowance is remembered at once; past it the least recently used is forgotten. */
    static final int MAXIMUM_KEYS = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(TrafficLimiter.class);
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long MINUTE_NANOS = 60 * NANOS_PER_SECOND;
    private static final long ASK_AGAIN_MILLIS = 60_000;
    /**
     * How often a request counted against an allowance its connection kept reads the cache of allowances,
     * which forgets one unread for a minute: far more often than that, far less than once a request.
     */
    private static final long TOUCH_MILLIS = 1_000;
    private static final long TOUCH_NANOS = TOUCH_MILLIS * 1_000_000L;
    /** What counting against a forgotten allowance answers: count against the one that replaces it. */
    private static final RateLimitStatus FORGOTTEN = new RateLimitStatus("", -1, 0, -1, 0, 0);
    private static final long DAY_MILLIS = 86_400_000L;
    private static final long DAY_NANOS = DAY_MILLIS * 1_000_000L;

    private final Function<String, TrafficLimits> limitsOf;
    private final TrafficLimits fallback;
    private final Clock clock;
    private final Cache<String, Allowance> allowances;

    /**
     * @param limitsOf the limits of a key; may throw or answer null, and then {@code fallback} applies when the
     *                 key's allowance is first needed, and the limits in force stay when they are asked again
     */
    TrafficLimiter(Function<String, TrafficLimits> limitsOf, TrafficLimits fallback, Clock clock) {
        this.limitsOf = limitsOf;
        this.fallback = fallback;
        this.clock = clock;
        this.allowances = Caffeine.newBuilder().maximumSize(MAXIMUM_KEYS).expireAfter(new UntilWhole())
                // The buckets' time, so an allowance is forgotten exactly when it would be whole again.
                .ticker(() -> clock.millis() * 1_000_000L)
                .evictionListener((String key, Allowance allowance, RemovalCause cause) -> allowance.forget())
                // Kept within bounds by the requests themselves, as the verification cache is: no thread woken.
                .executor(Runnable::run).build();
    }

    /**
     * Counts one request of this key: its status, admitted or refused, or {@code null} when no limit
     * applies to the key (nothing is counted then).
     */
    RateLimitStatus charge(String key) {
        return charge(key, null, clock.millis());
    }

    /**
     * Counts one request, made at {@code nowMillis} by the injected clock, of the organization with this
     * key, whose connection keeps the allowance it was last counted against: a warm request finds it there
     * and asks the cache of allowances only once a second, to keep it remembered while in use. An allowance
     * the cache has forgotten is never counted again: the request is counted against the one that replaces it.
     *
     * @param connection the connection that keeps the allowance, or null for a key no connection keeps
     */
    RateLimitStatus charge(String key, CachedConnection connection, long nowMillis) {
        Allowance allowance = connection != null && connection.trafficAllowance() instanceof Allowance kept
                && kept.key.equals(key) ? kept : null;
        RateLimitStatus status = FORGOTTEN;
        while (status == FORGOTTEN) {
            if (allowance == null || nowMillis - allowance.touchedMillis >= TOUCH_MILLIS || allowance.forgotten) {
                allowance = allowance(key, nowMillis);
                if (connection != null) {
                    connection.trafficAllowance(allowance);
                }
            }
            if (allowance.refreshLimits(this, nowMillis)) {
                // Its limits changed, and with them how long it may go unused before it is whole (a daily quota
                // added: a day, not a minute): the cache's expiry is computed again, as on a write.
                Allowance changed = allowance;
                allowances.asMap().computeIfPresent(key, (k, remembered) -> remembered);
                allowance = changed;
            }
            status = allowance.charge(nowMillis);
            allowance = null;
        }
        return status;
    }

    /** The remembered allowance of this key, or a new whole one; either way just touched. */
    private Allowance allowance(String key, long nowMillis) {
        Allowance allowance = allowances.getIfPresent(key);
        if (allowance == null) {
            allowance = allowances.get(key, k -> new Allowance(k, limits(k), nowMillis));
        }
        allowance.touchedMillis = nowMillis;
        return allowance;
    }

    /** The limits of a key when first needed: the host's, or the configured ones when the host has none to give. */
    private TrafficLimits limits(String key) {
        TrafficLimits asked = asked(key, "the configured limits apply");
        return asked != null ? asked : fallback;
    }

    /** The host's limits of a key, or null (logged) when its hook fails or answers null. */
    private TrafficLimits asked(String key, String consequence) {
        try {
            TrafficLimits limits = limitsOf.apply(key);
            if (limits != null) {
                return limits;
            }
            LOG.warn("the traffic limits of {} were null; {}", key, consequence);
        } catch (RuntimeException e) {
            LOG.warn("the traffic limits of {} could not be read; {}", key, consequence, e);
        }
        return null;
    }

    /** Whole seconds, rounded up. */
    static long seconds(long nanos) {
        return (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
    }

    /** Nanoseconds from {@code now} until the next midnight UTC: plain arithmetic on the epoch, which has no leap seconds. */
    static long nanosToMidnight(long now) {
        return (Math.floorDiv(now, DAY_MILLIS) * DAY_MILLIS + DAY_MILLIS - now) * 1_000_000L;
    }

    /**
     * One key's buckets and the limits they enforce. Everything about them happens under the allowance's
     * own lock: the buckets are not synchronized themselves, and read the time of the request being counted
     * from {@link #nowNanos} (the allowance is their {@link TimeMeter}). The limits are asked again once a
     * minute at most.
     */
    private static final class Allowance implements TimeMeter, TrafficAllowance {

        private final String key;
        /** Set, under the lock, when the cache forgets it: from then on a new allowance counts the key's requests. */
        private volatile boolean forgotten;
        /** Whether a request is asking the host for the limits again, outside the lock. */
        private final AtomicBoolean asking = new AtomicBoolean();
        /** When it was last read from the cache, by the injected clock; racy on purpose, it only paces reads. */
        private volatile long touchedMillis;

        /** The limits and their buckets; replaced under the lock, read without it to know how long to keep them. */
        private volatile Limits limits;
        private volatile long askedAtMillis;
        /** The time the buckets read: that of the request being counted, set under the lock. */
        private long nowNanos;
        /**
         * Requests admitted on the UTC day {@link #countedDay}, under the lock: what a changed daily quota is
         * charged, whatever the quotas were before it.
         */
        private long admittedToday;
        private long countedDay;

        Allowance(String key, TrafficLimits traffic, long nowMillis) {
            this.key = key;
            this.askedAtMillis = nowMillis;
            this.nowNanos = nowMillis * 1_000_000L;
            this.countedDay = Math.floorDiv(nowMillis, DAY_MILLIS);
            this.limits = Limits.of(traffic, null, 0, this, nowMillis);
        }

        /**
         * Requests admitted so far on the UTC day of the buckets' time, which never goes back (a request that
         * read the clock before midnight and is counted after one that read it after does not go back to the
         * day before); under the lock.
         */
        private long admittedToday() {
            long day = Math.floorDiv(nowNanos, DAY_NANOS);
            if (day != countedDay) {
                countedDay = day;
                admittedToday = 0;
            }
            return admittedToday;
        }

        @Override
        public long currentTimeNanos() {
            return nowNanos;
        }

        @Override
        public boolean isWallClockBased() {
            // A refill aligned to midnight needs wall-clock time.
            return true;
        }

        /** Marks it forgotten, once no request is being counted against it. */
        synchronized void forget() {
            forgotten = true;
        }

        /**
         * Counts one request; {@link #FORGOTTEN} when the cache has forgotten this allowance, and the
         * request must be counted against the one that replaces it.
         */
        synchronized RateLimitStatus charge(long nowMillis) {
            if (forgotten) {
                return FORGOTTEN;
            }
            // Concurrent requests may come in another order than they read the clock: the buckets' time never goes back.
            nowNanos = Math.max(nowNanos, nowMillis * 1_000_000L);
            Limits current = limits;
            if (current.traffic.unlimited()) {
                return null;
            }
            ConsumptionProbe minute = current.minute == null ? null : current.minute.tryConsumeAndReturnRemaining(1);
            if (minute != null && !minute.isConsumed()) {
                long dayLeft = current.day == null ? -1 : current.day.getAvailableTokens();
                // With the day's quota spent too, the rate's refill admits nothing: the wait is until midnight.
                long waitNanos = dayLeft == 0 ? Math.max(minute.getNanosToWaitForRefill(), nanosToMidnight(nowMillis))
                        : minute.getNanosToWaitForRefill();
                return current.status(minute, minute.getRemainingTokens(), dayLeft, Math.max(1, seconds(waitNanos)),
                        nowMillis);
            }
            ConsumptionProbe day = current.day == null ? null : current.day.tryConsumeAndReturnRemaining(1);
            if (day != null && !day.isConsumed()) {
                if (current.minute != null) {
                    // Not admitted, so not counted against the rate either.
                    current.minute.addTokens(1);
                }
                return current.status(minute, minute == null ? -1 : minute.getRemainingTokens() + 1, 0,
                        Math.max(1, seconds(nanosToMidnight(nowMillis))), nowMillis);
            }
            admittedToday = admittedToday() + 1;
            return current.status(minute, minute == null ? -1 : minute.getRemainingTokens(),
                    day == null ? -1 : day.getRemainingTokens(), 0, nowMillis);
        }

        /**
         * Asks for the limits again once a minute; changed limits keep what was used. One request asks the
         * host, outside the lock, while the others are counted against the limits in force. Whether the limits
         * changed.
         */
        boolean refreshLimits(TrafficLimiter limiter, long nowMillis) {
            if (nowMillis - askedAtMillis < ASK_AGAIN_MILLIS || !asking.compareAndSet(false, true)) {
                return false;
            }
            try {
                if (nowMillis - askedAtMillis < ASK_AGAIN_MILLIS) {
                    return false;
                }
                // A hook that fails now leaves the limits in force, and what was used with them: asked again in a minute.
                TrafficLimits asked = limiter.asked(key, "the limits in force stay");
                synchronized (this) {
                    nowNanos = Math.max(nowNanos, nowMillis * 1_000_000L);
                    askedAtMillis = nowMillis;
                    if (asked != null && !asked.equals(limits.traffic)) {
                        limits = Limits.of(asked, limits, admittedToday(), this, nowMillis);
                        return true;
                    }
                    return false;
                }
            } finally {
                asking.set(false);
            }
        }

        /**
         * How long, in nanoseconds, this allowance may go unused before it is surely whole again: a minute,
         * or a day when it has a daily quota (a midnight passes within any day).
         */
        long nanosUntilWhole() {
            return limits.day == null ? MINUTE_NANOS : DAY_NANOS;
        }
    }

    /** The buckets of one set of limits; either bucket is null when its limit is off. */
    private record Limits(TrafficLimits traffic, Bucket minute, Bucket day, String policy) {

        /**
         * The buckets of {@code traffic}, replacing {@code before} (null for none), still counting what was
         * used: a larger limit admits at once what it adds, a smaller one what is left under it, if anything.
         * The daily quota is charged the requests admitted today, whatever the quotas were; the rate, what its
         * bucket had used of the minute. Bucket4j's inheritance strategies carry what was left instead, or a
         * proportion of it, so each bucket is filled to its new limit and charged what was used.
         */
        static Limits of(TrafficLimits traffic, Limits before, long admittedToday, TimeMeter meter, long nowMillis) {
            long usedOfTheMinute = before == null || before.minute == null ? 0
                    : Math.max(0, before.traffic.perMinute() - before.minute.getAvailableTokens());
            Bucket minute = traffic.perMinute() == 0 ? null
                    : charged(before == null ? null : before.minute, minuteConfiguration(traffic.perMinute()),
                            usedOfTheMinute, meter);
            Bucket day = traffic.perDay() == 0 ? null
                    : charged(before == null ? null : before.day, dayConfiguration(traffic.perDay(), nowMillis),
                            admittedToday, meter);
            return new Limits(traffic, minute, day, RateLimitStatus.policy(traffic.perMinute(), traffic.perDay()));
        }

        /** The bucket that was, or a new one, filled to the new limit and charged {@code used}. */
        private static Bucket charged(Bucket before, BucketConfiguration configuration, long used, TimeMeter meter) {
            Bucket bucket = before;
            if (bucket != null) {
                bucket.replaceConfiguration(configuration, TokensInheritanceStrategy.RESET);
            } else {
                // Unsynchronized: the allowance's lock guards it.
                bucket = Bucket.builder().addLimit(configuration.getBandwidths()[0]).withCustomTimePrecision(meter)
                        .withSynchronizationStrategy(SynchronizationStrategy.NONE).build();
            }
            if (used > 0) {
                bucket.tryConsumeAsMuchAsPossible(used);
            }
            return bucket;
        }

        private static BucketConfiguration minuteConfiguration(int perMinute) {
            return BucketConfiguration.builder().addLimit(Bandwidth.builder().capacity(perMinute)
                    .refillGreedy(perMinute, Duration.ofMinutes(1)).id("minute").build()).build();
        }

        private static BucketConfiguration dayConfiguration(long perDay, long nowMillis) {
            Instant midnight = Instant.ofEpochMilli(nowMillis).truncatedTo(ChronoUnit.DAYS)
                    .plus(1, ChronoUnit.DAYS);
            return BucketConfiguration.builder().addLimit(Bandwidth.builder().capacity(perDay)
                    .refillIntervallyAligned(perDay, Duration.ofDays(1), midnight).initialTokens(perDay).id("day")
                    .build()).build();
        }

        RateLimitStatus status(ConsumptionProbe minuteProbe, long minuteLeft, long dayLeft, long retryAfter,
                long nowMillis) {
            long minuteResetNanos = 0;
            if (minuteProbe != null && minuteLeft < traffic.perMinute()) {
                // The probe tells when the allowance is whole; the next request comes back one refill period sooner per missing one after the first.
                long perToken = MINUTE_NANOS / traffic.perMinute();
                long missing = traffic.perMinute() - minuteProbe.getRemainingTokens();
                minuteResetNanos = Math.max(0, minuteProbe.getNanosToWaitForReset() - (missing - 1) * perToken);
            }
            return new RateLimitStatus(policy, minuteProbe == null ? -1 : minuteLeft, minuteResetNanos, dayLeft,
                    nowMillis, retryAfter);
        }
    }

    /**
     * Expires an allowance once it would be whole again anyway: counted since its last read from the cache,
     * which may be up to {@link #TOUCH_MILLIS} before its last request.
     */
    private final class UntilWhole implements Expiry<String, Allowance> {
        @Override
        public long expireAfterCreate(String key, Allowance value, long currentTime) {
            return value.nanosUntilWhole() + TOUCH_NANOS;
        }

        @Override
        public long expireAfterUpdate(String key, Allowance value, long currentTime, long currentDuration) {
            return value.nanosUntilWhole() + TOUCH_NANOS;
        }

        @Override
        public long expireAfterRead(String key, Allowance value, long currentTime, long currentDuration) {
            return value.nanosUntilWhole() + TOUCH_NANOS;
        }
    }
}
