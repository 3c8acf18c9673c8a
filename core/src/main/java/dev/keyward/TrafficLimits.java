package dev.keyward;

/**
 * The traffic allowed to one organization's API requests: a rate per minute and a quota per UTC day,
 * each 0 for none. The rate refills continuously (a request every {@code 60 / perMinute} seconds, up
 * to {@code perMinute} in a burst); the quota is whole again at each midnight UTC. Immutable.
 *
 * @param perMinute API requests per minute, 0–1,000,000,000; 0 for no rate limit
 * @param perDay    API requests per UTC day, 0–1,000,000,000,000; 0 for no daily quota
 */
public record TrafficLimits(int perMinute, long perDay) {

    /** No limit at all. */
    public static final TrafficLimits NONE = new TrafficLimits(0, 0);

    /** @throws IllegalArgumentException if a value is negative or too large */
    public TrafficLimits {
        if (perMinute < 0 || perMinute > 1_000_000_000) {
            throw new IllegalArgumentException("perMinute must be 0-1000000000, was " + perMinute);
        }
        if (perDay < 0 || perDay > 1_000_000_000_000L) {
            throw new IllegalArgumentException("perDay must be 0-1000000000000, was " + perDay);
        }
    }

    /** Whether neither a rate nor a quota applies. */
    public boolean unlimited() {
        return perMinute == 0 && perDay == 0;
    }
}
