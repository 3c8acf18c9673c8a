package dev.keyward.internal;

import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationType;
import dev.keyward.DenialCode;
import dev.keyward.OrganizationId;
import dev.keyward.spi.AuditAction;
import dev.keyward.spi.AuditCode;
import dev.keyward.spi.AuditOutcome;
import dev.keyward.spi.KeywardObserver;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's observer as core calls it: an exception it throws is logged — at most once a minute,
 * so a broken observer cannot flood the log from the warm path — and never reaches the request.
 * Thread-safe.
 */
public final class GuardedObserver implements KeywardObserver {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedObserver.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final KeywardObserver observer;
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    private GuardedObserver(KeywardObserver observer) {
        this.observer = observer;
    }

    /** The observer guarded; {@link KeywardObserver#NONE} as it is, so observing nothing costs nothing. */
    public static KeywardObserver of(KeywardObserver observer) {
        return observer == NONE || observer instanceof GuardedObserver ? observer : new GuardedObserver(observer);
    }

    @Override
    public void attached(State state) {
        try {
            observer.attached(state);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void detached() {
        try {
            observer.detached();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void detached(State state) {
        try {
            observer.detached(state);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void granted(ApiFamily family, AuthenticationType type, OrganizationId organizationId) {
        try {
            observer.granted(family, type, organizationId);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void denied(ApiFamily family, AuthenticationType type, DenialCode code) {
        try {
            observer.denied(family, type, code);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void cacheLookup(boolean hit) {
        try {
            observer.cacheLookup(hit);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void coldVerification(Credential credential, boolean valid, long nanos) {
        try {
            observer.coldVerification(credential, valid, nanos);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void hashGateWait(long nanos, boolean admitted) {
        try {
            observer.hashGateWait(nanos, admitted);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void hashComputed(long nanos) {
        try {
            observer.hashComputed(nanos);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void tokenIssued(OrganizationId organizationId, long nanos) {
        try {
            observer.tokenIssued(organizationId, nanos);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void tokenRefused(AuditCode code) {
        try {
            observer.tokenRefused(code);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void managementAction(AuditAction action, AuditOutcome outcome, AuditCode code,
            OrganizationId organizationId) {
        try {
            observer.managementAction(action, outcome, code, organizationId);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void revocationReceived(boolean token, long lagMillis) {
        try {
            observer.revocationReceived(token, lagMillis);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void failed(RuntimeException e) {
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= LOG_EVERY_NANOS && lastLogged.compareAndSet(last, now)) {
            LOG.warn("observer {} failed; its failures are logged at most once a minute", observer, e);
        }
    }

    @Override
    public String toString() {
        return observer.toString();
    }
}
