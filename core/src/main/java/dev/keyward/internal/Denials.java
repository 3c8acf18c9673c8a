package dev.keyward.internal;

import dev.keyward.AuthenticationResult.Denied;
import dev.keyward.DenialBody;
import dev.keyward.DenialCode;
import dev.keyward.RateLimitStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds denials: status and challenge per {@link DenialCode}, body by the configured
 * {@link DenialBody}, falling back to the standard body if the host's throws. The challenges
 * are written once; an {@code invalid_request} challenge adds a fixed description of what
 * was wrong, never an echo of the input. Immutable and thread-safe.
 */
public final class Denials {

    private static final Logger LOG = LoggerFactory.getLogger(Denials.class);

    private final String[] challenges = new String[DenialCode.values().length];
    private final DenialBody body;

    public Denials(String realm, DenialBody body) {
        String realmChallenge = "Bearer realm=\"" + realm + "\"";
        this.body = body;
        challenges[DenialCode.MISSING_CREDENTIALS.ordinal()] = realmChallenge;
        challenges[DenialCode.INVALID_REQUEST.ordinal()] = realmChallenge + ", error=\"invalid_request\"";
        challenges[DenialCode.INVALID_CREDENTIALS.ordinal()] = realmChallenge + ", error=\"invalid_token\"";
        challenges[DenialCode.API_FAMILY_FORBIDDEN.ordinal()] = realmChallenge + ", error=\"insufficient_scope\", "
                + "error_description=\"M2M OAuth tokens are not accepted on Event APIs\"";
        // RFC 6750 §3: a request whose token does not enable access gets a challenge. A valid credential from an
        // address its connection does not allow is, as on the Event API, one that may not do this here.
        challenges[DenialCode.IP_NOT_ALLOWED.ordinal()] = realmChallenge + ", error=\"insufficient_scope\", "
                + "error_description=\"requests from this address are not allowed for this credential\"";
    }

    /** A denial with this code for the request with this id. */
    public Denied deny(DenialCode code, String requestId) {
        return new Denied(code, code.httpStatus(), challenges[code.ordinal()], requestId, body(code, requestId));
    }

    /** A 429 {@code RATE_LIMITED} denial carrying where the organization stands. */
    public Denied rateLimited(RateLimitStatus status, String requestId) {
        DenialCode code = DenialCode.RATE_LIMITED;
        return new Denied(code, code.httpStatus(), null, requestId, body(code, requestId), status);
    }

    /** An {@code invalid_request} denial naming, in fixed words, what was wrong. */
    public Denied malformed(String reason, String requestId) {
        DenialCode code = DenialCode.INVALID_REQUEST;
        return new Denied(code, code.httpStatus(),
                challenges[code.ordinal()] + ", error_description=\"" + reason + "\"", requestId,
                body(code, requestId));
    }

    private String body(DenialCode code, String requestId) {
        try {
            String written = body.render(code, requestId);
            if (written != null) {
                return written;
            }
        } catch (RuntimeException e) {
            LOG.error("the denial body writer failed; the standard body is sent", e);
        }
        return DenialBody.standard().render(code, requestId);
    }
}
