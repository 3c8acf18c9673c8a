package dev.keyward.spi;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** Writes audit events as key=value lines through SLF4J. Stateless and thread-safe. */
enum Slf4jAuditListener implements AuditListener {
    INSTANCE;

    private static final Logger LOG = LoggerFactory.getLogger("dev.keyward.audit");

    @Override
    public void onEvent(AuditEvent e) {
        Level level = e.outcome() == AuditOutcome.SUCCESS ? Level.INFO : Level.WARN;
        LOG.atLevel(level).log("action={} outcome={} actor={} org={} connection={} type={} code={} at={}",
                e.action(), e.outcome(), e.actorId(), e.organizationId(), e.connectionId(), e.authenticationType(),
                e.code(), e.at());
    }
}
