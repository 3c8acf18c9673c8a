package dev.keyward;

import java.util.LinkedHashMap;
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
 * allowance, until the next request is allowed back (0 when the allowance is whole); for
 * {@code "day"}, until midnight UTC, when the quota is whole again. Only the policies that apply are
 * listed. Immutable and thread-safe.
 */
public final class RateLimitStatus {

    private final String policy;
    private final long minuteRemaining;
    private final long minuteReset;
    private final long dayRemaining;
    private final long dayReset;
    private final long retryAfter;

    /**
     * A status as core computes it; a negative remaining count leaves that policy out.
     *
     * @param policy          the {@code RateLimit-Policy} value of the limits in force
     * @param retryAfter      whole seconds until a refused request may be retried, or 0 when it was admitted
     */
    RateLimitStatus(String policy, long minuteRemaining, long minuteReset, long dayRemaining, long dayReset,
            long retryAfter) {
        this.policy = policy;
        this.minuteRemaining = minuteRemaining;
        this.minuteReset = minuteReset;
        this.dayRemaining = dayRemaining;
        this.dayReset = dayReset;
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

    /** The {@code RateLimit} field value. */
    public String rateLimitHeader() {
        StringBuilder value = new StringBuilder();
        if (minuteRemaining >= 0) {
            value.append("\"minute\";r=").append(minuteRemaining).append(";t=").append(minuteReset);
        }
        if (dayRemaining >= 0) {
            value.append(value.length() == 0 ? "" : ", ").append("\"day\";r=").append(dayRemaining).append(";t=")
                    .append(dayReset);
        }
        return value.toString();
    }

    /** {@code RateLimit-Policy} and {@code RateLimit}, plus {@code Retry-After} when the request was refused. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (!admitted()) {
            headers.put("Retry-After", Long.toString(retryAfter));
        }
        headers.put("RateLimit-Policy", policy);
        headers.put("RateLimit", rateLimitHeader());
        return Map.copyOf(headers);
    }

    @Override
    public String toString() {
        return "RateLimitStatus[policy=" + policy + ", rateLimit=" + rateLimitHeader() + ", retryAfter=" + retryAfter
                + "]";
    }
}
