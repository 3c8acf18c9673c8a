package dev.keyward;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts requests against per-key traffic limits (an organization's API requests, or one OAuth
 * client's token requests) with Bucket4j token buckets on this node: a greedily refilled one for
 * the rate per minute, and one refilled whole at each midnight UTC for the daily quota. Time comes
 * from the injected clock. Allowances live in a bounded cache that forgets a key once its
 * allowance would be whole again anyway (a minute idle, or a day idle with a daily quota),
 * so memory stays bounded without changing an answer; past {@link #MAXIMUM_KEYS} active keys the
 * least recently used is forgotten, and that key starts again with a whole allowance. The limits of
 * a key are asked once and again at most once a minute. Thread-safe.
 */
final class TrafficLimiter {

    /** Keys whose allowance is remembered at once; past it the least recently used is forgotten. */
    static final int MAXIMUM_KEYS = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(TrafficLimiter.class);
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long MINUTE_NANOS = 60 * NANOS_PER_SECOND;
    private static final long ASK_AGAIN_MILLIS = 60_000;
    private static final long DAY_MILLIS = 86_400_000L;
    private static final long DAY_NANOS = DAY_MILLIS * 1_000_000L;

    private final Function<String, TrafficLimits> limitsOf;
    private final TrafficLimits fallback;
    private final Clock clock;
    private final TimeMeter meter;
    private final Cache<String, Allowance> allowances;

    /**
     * @param limitsOf the limits of a key; may throw or answer null, and then {@code fallback} applies
     */
    TrafficLimiter(Function<String, TrafficLimits> limitsOf, TrafficLimits fallback, Clock clock) {
        this.limitsOf = limitsOf;
        this.fallback = fallback;
        this.clock = clock;
        this.meter = new ClockMeter(clock);
        this.allowances = Caffeine.newBuilder().maximumSize(MAXIMUM_KEYS).expireAfter(new UntilWhole()).build();
    }

    /**
     * Counts one request of this key: its status, admitted or refused, or {@code null} when no limit
     * applies to the key (nothing is counted then).
     */
    RateLimitStatus charge(String key) {
        Allowance allowance = allowances.getIfPresent(key);
        if (allowance == null) {
            allowance = allowances.get(key, k -> new Allowance(Limits.of(limits(k), null, this), clock.millis()));
        }
        allowance.refresh(this, key);
        return allowance.charge(this);
    }

    private TrafficLimits limits(String key) {
        try {
            TrafficLimits limits = limitsOf.apply(key);
            if (limits != null) {
                return limits;
            }
            LOG.warn("the traffic limits of {} were null; the configured limits apply", key);
        } catch (RuntimeException e) {
            LOG.warn("the traffic limits of {} could not be read; the configured limits apply", key, e);
        }
        return fallback;
    }

    /** Whole seconds, rounded up. */
    private static long seconds(long nanos) {
        return (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
    }

    /** Nanoseconds until the next midnight UTC: plain arithmetic on the epoch, which has no leap seconds. */
    private long nanosToMidnight() {
        long now = clock.millis();
        return (Math.floorDiv(now, DAY_MILLIS) * DAY_MILLIS + DAY_MILLIS - now) * 1_000_000L;
    }

    /** One key's buckets and the limits they enforce; the limits change under its own lock, once a minute at most. */
    private static final class Allowance {

        private volatile Limits limits;
        private volatile long askedAtMillis;

        Allowance(Limits limits, long nowMillis) {
            this.limits = limits;
            this.askedAtMillis = nowMillis;
        }

        /** Asks for the limits again once a minute; changed limits keep what was used. */
        void refresh(TrafficLimiter limiter, String key) {
            long now = limiter.clock.millis();
            if (now - askedAtMillis < ASK_AGAIN_MILLIS) {
                return;
            }
            synchronized (this) {
                if (now - askedAtMillis >= ASK_AGAIN_MILLIS) {
                    TrafficLimits asked = limiter.limits(key);
                    if (!asked.equals(limits.traffic)) {
                        limits = Limits.of(asked, limits, limiter);
                    }
                    askedAtMillis = now;
                }
            }
        }

        RateLimitStatus charge(TrafficLimiter limiter) {
            Limits current = limits;
            if (current.traffic.unlimited()) {
                return null;
            }
            ConsumptionProbe minute = current.minute == null ? null : current.minute.tryConsumeAndReturnRemaining(1);
            if (minute != null && !minute.isConsumed()) {
                long dayLeft = current.day == null ? -1 : current.day.getAvailableTokens();
                return current.status(minute, minute.getRemainingTokens(), dayLeft,
                        Math.max(1, seconds(minute.getNanosToWaitForRefill())), limiter);
            }
            ConsumptionProbe day = current.day == null ? null : current.day.tryConsumeAndReturnRemaining(1);
            if (day != null && !day.isConsumed()) {
                if (current.minute != null) {
                    // Not admitted, so not counted against the rate either.
                    current.minute.addTokens(1);
                }
                return current.status(minute, minute == null ? -1 : minute.getRemainingTokens() + 1, 0,
                        Math.max(1, seconds(limiter.nanosToMidnight())), limiter);
            }
            return current.status(minute, minute == null ? -1 : minute.getRemainingTokens(),
                    day == null ? -1 : day.getRemainingTokens(), 0, limiter);
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

        static Limits of(TrafficLimits traffic, Limits before, TrafficLimiter limiter) {
            Bucket minute = traffic.perMinute() == 0 ? null
                    : carried(before == null ? null : before.minute, minuteConfiguration(traffic.perMinute()), limiter);
            Bucket day = traffic.perDay() == 0 ? null
                    : carried(before == null ? null : before.day, dayConfiguration(traffic.perDay(), limiter), limiter);
            return new Limits(traffic, minute, day, RateLimitStatus.policy(traffic.perMinute(), traffic.perDay()));
        }

        /** The bucket that was, with its new limit and what it had used, or a new whole one. */
        private static Bucket carried(Bucket before, BucketConfiguration configuration, TrafficLimiter limiter) {
            if (before != null) {
                before.replaceConfiguration(configuration, TokensInheritanceStrategy.AS_IS);
                return before;
            }
            return Bucket.builder().addLimit(configuration.getBandwidths()[0])
                    .withCustomTimePrecision(limiter.meter).build();
        }

        private static BucketConfiguration minuteConfiguration(int perMinute) {
            return BucketConfiguration.builder().addLimit(Bandwidth.builder().capacity(perMinute)
                    .refillGreedy(perMinute, Duration.ofMinutes(1)).id("minute").build()).build();
        }

        private static BucketConfiguration dayConfiguration(long perDay, TrafficLimiter limiter) {
            Instant midnight = Instant.ofEpochMilli(limiter.clock.millis()).truncatedTo(ChronoUnit.DAYS)
                    .plus(1, ChronoUnit.DAYS);
            return BucketConfiguration.builder().addLimit(Bandwidth.builder().capacity(perDay)
                    .refillIntervallyAligned(perDay, Duration.ofDays(1), midnight).initialTokens(perDay).id("day")
                    .build()).build();
        }

        RateLimitStatus status(ConsumptionProbe minuteProbe, long minuteLeft, long dayLeft, long retryAfter,
                TrafficLimiter limiter) {
            long minuteReset = 0;
            if (minuteProbe != null && minuteLeft < traffic.perMinute()) {
                // The probe tells when the allowance is whole; the next request comes back one refill period sooner per missing one after the first.
                long perToken = MINUTE_NANOS / traffic.perMinute();
                long missing = traffic.perMinute() - minuteProbe.getRemainingTokens();
                minuteReset = seconds(Math.max(0, minuteProbe.getNanosToWaitForReset() - (missing - 1) * perToken));
            }
            long dayReset = day == null ? 0 : seconds(limiter.nanosToMidnight());
            return new RateLimitStatus(policy, minuteProbe == null ? -1 : minuteLeft, minuteReset, dayLeft, dayReset,
                    retryAfter);
        }
    }

    /** Expires an allowance once it would be whole again anyway. */
    private final class UntilWhole implements Expiry<String, Allowance> {
        @Override
        public long expireAfterCreate(String key, Allowance value, long currentTime) {
            return value.nanosUntilWhole();
        }

        @Override
        public long expireAfterUpdate(String key, Allowance value, long currentTime, long currentDuration) {
            return value.nanosUntilWhole();
        }

        @Override
        public long expireAfterRead(String key, Allowance value, long currentTime, long currentDuration) {
            return value.nanosUntilWhole();
        }
    }

    /** Bucket4j's time, read from the injected clock; wall-clock based, as a refill aligned to midnight needs. */
    private record ClockMeter(Clock clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            return clock.millis() * 1_000_000L;
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
