package dev.keyward.spi;

import java.time.Duration;

/**
 * Receives every management action, every token request and every denied verification, so a
 * host keeps an audit trail of who did what. Events never carry a secret, hash or token.
 * Called synchronously on the acting thread, so it must be thread-safe and quick;
 * an exception it throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface AuditListener {

    /** Records one event. */
    void onEvent(AuditEvent event);

    /**
     * The default listener: one line per event on the SLF4J logger {@code dev.keyward.audit}, at INFO
     * for successes and WARN for refusals and failures — except that repeated identical denials are
     * summarised: of the denied verifications and refused token requests with the same action, outcome
     * and code, the first is written in full and the rest of the following 10 seconds become one line,
     * "N more denials with code X in the 10.0 s after …", written with the first event after those
     * 10 seconds. Every management event is written. The listener still receives every event; only
     * its lines are fewer. A new, thread-safe listener each call, with summary windows of its own: one
     * shared by every instance of a JVM would let one instance's flood, or its clock set elsewhere,
     * hold back another's lines.
     */
    static AuditListener slf4j() {
        return new Slf4jAuditListener(Slf4jAuditListener.DEFAULT_INTERVAL);
    }

    /**
     * The default listener with another summary interval; {@link Duration#ZERO} writes one line for
     * every event, denials included. A new, thread-safe listener each call.
     *
     * @throws IllegalArgumentException if the interval is negative
     */
    static AuditListener slf4j(Duration summaryInterval) {
        return new Slf4jAuditListener(summaryInterval);
    }
}
