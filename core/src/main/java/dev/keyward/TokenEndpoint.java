package dev.keyward;

import dev.keyward.internal.Auditor;
import dev.keyward.internal.ClientAuthentication;
import dev.keyward.internal.CredentialCodec;
import dev.keyward.internal.CredentialVerifier;
import dev.keyward.internal.FormParameters;
import dev.keyward.internal.FormRequest;
import dev.keyward.internal.OAuthError;
import dev.keyward.internal.OAuthResponses;
import dev.keyward.internal.TokenIssuer;
import dev.keyward.internal.Verdict;
import dev.keyward.internal.VerifiedCredential;
import dev.keyward.spi.AuditAction;
import dev.keyward.spi.AuditCode;
import dev.keyward.spi.AuditOutcome;
import dev.keyward.spi.KeywardObserver;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OAuth 2.0 token endpoint of M2M OAuth connections, independent of any HTTP stack: the
 * client credentials grant (RFC 6749 §4.4) with {@code client_secret_basic} or
 * {@code client_secret_post}. Give it the method, headers and form body of a request; send
 * back the {@link TokenResponse}. Obtained from {@link Keyward#tokenEndpoint()}; thread-safe.
 *
 * <p>A success is {@code {"access_token":…,"token_type":"Bearer","expires_in":86400}} (the
 * configured {@link KeywardConfig#tokenTimeToLive()}); no refresh token is issued. Every
 * answer carries {@code Cache-Control: no-store} and {@code Pragma: no-cache}. Errors, checked
 * in this order:
 * <table>
 *   <caption>Errors</caption>
 *   <tr><th>status</th><th>{@code error}</th><th>when</th></tr>
 *   <tr><td>405</td><td>{@code invalid_request}</td><td>a method other than POST ({@code Allow: POST})</td></tr>
 *   <tr><td>400</td><td>{@code invalid_request}</td><td>a body without {@code Content-Type:
 *       application/x-www-form-urlencoded}; a malformed, oversized (&gt; 8 KiB) body; a repeated parameter
 *       or header; both Basic and {@code client_secret};
 *       {@code client_secret} without {@code client_id}; no {@code grant_type}</td></tr>
 *   <tr><td>400</td><td>{@code unsupported_grant_type}</td><td>a grant type other than
 *       {@code client_credentials}</td></tr>
 *   <tr><td>400</td><td>{@code invalid_scope}</td><td>any {@code scope}: connections have no scopes</td></tr>
 *   <tr><td>401</td><td>{@code invalid_client}</td><td>no client authentication, another scheme than Basic,
 *       Basic credentials that cannot be read (not Base64, no colon, a bad escape), a client id without secret, an unknown client, a wrong, revoked or mismatched secret, an expired one or
 *       one with less than a second left (no token is answered with {@code expires_in} 0) — all alike;
 *       with {@code WWW-Authenticate: Basic realm="…", charset="UTF-8"}</td></tr>
 *   <tr><td>400</td><td>{@code unauthorized_client}</td><td>a client that authenticated, asking from an
 *       address outside its connection's allowed IP ranges (or from an unknown address while it has
 *       some): a token it could not use from there is not issued, and the request spends none of the
 *       client's {@link KeywardConfig#tokenRateLimit()} allowance</td></tr>
 *   <tr><td>429</td><td>{@code slow_down}</td><td>the client asked for more tokens than
 *       {@link KeywardConfig#tokenRateLimit()} a minute ({@code Retry-After}, {@code RateLimit-Policy},
 *       {@code RateLimit}); counted only once the client authenticated from an allowed address</td></tr>
 *   <tr><td>503</td><td>{@code temporarily_unavailable}</td><td>no Argon2 slot free in time
 *       ({@code Retry-After: 1})</td></tr>
 *   <tr><td>500</td><td>{@code server_error}</td><td>the store failed</td></tr>
 * </table>
 * {@code invalid_grant} is never returned: the grant carries nothing but the client's own
 * credentials. The client's address is given by the host, as to the {@link RequestAuthenticator};
 * the overloads without one treat it as unknown. Every
 * issuance and refusal is reported to the audit listener as {@code ISSUE_TOKEN}.
 *
 * <p>Nothing in the request can make this throw.
 */
public final class TokenEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(TokenEndpoint.class);

    private final KeywardConfig config;
    private final CredentialCodec codec;
    private final CredentialVerifier verifier;
    private final TokenIssuer issuer;
    private final OAuthResponses responses;
    private final Auditor auditor;
    private final TrafficLimiter limiter;

    TokenEndpoint(KeywardConfig config, CredentialCodec codec, CredentialVerifier verifier, TokenIssuer issuer,
            TrafficLimiter limiter) {
        this.config = config;
        this.limiter = limiter;
        this.codec = codec;
        this.verifier = verifier;
        this.issuer = issuer;
        this.responses = new OAuthResponses(config.realm());
        this.auditor = new Auditor(config.auditListener(), config.clock(), config.observer());
    }

    /**
     * Answers one token request whose body is given as the bytes received, so no lenient decoding
     * of the host's can hide what the client sent: form encoding is ASCII (everything else is
     * percent-encoded), so a body holding any other byte is {@code invalid_request}.
     *
     * @param method   the HTTP method, e.g. {@code POST}
     * @param headers  the request headers
     * @param formBody the request body as received; null or empty if none
     */
    public TokenResponse handle(String method, RequestHeaders headers, byte[] formBody) {
        return handle(method, headers, formBody, null);
    }

    /**
     * Answers one token request from this client address, whose body is given as the bytes received
     * (see {@link #handle(String, RequestHeaders, byte[])}).
     *
     * @param clientAddress the address the request came from, as the host determined it; null when unknown
     */
    public TokenResponse handle(String method, RequestHeaders headers, byte[] formBody, ClientAddress clientAddress) {
        if (formBody != null && "POST".equals(method)) {
            for (byte b : formBody) {
                if (b < 0) {
                    return error(null, OAuthError.INVALID_REQUEST, "the body must be form encoded: ASCII only");
                }
            }
        }
        return handle(method, headers, formBody == null ? null : new String(formBody, StandardCharsets.US_ASCII),
                clientAddress);
    }

    /**
     * Answers one token request.
     *
     * @param method   the HTTP method, e.g. {@code POST}
     * @param headers  the request headers
     * @param formBody the request body, decoded as text (UTF-8 or ASCII); null or empty if none
     */
    public TokenResponse handle(String method, RequestHeaders headers, String formBody) {
        return handle(method, headers, formBody, null);
    }

    /**
     * Answers one token request from this client address.
     *
     * @param method        the HTTP method, e.g. {@code POST}
     * @param headers       the request headers
     * @param formBody      the request body, decoded as text (UTF-8 or ASCII); null or empty if none
     * @param clientAddress the address the request came from, as the host determined it; null when unknown
     */
    public TokenResponse handle(String method, RequestHeaders headers, String formBody, ClientAddress clientAddress) {
        long arrivalNanos = System.nanoTime();
        try {
            if (!"POST".equals(method)) {
                return refused(null, responses.methodNotAllowed(), OAuthError.INVALID_REQUEST);
            }
            Objects.requireNonNull(headers, "headers");
            return handlePost(headers, formBody, clientAddress, arrivalNanos);
        } catch (UnreadableHeaders e) {
            return error(null, OAuthError.INVALID_REQUEST, "the request headers could not be read");
        } catch (RuntimeException unexpected) {
            LOG.error("token request failed unexpectedly", unexpected);
            return refused(null, responses.error(OAuthError.SERVER_ERROR, "the token request could not be handled"),
                    OAuthError.SERVER_ERROR, AuditCode.INTERNAL_ERROR);
        }
    }

    private TokenResponse handlePost(RequestHeaders headers, String formBody, ClientAddress clientAddress,
            long arrivalNanos) {
        if (formBody != null && !formBody.isEmpty() && !isForm(values(headers, "Content-Type"))) {
            return error(null, OAuthError.INVALID_REQUEST, "the body must be application/x-www-form-urlencoded");
        }
        FormParameters.Parsed parsed = FormParameters.parse(formBody);
        if (parsed instanceof FormParameters.Malformed malformed) {
            return error(null, OAuthError.INVALID_REQUEST, malformed.reason());
        }
        FormParameters.Parameters form = (FormParameters.Parameters) parsed;
        ClientAuthentication.Offered offered = ClientAuthentication.read(values(headers, "Authorization"), form);
        if (offered instanceof ClientAuthentication.Malformed malformed) {
            return error(null, OAuthError.INVALID_REQUEST, malformed.reason());
        }
        if (offered == ClientAuthentication.Unreadable.INSTANCE) {
            return error(null, OAuthError.INVALID_CLIENT, "client authentication failed");
        }
        String grantType = form.get("grant_type");
        if (grantType == null) {
            return error(null, OAuthError.INVALID_REQUEST, "grant_type is required");
        }
        if (!grantType.equals("client_credentials")) {
            return error(null, OAuthError.UNSUPPORTED_GRANT_TYPE, "only client_credentials is supported");
        }
        if (form.get("scope") != null) {
            return error(null, OAuthError.INVALID_SCOPE, "connections have no scopes; omit scope");
        }
        if (!(offered instanceof ClientAuthentication.Offer offer)) {
            return refused(null, responses.error(OAuthError.INVALID_CLIENT, "client authentication is required"),
                    OAuthError.INVALID_CLIENT, AuditCode.MISSING_CREDENTIALS);
        }
        return authenticated(offer, clientAddress, arrivalNanos);
    }

    private TokenResponse authenticated(ClientAuthentication.Offer offer, ClientAddress clientAddress,
            long arrivalNanos) {
        CredentialCodec.ParsedCredential secret = codec.parse(offer.clientSecret());
        // The client id carries the secret's lookup id: a mismatch needs no store read.
        if (secret == null || !codec.isClientIdOf(offer.clientId(), secret)) {
            return error(null, OAuthError.INVALID_CLIENT, "client authentication failed");
        }
        Verdict verdict = verifier.verify(secret, arrivalNanos);
        if (verdict instanceof VerifiedCredential client) {
            if (!client.admits(clientAddress)) {
                return error(Verdict.Invalid.of(client.principal(), false), OAuthError.UNAUTHORIZED_CLIENT,
                        "requests from this address are not allowed for this client");
            }
            RateLimitStatus status = limiter == null ? null : limiter.charge(client.lookupId());
            if (status != null && !status.admitted()) {
                return refused(Verdict.Invalid.of(client.principal(), false), responses.slowDown(status),
                        OAuthError.SLOW_DOWN);
            }
            return issue(client, status);
        }
        if (verdict == Verdict.Unavailable.BUSY) {
            return error(null, OAuthError.TEMPORARILY_UNAVAILABLE, "too many requests in progress; retry later");
        }
        if (verdict == Verdict.Unavailable.STORE_FAILED) {
            return error(null, OAuthError.SERVER_ERROR, "the credential store is unavailable");
        }
        return invalidClient((Verdict.Invalid) verdict);
    }

    /** One answer for every client that fails, whatever the audit trail records of why. */
    private TokenResponse invalidClient(Verdict.Invalid subject) {
        return refused(subject, responses.error(OAuthError.INVALID_CLIENT, "client authentication failed"),
                OAuthError.INVALID_CLIENT, subject.auditCode());
    }

    private TokenResponse issue(VerifiedCredential client, RateLimitStatus status) {
        KeywardObserver observer = config.observer();
        // Timed only for an observer: observing nothing reads no clock.
        long start = observer == KeywardObserver.NONE ? 0 : System.nanoTime();
        TokenIssuer.Outcome outcome = issuer.issue(client);
        if (outcome instanceof TokenIssuer.Issued issued) {
            if (observer != KeywardObserver.NONE) {
                observer.tokenIssued(client.principal().organizationId(), System.nanoTime() - start);
            }
            auditor.report(AuditAction.ISSUE_TOKEN, AuditOutcome.SUCCESS, Verdict.Invalid.of(client.principal(), false),
                    null);
            return responses.token(issued.token(), issued.expiresInSeconds(),
                    status == null ? java.util.Map.of() : status.headers());
        }
        return invalidClient(Verdict.Invalid.of(client.principal(), outcome == TokenIssuer.Refusal.EXPIRED));
    }

    private static boolean isForm(List<String> contentTypes) {
        return contentTypes.size() == 1 && contentTypes.get(0) != null && FormRequest.isForm(contentTypes.get(0));
    }

    private static List<String> values(RequestHeaders headers, String name) {
        try {
            List<String> values = headers.values(name);
            return values == null ? List.of() : List.copyOf(values);
        } catch (RuntimeException e) {
            throw new UnreadableHeaders(e);
        }
    }

    /** The host's headers threw, or held a null value: the request is malformed, not the endpoint. */
    private static final class UnreadableHeaders extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnreadableHeaders(RuntimeException cause) {
            super("request headers could not be read", cause, false, false);
        }
    }

    private TokenResponse error(Verdict.Invalid subject, OAuthError error, String description) {
        return refused(subject, responses.error(error, description), error);
    }

    private TokenResponse refused(Verdict.Invalid subject, TokenResponse response, OAuthError error) {
        return refused(subject, response, error, error.auditCode());
    }

    private TokenResponse refused(Verdict.Invalid subject, TokenResponse response, OAuthError error, AuditCode code) {
        AuditOutcome outcome = error == OAuthError.SERVER_ERROR ? AuditOutcome.FAILED : AuditOutcome.REFUSED;
        auditor.report(AuditAction.ISSUE_TOKEN, outcome, subject == null ? Verdict.Invalid.UNKNOWN : subject, code);
        return response;
    }

    @Override
    public String toString() {
        return "TokenEndpoint[realm=" + config.realm() + ", tokenTimeToLive=" + config.tokenTimeToLive() + "]";
    }
}
