package dev.keyward.internal;

import dev.keyward.AuthenticationType;
import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import dev.keyward.spi.AuditAction;
import dev.keyward.spi.AuditCode;
import dev.keyward.spi.AuditEvent;
import dev.keyward.spi.AuditListener;
import dev.keyward.spi.AuditOutcome;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports management, verification and token events to the audit listener, stamped by the configured
 * clock; a listener that throws is logged and otherwise ignored. Thread-safe.
 */
public final class Auditor {

    private static final Logger LOG = LoggerFactory.getLogger(Auditor.class);

    private final AuditListener listener;
    private final Clock clock;

    public Auditor(AuditListener listener, Clock clock) {
        this.listener = listener;
        this.clock = clock;
    }

    /** Reports an outcome about the connection {@code subject} names, which may be {@link Verdict.Invalid#UNKNOWN}. */
    public void report(AuditAction action, AuditOutcome outcome, Verdict.Invalid subject, AuditCode code) {
        String connection = subject.connectionId() == null ? null : subject.connectionId().value();
        publish(new AuditEvent(clock.instant(), action, outcome, connection, subject.organizationId(),
                subject.connectionId(), subject.type(), code));
    }

    /** Reports one event of anything the caller knows best how to describe, such as a management action. */
    public void report(AuditAction action, AuditOutcome outcome, String actorId, OrganizationId organizationId,
            ConnectionId connectionId, AuthenticationType type, AuditCode code) {
        publish(new AuditEvent(clock.instant(), action, outcome, actorId, organizationId, connectionId, type, code));
    }

    private void publish(AuditEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.error("audit listener failed on {} {}", event.action(), event.outcome(), e);
        }
    }
}
