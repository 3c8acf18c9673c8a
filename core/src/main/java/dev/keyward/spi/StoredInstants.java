package dev.keyward.spi;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The precision of every instant a store keeps: the microsecond, the finest that both H2 and
 * PostgreSQL keep. Truncated rather than rounded, so no database's rounding rule matters.
 */
final class StoredInstants {

    private StoredInstants() {
    }

    /** The instant truncated to the microsecond; {@code null} stays {@code null}. */
    static Instant truncate(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }
}
