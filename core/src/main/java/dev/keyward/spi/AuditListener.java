package dev.keyward.spi;

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
     * The default listener: one line per event on the SLF4J logger {@code dev.keyward.audit},
     * at INFO for successes and WARN for refusals and failures.
     */
    static AuditListener slf4j() {
        return Slf4jAuditListener.INSTANCE;
    }
}
