package dev.keyward.internal;

import dev.keyward.AuthenticationType;
import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import dev.keyward.spi.AuditAction;
import dev.keyward.spi.AuditActorKind;
import dev.keyward.spi.AuditCode;
import dev.keyward.spi.AuditEvent;
import dev.keyward.spi.AuditListener;
import dev.keyward.spi.AuditOutcome;
import dev.keyward.spi.KeywardObserver;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports management, verification and token events to the audit listener, stamped by the configured
 * clock, and tells the observer. A listener or observer that throws is logged and otherwise ignored, an
 * {@link Error} such as a logging back end's {@link LinkageError} included (the action it reports is done by
 * then: a management call that committed must still hand its secret over), and if logging that fails too, it
 * is ignored all the same; but a {@link VirtualMachineError} goes on, and so does an {@link AssertionError},
 * which is a test's. Thread-safe.
 */
public final class Auditor {

    private static final Logger LOG = LoggerFactory.getLogger(Auditor.class);

    private final AuditListener listener;
    private final Clock clock;
    private final KeywardObserver observer;

    /**
     * An auditor that also tells the observer of management actions and refused token requests; the
     * verification denials it reports reach the observer from the authenticator, with their API family.
     */
    public Auditor(AuditListener listener, Clock clock, KeywardObserver observer) {
        this.listener = listener;
        this.clock = clock;
        this.observer = observer;
    }

    /** Reports an outcome about the connection {@code subject} names, which may be {@link Verdict.Invalid#UNKNOWN}. */
    public void report(AuditAction action, AuditOutcome outcome, Verdict.Invalid subject, AuditCode code) {
        String connection = subject.connectionId() == null ? null : subject.connectionId().value();
        publish(new AuditEvent(clock.instant(), action, outcome, connection, subject.organizationId(),
                subject.connectionId(), subject.type(), code, connection == null ? null : AuditActorKind.CONNECTION));
    }

    /**
     * Reports one event of anything the caller knows best how to describe, such as a management action, by an
     * actor of this kind ({@code actorId} null: none, whatever the kind).
     */
    public void report(AuditAction action, AuditOutcome outcome, AuditActorKind actorKind, String actorId,
            OrganizationId organizationId, ConnectionId connectionId, AuthenticationType type, AuditCode code) {
        publish(new AuditEvent(clock.instant(), action, outcome, actorId, organizationId, connectionId, type, code,
                actorId == null ? null : actorKind));
    }

    private void observe(AuditEvent event) {
        if (event.action() == AuditAction.ISSUE_TOKEN) {
            if (event.outcome() != AuditOutcome.SUCCESS) {
                observer.tokenRefused(event.code());
            }
        } else if (event.action() != AuditAction.VERIFY_REQUEST) {
            observer.managementAction(event.action(), event.outcome(), event.code(), event.organizationId());
        }
    }

    private void publish(AuditEvent event) {
        contained(event, "observer", () -> observe(event));
        contained(event, "audit listener", () -> listener.onEvent(event));
    }

    private static void contained(AuditEvent event, String what, Runnable telling) {
        try {
            telling.run();
        } catch (VirtualMachineError | AssertionError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            try {
                LOG.error("{} failed on {} {}", what, event.action(), event.outcome(), e);
            } catch (VirtualMachineError | AssertionError logging) {
                throw logging;
            } catch (RuntimeException | Error logging) {
                // The logging back end failed too, the listener's likely cause: nothing is left to tell it to.
            }
        }
    }
}
