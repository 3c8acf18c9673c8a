package dev.keyward.spi;

import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationType;
import dev.keyward.DenialCode;
import dev.keyward.OrganizationId;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Passes every event to several observers; immutable and thread-safe. */
final class CompositeObserver implements KeywardObserver {

    private static final Logger LOG = LoggerFactory.getLogger(CompositeObserver.class);

    private final KeywardObserver[] observers;

    CompositeObserver(List<KeywardObserver> observers) {
        this.observers = observers.toArray(KeywardObserver[]::new);
    }

    // A plain loop per event, not a lambda: the warm path must not allocate.
    @Override
    public void granted(ApiFamily family, AuthenticationType type, OrganizationId organizationId) {
        for (KeywardObserver o : observers) {
            try {
                o.granted(family, type, organizationId);
            } catch (RuntimeException e) {
                failed(o, e);
            }
        }
    }

    @Override
    public void denied(ApiFamily family, AuthenticationType type, DenialCode code) {
        for (KeywardObserver o : observers) {
            try {
                o.denied(family, type, code);
            } catch (RuntimeException e) {
                failed(o, e);
            }
        }
    }

    @Override
    public void cacheLookup(boolean hit) {
        for (KeywardObserver o : observers) {
            try {
                o.cacheLookup(hit);
            } catch (RuntimeException e) {
                failed(o, e);
            }
        }
    }

    @Override
    public void attached(State state) {
        each(o -> o.attached(state));
    }

    @Override
    public void detached() {
        each(KeywardObserver::detached);
    }

    @Override
    public void detached(State state) {
        each(o -> o.detached(state));
    }

    @Override
    public void coldVerification(Credential credential, boolean valid, long nanos) {
        each(o -> o.coldVerification(credential, valid, nanos));
    }

    @Override
    public void hashGateWait(long nanos, boolean admitted) {
        each(o -> o.hashGateWait(nanos, admitted));
    }

    @Override
    public void hashComputed(long nanos) {
        each(o -> o.hashComputed(nanos));
    }

    @Override
    public void tokenIssued(OrganizationId organizationId, long nanos) {
        each(o -> o.tokenIssued(organizationId, nanos));
    }

    @Override
    public void tokenRefused(AuditCode code) {
        each(o -> o.tokenRefused(code));
    }

    @Override
    public void managementAction(AuditAction action, AuditOutcome outcome, AuditCode code,
            OrganizationId organizationId) {
        each(o -> o.managementAction(action, outcome, code, organizationId));
    }

    @Override
    public void revocationReceived(boolean token, long lagMillis) {
        each(o -> o.revocationReceived(token, lagMillis));
    }

    private void each(Consumer<KeywardObserver> event) {
        for (KeywardObserver o : observers) {
            try {
                event.accept(o);
            } catch (RuntimeException e) {
                failed(o, e);
            }
        }
    }

    private static void failed(KeywardObserver observer, RuntimeException e) {
        LOG.warn("observer {} failed: {}", observer, e.toString());
    }

    @Override
    public String toString() {
        return "KeywardObserver.composite" + List.of(observers);
    }
}
