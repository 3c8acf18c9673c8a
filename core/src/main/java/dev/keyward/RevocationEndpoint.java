package dev.keyward;

import dev.keyward.internal.Auditor;
import dev.keyward.internal.ClientAuthentication;
import dev.keyward.internal.CredentialCodec;
import dev.keyward.internal.CredentialKind;
import dev.keyward.internal.CredentialVerifier;
import dev.keyward.internal.FormRequest;
import dev.keyward.internal.OAuthError;
import dev.keyward.internal.OAuthResponses;
import dev.keyward.internal.Revoker;
import dev.keyward.internal.TokenDigest;
import dev.keyward.internal.Verdict;
import dev.keyward.internal.VerifiedCredential;
import dev.keyward.spi.AuditAction;
import dev.keyward.spi.AuditCode;
import dev.keyward.spi.AuditOutcome;
import dev.keyward.spi.StoredToken;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth 2.0 token revocation (RFC 7009) for M2M OAuth clients, independent of any HTTP stack: give
 * it the method, headers and form body of a request; send back the {@link TokenResponse}. Obtained
 * from {@link Keyward#revocationEndpoint()}; thread-safe.
 *
 * <p>The client authenticates as at the {@link TokenEndpoint} ({@code client_secret_basic} or
 * {@code client_secret_post}) and names one of its bearer tokens in {@code token};
 * {@code token_type_hint} is optional and, since only access tokens are issued, changes nothing.
 * The token is deleted and the revocation logged in one unit of work, so every node stops
 * accepting it within the revocation bound, this one at once. The answer is 200 with an empty body
 * whether a token was revoked or not: an unknown, malformed or expired token, or another client's
 * token (which is left alone), is answered the same. Errors, checked in this order:
 * <table>
 *   <caption>Errors</caption>
 *   <tr><th>status</th><th>{@code error}</th><th>when</th></tr>
 *   <tr><td>405</td><td>{@code invalid_request}</td><td>a method other than POST ({@code Allow: POST})</td></tr>
 *   <tr><td>400</td><td>{@code invalid_request}</td><td>a malformed, oversized or non-form body, a repeated
 *       parameter or header, conflicting client authentication, no {@code token}</td></tr>
 *   <tr><td>401</td><td>{@code invalid_client}</td><td>client authentication missing, unreadable or failed, as at the
 *       token endpoint ({@code WWW-Authenticate: Basic realm="…", charset="UTF-8"})</td></tr>
 *   <tr><td>400</td><td>{@code unauthorized_client}</td><td>a client that authenticated, asking from an
 *       address outside its connection's allowed IP ranges (or from an unknown address while it has
 *       some), as at the token endpoint</td></tr>
 *   <tr><td>400</td><td>{@code unsupported_token_type}</td><td>{@code token} is an access key or a client
 *       secret: those are revoked by regenerating their connection</td></tr>
 *   <tr><td>503</td><td>{@code temporarily_unavailable}</td><td>no Argon2 slot free in time ({@code Retry-After: 1})</td></tr>
 *   <tr><td>500</td><td>{@code server_error}</td><td>the store failed; nothing was revoked</td></tr>
 * </table>
 * The client's address is given by the host, as to the {@link TokenEndpoint}; the overload without
 * one treats it as unknown. Revocations and refusals are reported to the audit listener as
 * {@code REVOKE_TOKEN}. Nothing in the request can make this throw.
 */
public final class RevocationEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(RevocationEndpoint.class);

    private final CredentialCodec codec;
    private final CredentialVerifier verifier;
    private final Revoker revoker;
    private final OAuthResponses responses;
    private final Auditor auditor;

    RevocationEndpoint(KeywardConfig config, CredentialCodec codec, CredentialVerifier verifier, Revoker revoker) {
        this.codec = codec;
        this.verifier = verifier;
        this.revoker = revoker;
        this.responses = new OAuthResponses(config.realm());
        this.auditor = new Auditor(config.auditListener(), config.clock(), config.observer());
    }

    /**
     * Answers one revocation request from an unknown address.
     *
     * @param method   the HTTP method, e.g. {@code POST}
     * @param headers  the request headers
     * @param formBody the request body as received; null or empty if none
     */
    public TokenResponse handle(String method, RequestHeaders headers, byte[] formBody) {
        return handle(method, headers, formBody, null);
    }

    /**
     * Answers one revocation request from this client address.
     *
     * @param method        the HTTP method, e.g. {@code POST}
     * @param headers       the request headers
     * @param formBody      the request body as received; null or empty if none
     * @param clientAddress the address the request came from, as the host determined it; null when unknown
     */
    public TokenResponse handle(String method, RequestHeaders headers, byte[] formBody, ClientAddress clientAddress) {
        try {
            FormRequest.Read read = FormRequest.read(method, headers, formBody);
            if (read == FormRequest.WrongMethod.INSTANCE) {
                return refused(null, responses.methodNotAllowed("the revocation endpoint takes POST only"),
                        AuditCode.INVALID_REQUEST);
            }
            if (read instanceof FormRequest.Malformed malformed) {
                return error(null, OAuthError.INVALID_REQUEST, malformed.reason());
            }
            return handleForm((FormRequest.Form) read, clientAddress);
        } catch (RuntimeException unexpected) {
            LOG.error("revocation request failed unexpectedly; nothing was revoked", unexpected);
            return refused(null, responses.error(OAuthError.SERVER_ERROR, "the revocation could not be done"),
                    AuditCode.INTERNAL_ERROR);
        }
    }

    private TokenResponse handleForm(FormRequest.Form form, ClientAddress clientAddress) {
        ClientAuthentication.Offered offered = ClientAuthentication.read(form.authorizations(), form.parameters());
        if (offered instanceof ClientAuthentication.Malformed malformed) {
            return error(null, OAuthError.INVALID_REQUEST, malformed.reason());
        }
        String token = form.parameters().get("token");
        if (token == null) {
            return error(null, OAuthError.INVALID_REQUEST, "token is required");
        }
        if (offered == ClientAuthentication.Unreadable.INSTANCE) {
            return error(null, OAuthError.INVALID_CLIENT, "client authentication failed");
        }
        if (!(offered instanceof ClientAuthentication.Offer offer)) {
            return refused(null, responses.error(OAuthError.INVALID_CLIENT, "client authentication is required"),
                    AuditCode.MISSING_CREDENTIALS);
        }
        CredentialCodec.ParsedCredential secret = codec.parse(offer.clientSecret());
        if (secret == null || !codec.isClientIdOf(offer.clientId(), secret)) {
            return error(null, OAuthError.INVALID_CLIENT, "client authentication failed");
        }
        Verdict verdict = verifier.verify(secret);
        if (verdict instanceof VerifiedCredential client) {
            if (!client.admits(clientAddress)) {
                return error(Verdict.Invalid.of(client.principal(), false), OAuthError.UNAUTHORIZED_CLIENT,
                        "requests from this address are not allowed for this client");
            }
            return revoke(client, token);
        }
        if (verdict == Verdict.Unavailable.BUSY) {
            return error(null, OAuthError.TEMPORARILY_UNAVAILABLE, "too many requests in progress; retry later");
        }
        if (verdict == Verdict.Unavailable.STORE_FAILED) {
            return error(null, OAuthError.SERVER_ERROR, "the credential store is unavailable");
        }
        Verdict.Invalid invalid = (Verdict.Invalid) verdict;
        return refused(invalid, responses.error(OAuthError.INVALID_CLIENT, "client authentication failed"),
                invalid.auditCode());
    }

    private TokenResponse revoke(VerifiedCredential client, String token) {
        Verdict.Invalid subject = Verdict.Invalid.of(client.principal(), false);
        CredentialCodec.ParsedCredential parsed = codec.parse(token);
        if (parsed != null && parsed.kind() != CredentialKind.BEARER_TOKEN) {
            return error(subject, OAuthError.UNSUPPORTED_TOKEN_TYPE,
                    "only bearer tokens are revoked here; regenerate the connection to revoke its secret");
        }
        if (parsed == null) {
            return responses.emptyOk();
        }
        ConnectionId own = client.principal().connectionId();
        Optional<StoredToken> revoked;
        try {
            // The client's own token only, told by its owner before anything else, so another client's token costs
            // nothing and answers as an unknown one; by its value (one SHA-256), or, for a token an earlier release
            // stored with Argon2id, by its lookup id: no Argon2 for this, and the client may revoke any of its own.
            revoked = revoker.revokeToken(parsed.lookupId(), stored -> stored.connectionId().equals(own)
                    && TokenDigest.isOwnTokenOf(stored, token));
        } catch (RuntimeException e) {
            LOG.warn("could not revoke a token of connection {}: {}", own.value(), e.toString());
            return error(subject, OAuthError.SERVER_ERROR, "the credential store is unavailable; nothing was revoked");
        }
        if (revoked.isPresent()) {
            auditor.report(AuditAction.REVOKE_TOKEN, AuditOutcome.SUCCESS, subject, null);
        }
        return responses.emptyOk();
    }

    private TokenResponse error(Verdict.Invalid subject, OAuthError error, String description) {
        return refused(subject, responses.error(error, description), error.auditCode());
    }

    private TokenResponse refused(Verdict.Invalid subject, TokenResponse response, AuditCode code) {
        AuditOutcome outcome = response.status() >= 500 ? AuditOutcome.FAILED : AuditOutcome.REFUSED;
        auditor.report(AuditAction.REVOKE_TOKEN, outcome, subject == null ? Verdict.Invalid.UNKNOWN : subject, code);
        return response;
    }

    @Override
    public String toString() {
        return "RevocationEndpoint";
    }
}
