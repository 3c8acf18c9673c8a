package dev.keyward;

import dev.keyward.AuthenticationResult.Denied;
import dev.keyward.AuthenticationResult.Granted;
import dev.keyward.internal.Auditor;
import dev.keyward.internal.CredentialCodec;
import dev.keyward.internal.CredentialKind;
import dev.keyward.internal.CredentialVerifier;
import dev.keyward.internal.Denials;
import dev.keyward.internal.HeaderCredentials;
import dev.keyward.internal.RequestIds;
import dev.keyward.internal.Verdict;
import dev.keyward.internal.VerifiedCredential;
import dev.keyward.spi.AuditAction;
import dev.keyward.spi.AuditCode;
import dev.keyward.spi.AuditOutcome;
import dev.keyward.spi.KeywardObserver;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates API requests, independent of any HTTP stack: give it the request's headers
 * and API family, get an {@link AuthenticationResult}. Obtained from {@link Keyward#authenticator()};
 * thread-safe.
 *
 * <p>A request carries either an access key in the configured header (default {@code Accesskey})
 * or {@code Authorization: Bearer <token>}. A verification is remembered per node (bounded by
 * {@link KeywardConfig#cacheMaximumSize()}), so repeated requests cost no store read and no
 * hash; a remembered verification is confirmed against the store after
 * {@link KeywardConfig#revocationCheckInterval()}, and forgotten at once when this node
 * regenerates, updates or deletes the connection. See {@link DenialCode} for every denial. Every
 * denial is reported to the audit listener as {@code VERIFY_REQUEST}; grants are not.
 *
 * <p>A connection with allowed IP ranges ({@link Connection#allowedIps()}) admits its valid
 * credentials, bearer tokens included, only from an address in one of them; from any other
 * the request is denied with {@link DenialCode#IP_NOT_ALLOWED}. The host gives the client's
 * address (it alone knows which proxies it trusts: see {@link TrustedProxies}); a request whose
 * address is not given, through the overloads without one, is from an unknown address, which
 * such a connection does not admit. Connections without ranges admit any address.
 *
 * <p>Nothing in the headers can make this throw.
 */
public final class RequestAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(RequestAuthenticator.class);

    private final KeywardConfig config;
    private final CredentialCodec codec;
    private final CredentialVerifier verifier;
    private final Denials denials;
    private final Auditor auditor;
    private final TrafficLimiter limiter;
    private final KeywardObserver observer;

    RequestAuthenticator(KeywardConfig config, CredentialCodec codec, CredentialVerifier verifier,
            TrafficLimiter limiter) {
        this.config = config;
        this.limiter = limiter;
        this.codec = codec;
        this.verifier = verifier;
        this.denials = new Denials(config.realm(), config.denialBody());
        this.auditor = new Auditor(config.auditListener(), config.clock(), config.observer());
        this.observer = config.observer();
    }

    /**
     * Authenticates a request; a denial gets a generated request id.
     *
     * @throws NullPointerException if an argument is null
     */
    public AuthenticationResult authenticate(RequestHeaders headers, ApiFamily family) {
        return authenticate(headers, family, null);
    }

    /**
     * Authenticates a request; a denial carries the host's request id, or a generated one
     * when it is null or blank.
     *
     * @throws NullPointerException if the headers or the family are null
     */
    public AuthenticationResult authenticate(RequestHeaders headers, ApiFamily family, String requestId) {
        return authenticate(headers, family, requestId, null);
    }

    /**
     * Authenticates a request from this client address; a denial carries the host's request id, or a
     * generated one when it is null or blank.
     *
     * @param clientAddress the address the request came from, as the host determined it; null when unknown
     * @throws NullPointerException if the headers or the family are null
     */
    public AuthenticationResult authenticate(RequestHeaders headers, ApiFamily family, String requestId,
            ClientAddress clientAddress) {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(family, "family");
        AuthenticationType presentedType = null;
        AuthenticationResult result;
        try {
            HeaderCredentials.Extracted extracted = HeaderCredentials.extract(headers, config.accessKeyHeader());
            if (extracted instanceof HeaderCredentials.Presented presented) {
                presentedType = presented.bearer() ? AuthenticationType.OAUTH : AuthenticationType.ACCESS_KEY;
                result = verify(presented, family, requestId, clientAddress);
            } else if (extracted instanceof HeaderCredentials.Malformed malformed) {
                result = refused(denials.malformed(malformed.reason(), RequestIds.orNew(requestId)), null);
            } else {
                result = refused(denials.deny(DenialCode.MISSING_CREDENTIALS, RequestIds.orNew(requestId)), null);
            }
        } catch (RuntimeException unexpected) {
            LOG.error("request authentication failed unexpectedly; the request is denied", unexpected);
            result = refused(denials.deny(DenialCode.UNAVAILABLE, RequestIds.orNew(requestId)), null,
                    AuditCode.INTERNAL_ERROR);
        }
        return observed(result, family, presentedType);
    }

    /**
     * The denial, if any, of a request that {@link #authenticate} already granted in this same request as the
     * host hands it on to an API of this family (a forward, an include, an async dispatch): empty when the
     * principal's credential type may call the family ({@link ApiFamily#admits}), else the
     * {@link DenialCode#API_FAMILY_FORBIDDEN} denial, which is reported to the audit listener and the observer
     * once, as any denial is. This grants nothing and checks nothing but the family: not the credential, not
     * the connection (which may since have been regenerated or deleted), not the client address, not the traffic
     * limits, and nothing is counted against them. A principal kept beyond the request it was granted in (in a
     * session, a websocket, a job) must be authenticated again, never passed here. A denial carries the host's
     * request id, or a generated one when it is null or blank.
     *
     * @param granted the principal that {@code authenticate} granted earlier in the same request
     * @throws NullPointerException if the principal or the family are null
     */
    public Optional<Denied> familyDenial(Principal granted, ApiFamily family, String requestId) {
        Objects.requireNonNull(granted, "granted");
        Objects.requireNonNull(family, "family");
        if (family.admits(granted.authenticationType())) {
            return Optional.empty();
        }
        return Optional.of((Denied) observed(forbidden(granted, requestId), family, granted.authenticationType()));
    }

    /** The denial of a verified credential on an API family it may not call. */
    private Denied forbidden(Principal principal, String requestId) {
        return refused(denials.deny(DenialCode.API_FAMILY_FORBIDDEN, RequestIds.orNew(requestId)),
                Verdict.Invalid.of(principal, false));
    }

    /** Tells the observer of every answer, in one place, so every denial code reaches it as it is. */
    private AuthenticationResult observed(AuthenticationResult result, ApiFamily family, AuthenticationType type) {
        if (result instanceof AuthenticationResult.Granted granted) {
            Principal principal = granted.principal();
            observer.granted(family, principal.authenticationType(), principal.organizationId());
        } else {
            observer.denied(family, type, ((Denied) result).code());
        }
        return result;
    }

    private AuthenticationResult verify(HeaderCredentials.Presented presented, ApiFamily family, String requestId,
            ClientAddress clientAddress) {
        CredentialCodec.ParsedCredential credential = codec.parse(presented.value());
        if (credential == null && !presented.wellFormed()) {
            return refused(denials.malformed(presented.malformedReason(), RequestIds.orNew(requestId)), null);
        }
        CredentialKind expected = presented.bearer() ? CredentialKind.BEARER_TOKEN : CredentialKind.ACCESS_KEY;
        if (credential == null || credential.kind() != expected) {
            return refused(denials.deny(DenialCode.INVALID_CREDENTIALS, RequestIds.orNew(requestId)), null);
        }
        // A wait for Argon2 counts from the moment the credential is found not remembered, however long
        // the request then waits for its turn to be checked. One clock reading serves the cache and the limits.
        long now = config.clock().millis();
        Verdict verdict = verifier.verifyAt(credential, now);
        if (verdict instanceof VerifiedCredential verified) {
            if (!verified.admits(clientAddress)) {
                return refused(denials.deny(DenialCode.IP_NOT_ALLOWED, RequestIds.orNew(requestId)),
                        Verdict.Invalid.of(verified.principal(), false));
            }
            if (!family.admits(verified.principal().authenticationType())) {
                return forbidden(verified.principal(), requestId);
            }
            return limited(verified, requestId, now);
        }
        if (verdict == Verdict.Unavailable.BUSY) {
            return refused(denials.deny(DenialCode.OVERLOADED, RequestIds.orNew(requestId)), null);
        }
        if (verdict == Verdict.Unavailable.STORE_FAILED) {
            return refused(denials.deny(DenialCode.UNAVAILABLE, RequestIds.orNew(requestId)), null);
        }
        Verdict.Invalid invalid = (Verdict.Invalid) verdict;
        return refused(denials.deny(DenialCode.INVALID_CREDENTIALS, RequestIds.orNew(requestId)), invalid,
                invalid.auditCode());
    }

    /**
     * Counts a granted request against its organization's traffic limits, after its credential verified so
     * that nobody but the organization's own clients spends its allowance.
     */
    private AuthenticationResult limited(VerifiedCredential verified, String requestId, long nowMillis) {
        Granted granted = verified.granted();
        if (limiter == null) {
            return granted;
        }
        Principal principal = granted.principal();
        RateLimitStatus status = limiter.charge(principal.organizationId().value(), verified.connection(), nowMillis);
        if (status == null) {
            return granted;
        }
        if (status.admitted()) {
            return granted.withRateLimit(status);
        }
        return refused(denials.rateLimited(status, RequestIds.orNew(requestId)), Verdict.Invalid.of(principal, false),
                AuditCode.RATE_LIMITED);
    }

    /** Reports the denial to the audit listener, naming the connection when it is known. */
    private Denied refused(Denied denied, Verdict.Invalid subject) {
        return refused(denied, subject, AuditCode.of(denied.code()));
    }

    private Denied refused(Denied denied, Verdict.Invalid subject, AuditCode code) {
        AuditOutcome outcome = denied.code() == DenialCode.UNAVAILABLE ? AuditOutcome.FAILED : AuditOutcome.REFUSED;
        auditor.report(AuditAction.VERIFY_REQUEST, outcome, subject == null ? Verdict.Invalid.UNKNOWN : subject, code);
        return denied;
    }

    @Override
    public String toString() {
        return "RequestAuthenticator[header=" + config.accessKeyHeader() + ", realm=" + config.realm() + "]";
    }
}
