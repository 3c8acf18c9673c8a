package dev.keyward.spring;

import dev.keyward.Keyward;
import dev.keyward.RevocationStatus;
import java.util.Locale;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Keyward's health: UP when its store answers a read, DOWN when it fails; the details say how
 * revocations made on other nodes arrive ({@code push}, {@code poll} or {@code re_read}) and how far
 * this node has read the revocation log. A node that lost its push connection and polls is still UP:
 * revocations keep arriving, within the poll interval. Details never hold a credential, and a
 * failure shows only its exception type. Thread-safe.
 */
public class KeywardHealthIndicator implements HealthIndicator {

    /** A lookup id that no credential has: the read finds nothing, it only proves the store answers. */
    private static final String PROBE = "keyward-health-probe";

    private final Keyward keyward;

    public KeywardHealthIndicator(Keyward keyward) {
        this.keyward = keyward;
    }

    @Override
    public Health health() {
        RevocationStatus revocations = keyward.revocationStatus();
        Health.Builder health;
        try {
            keyward.config().store().findConnectionByLookupId(PROBE);
            health = Health.up().withDetail("store", "reachable");
        } catch (RuntimeException e) {
            // The type only: a store's message may quote SQL or a connection string.
            health = Health.down().withDetail("store", "unreachable").withDetail("error", e.getClass().getName());
        }
        return health.withDetail("revocations", revocations.delivery().name().toLowerCase(Locale.ROOT))
                .withDetail("revocationLogPosition", revocations.position()).build();
    }
}
