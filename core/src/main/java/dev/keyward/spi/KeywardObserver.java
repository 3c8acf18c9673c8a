package dev.keyward.spi;

import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationType;
import dev.keyward.DenialCode;
import dev.keyward.OrganizationId;
import java.util.List;

/**
 * Receives what a Keyward instance does, for metrics and tracing: verifications by outcome, denial
 * code, API family and authentication type; cold verifications and Argon2 work with their
 * durations; verification cache hits; token issuance; management actions; revocations received from
 * other nodes and their lag. Set it with {@code Keyward.builder().observer(...)}; the default
 * observes nothing ({@link #NONE}).
 *
 * <p>Every method has a default that does nothing, so an observer implements what it needs and new
 * events can be added without breaking it. Events never carry a secret, hash, token or digest: only
 * enums, durations and, where the host may want it, the organization id — whether that id reaches
 * a metric is the observer's choice.
 *
 * <p>Called synchronously on the thread doing the work, including the warm path of every request,
 * so an implementation must be thread-safe, quick and should not allocate per call. An exception it
 * throws is logged and otherwise ignored. Durations are in nanoseconds, from {@link System#nanoTime()}.
 */
public interface KeywardObserver {

    /** Observes nothing. */
    KeywardObserver NONE = new KeywardObserver() {
        @Override
        public String toString() {
            return "KeywardObserver.NONE";
        }
    };

    /** The kinds of credential a cold verification checks. */
    enum Credential {
        /** An organization's access key. */
        ACCESS_KEY,
        /** The secret of an M2M OAuth client. */
        CLIENT_SECRET,
        /** A bearer token issued by the token endpoint. */
        BEARER_TOKEN
    }

    /**
     * Live figures of the instance the observer is attached to, to read whenever a gauge is sampled.
     * Thread-safe; each read is cheap.
     */
    interface State {

        /** Verified credentials remembered by this node now, approximately. */
        long cachedCredentials();

        /** Argon2 computations running now. */
        int hashesRunning();

        /**
         * Callers waiting in the gate's queues for a turn to run an Argon2 computation, approximately; callers
         * waiting in a credential's own queue before the gate's (one Argon2 at a time per credential) are not
         * counted, though {@link KeywardObserver#hashGateWait} counts their wait.
         */
        int hashesWaiting();

        /**
         * Requests waiting for their credential's own Argon2 turn (one at a time per credential), before the gate's
         * queues, approximately: where a flood of wrong secrets at one credential waits, which
         * {@link #hashesWaiting()} does not count. 0 unless the instance says otherwise.
         */
        default int hashesWaitingForTheirCredential() {
            return 0;
        }
    }

    /** Called once when an instance is built with this observer, before it serves anything. */
    default void attached(State state) {
    }

    /**
     * Called once when the instance it was {@linkplain #attached attached} to is closed: an observer lets go
     * of the {@link State} there, so that a closed instance is not kept, nor read, by what it registered (a
     * gauge, say), and an instance built after it can register its own. Keyward calls
     * {@link #detached(State)}, whose default calls this.
     */
    default void detached() {
    }

    /**
     * Called once when the instance whose figures {@code state} holds is closed, with the same object
     * {@link #attached} was given: an observer given to several instances (by mistake, or inside a composite)
     * lets go of what it registered for that one, and of nothing registered for another. The default calls
     * {@link #detached()}.
     */
    default void detached(State state) {
        detached();
    }

    /**
     * A request was granted.
     *
     * @param family         the API family of the request
     * @param type           the type of the connection whose credential was presented
     * @param organizationId the organization the request acts for
     */
    default void granted(ApiFamily family, AuthenticationType type, OrganizationId organizationId) {
    }

    /**
     * A request was denied. Every denial code a release adds arrives here as it is.
     *
     * @param family the API family of the request
     * @param type   what the request presented — an access key ({@code ACCESS_KEY}) or a bearer token
     *               ({@code OAUTH}) — or {@code null} when it presented no readable credential
     * @param code   why
     */
    default void denied(ApiFamily family, AuthenticationType type, DenialCode code) {
    }

    /** A well-formed credential was looked up in the verification cache; {@code hit} if it was remembered. */
    default void cacheLookup(boolean hit) {
    }

    /**
     * A credential not remembered was checked against the store (and Argon2 for a secret).
     *
     * @param credential its kind
     * @param valid      whether it verified; false also when Argon2 was busy or the store failed
     * @param nanos      how long the check took, waiting for an Argon2 turn included
     */
    default void coldVerification(Credential credential, boolean valid, long nanos) {
    }

    /**
     * A caller waited for a turn of the gate that bounds concurrent Argon2 computations: for a request, from its
     * arrival, counting the wait in its credential's own queue before the gate's (one Argon2 at a time per
     * credential); a request that gave up there is reported refused too.
     *
     * @param nanos    how long it waited
     * @param admitted whether it got a turn; if not, its request is answered 503
     */
    default void hashGateWait(long nanos, boolean admitted) {
    }

    /** One Argon2 computation (a verify or a new hash) took this long. */
    default void hashComputed(long nanos) {
    }

    /** The token endpoint issued a bearer token; {@code nanos} covers issuing and storing it. */
    default void tokenIssued(OrganizationId organizationId, long nanos) {
    }

    /** The token endpoint refused or failed a request, with the audit code of why. */
    default void tokenRefused(AuditCode code) {
    }

    /**
     * A management action ended, or a call of an endpoint anyone can send to as fast as they like did: an
     * introspection, a revocation at the revocation endpoint, a leak report ({@code INTROSPECT_TOKEN},
     * {@code REVOKE_TOKEN}, {@code RECEIVE_LEAK_REPORT}), refused or not. Count these by action; an observer that
     * alerts on refusals should tell them from refused management calls, which a logged-in user makes.
     *
     * @param action         what was attempted
     * @param outcome        how it ended
     * @param code           for a refusal or failure its stable code, else {@code null}
     * @param organizationId the organization acted on, or {@code null}
     */
    default void managementAction(AuditAction action, AuditOutcome outcome, AuditCode code,
            OrganizationId organizationId) {
    }

    /**
     * This node applied a record of the revocation log.
     *
     * @param token     whether it revoked one bearer token (else every credential of a connection)
     * @param lagMillis how long after the revocation it was applied here, by the configured clock; 0 at least
     */
    default void revocationReceived(boolean token, long lagMillis) {
    }

    /**
     * An observer that passes every event to each of these, in order; one that throws does not keep
     * the event from the others.
     *
     * @throws NullPointerException if the list or one of them is null
     */
    static KeywardObserver composite(List<? extends KeywardObserver> observers) {
        List<KeywardObserver> copy = List.copyOf(observers);
        return copy.isEmpty() ? NONE : copy.size() == 1 ? copy.get(0) : new CompositeObserver(copy);
    }
}
