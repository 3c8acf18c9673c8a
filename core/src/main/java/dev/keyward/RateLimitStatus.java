package dev.keyward;

import java.util.Map;

/**
 * Where one organization (or one OAuth client at the token endpoint) stands against its traffic
 * limits after a request was counted, as the {@code RateLimit-Policy} and {@code RateLimit} header
 * fields of the IETF httpapi draft "RateLimit header fields for HTTP" (structured-field lists):
 *
 * <pre>
 * RateLimit-Policy: "minute";q=30;w=60, "day";q=50000;w=86400
 * RateLimit: "minute";r=0;t=2, "day";r=49969;t=3600
 * </pre>
 *
 * {@code q} is the quota of a policy and {@code w} its window in seconds; {@code r} is what remains
 * and {@code t} the seconds until more is available: for {@code "minute"}, a continuously refilled
 * allowance, until it holds one request more (the next request allowed back, when none remains; 0 when
 * the allowance is whole); for
 * {@code "day"}, until midnight UTC, when the quota is whole again. Only the policies that apply are
 * listed. Immutable and thread-safe; the field values are written when asked for, so a host that
 * sends none pays nothing for them.
 */
public final class RateLimitStatus {

    private final String policy;
    private final long minuteRemaining;
    private final long minuteResetNanos;
    private final long dayRemaining;
    private final long countedAtMillis;
    private final long retryAfter;

    /**
     * A status as core computes it; a negative remaining count leaves that policy out.
     *
     * @param policy           the {@code RateLimit-Policy} value of the limits in force
     * @param minuteResetNanos nanoseconds until the rate's allowance holds one request more, 0 when it is whole
     * @param countedAtMillis  when the request was counted, by the injected clock: the day's quota is whole
     *                         again at the next midnight UTC
     * @param retryAfter       whole seconds until a refused request may be retried, or 0 when it was admitted
     */
    RateLimitStatus(String policy, long minuteRemaining, long minuteResetNanos, long dayRemaining,
            long countedAtMillis, long retryAfter) {
        this.policy = policy;
        this.minuteRemaining = minuteRemaining;
        this.minuteResetNanos = minuteResetNanos;
        this.dayRemaining = dayRemaining;
        this.countedAtMillis = countedAtMillis;
        this.retryAfter = retryAfter;
    }

    /** The {@code RateLimit-Policy} value for limits of {@code perMinute} a minute and {@code perDay} a day (0 = none). */
    static String policy(int perMinute, long perDay) {
        StringBuilder value = new StringBuilder();
        if (perMinute > 0) {
            value.append("\"minute\";q=").append(perMinute).append(";w=60");
        }
        if (perDay > 0) {
            value.append(value.length() == 0 ? "" : ", ").append("\"day\";q=").append(perDay).append(";w=86400");
        }
        return value.toString();
    }

    /** Whether the request was admitted. */
    public boolean admitted() {
        return retryAfter == 0;
    }

    /** Whole seconds until a refused request may be retried, at least 1; 0 when the request was admitted. */
    public long retryAfterSeconds() {
        return retryAfter;
    }

    /** The {@code RateLimit-Policy} field value. */
    public String policyHeader() {
        return policy;
    }

    /**
     * The {@code RateLimit} field value. Written on every grant a limit applies to, so each shape is one string
     * concatenation, which sizes and fills the string once.
     */
    public String rateLimitHeader() {
        boolean minute = minuteRemaining >= 0;
        boolean day = dayRemaining >= 0;
        if (minute && day) {
            return "\"minute\";r=" + minuteRemaining + ";t=" + TrafficLimiter.seconds(minuteResetNanos)
                    + ", \"day\";r=" + dayRemaining + ";t=" + daySeconds();
        }
        if (minute) {
            return "\"minute\";r=" + minuteRemaining + ";t=" + TrafficLimiter.seconds(minuteResetNanos);
        }
        return day ? "\"day\";r=" + dayRemaining + ";t=" + daySeconds() : "";
    }

    /** Whole seconds until the day's quota is whole again, at the next midnight UTC. */
    private long daySeconds() {
        return TrafficLimiter.seconds(TrafficLimiter.nanosToMidnight(countedAtMillis));
    }

    /** {@code RateLimit-Policy} and {@code RateLimit}, plus {@code Retry-After} when the request was refused. */
    public Map<String, String> headers() {
        if (admitted()) {
            return Map.of("RateLimit-Policy", policy, "RateLimit", rateLimitHeader());
        }
        return Map.of("Retry-After", Long.toString(retryAfter), "RateLimit-Policy", policy, "RateLimit",
                rateLimitHeader());
    }

    @Override
    public String toString() {
        return "RateLimitStatus[policy=" + policy + ", rateLimit=" + rateLimitHeader() + ", retryAfter=" + retryAfter
                + "]";
    }
}
