package dev.keyward.micrometer;

import dev.keyward.OrganizationId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The meters tagged with an organization id, for at most {@code limit} organizations; later ones
 * share the meters tagged {@link KeywardMetrics#OTHER}, so the registry stays bounded however many
 * tenants a platform has. Meters are made on an organization's first event and kept. Thread-safe.
 */
final class OrganizationMeters {

    /** The meters of one organization. */
    static final class Meters {
        final Counter[][] granted;
        final Timer tokensIssued;

        Meters(KeywardMetrics metrics, String organization) {
            Tags tags = Tags.of("organization", organization);
            this.granted = metrics.grants(tags);
            this.tokensIssued = metrics.tokenTimer(tags);
        }
    }

    private final int limit;
    private final KeywardMetrics metrics;
    private final ConcurrentMap<OrganizationId, Meters> byOrganization = new ConcurrentHashMap<>();
    private final Meters other;
    /** Set once the limit is reached: from then on an organization without meters shares, without the lock. */
    private volatile boolean full;

    OrganizationMeters(int limit, KeywardMetrics metrics) {
        this.limit = limit;
        this.metrics = metrics;
        this.other = new Meters(metrics, KeywardMetrics.OTHER);
    }

    /**
     * The meters of this organization, or the shared ones once the limit is reached: a map read, and for
     * an organization past the limit a volatile read more, on the request path; only the registration of
     * one of the first {@code limit} organizations takes the lock.
     */
    Meters of(OrganizationId organization) {
        Meters meters = byOrganization.get(organization);
        if (meters != null) {
            return meters;
        }
        if (full) {
            // It may have taken the last place between the two reads.
            meters = byOrganization.get(organization);
            return meters != null ? meters : other;
        }
        return register(organization);
    }

    private synchronized Meters register(OrganizationId organization) {
        Meters meters = byOrganization.get(organization);
        if (meters != null) {
            return meters;
        }
        if (byOrganization.size() >= limit) {
            full = true;
            return other;
        }
        meters = new Meters(metrics, organization.value());
        byOrganization.put(organization, meters);
        full = byOrganization.size() >= limit;
        return meters;
    }

    int limit() {
        return limit;
    }
}
