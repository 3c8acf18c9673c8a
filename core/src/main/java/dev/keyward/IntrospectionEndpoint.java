package dev.keyward;

import dev.keyward.internal.ActiveAnswer;
import dev.keyward.internal.Auditor;
import dev.keyward.internal.CachedConnection;
import dev.keyward.internal.ClientAuthentication;
import dev.keyward.internal.CredentialCodec;
import dev.keyward.internal.CredentialKind;
import dev.keyward.internal.CredentialVerifier;
import dev.keyward.internal.FormParameters;
import dev.keyward.internal.FormRequest;
import dev.keyward.internal.GatewayCredential;
import dev.keyward.internal.OAuthError;
import dev.keyward.internal.OAuthResponses;
import dev.keyward.internal.Verdict;
import dev.keyward.internal.VerifiedCredential;
import dev.keyward.spi.AuditAction;
import dev.keyward.spi.AuditCode;
import dev.keyward.spi.AuditOutcome;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth 2.0 token introspection (RFC 7662) for the platform's API gateway, independent of any HTTP
 * stack: give it the method, headers and form body of a request; send back the {@link TokenResponse}.
 * Obtained from {@link Keyward#introspectionEndpoint()}; thread-safe.
 *
 * <p>The caller authenticates as the gateway configured by
 * {@link Keyward.Builder#introspectionClient}, with HTTP Basic (a form that repeats the same pair is the same
 * authentication, as lua-resty-openidc sends it beneath APISIX's and kong-oidc's introspection); tenants' OAuth
 * clients may not introspect, and
 * without a configured gateway every call is refused. {@code token} is a bearer token, or an
 * access key when {@code token_type_hint=access_key} is sent: access keys travel in their own
 * header, not as OAuth tokens, so a gateway must say it is asking about one. Checks take the same
 * path as API requests: a credential verified before costs no store read and no hash.
 *
 * <p>An active credential is answered
 * {@code {"active":true,"token_type","client_id","sub","org","exp","iat","api_families"}}:
 * {@code token_type} is {@code Bearer} or {@code access_key}; {@code client_id} only for a bearer
 * token; {@code sub} the connection id; {@code org} the organization; {@code exp} when it stops
 * being valid (absent when never); {@code iat} when a bearer token was issued (absent for access
 * keys); {@code api_families} {@code ["REST"]} for a bearer token and {@code ["REST","EVENT"]} for an
 * access key; and {@code allowed_ips}, the connection's allowed IP ranges, only when it has some: the
 * gateway, which alone sees the client's address, must refuse a request from outside them, as
 * {@link RequestAuthenticator} does with {@code IP_NOT_ALLOWED}. Every other credential — unknown, malformed, wrong, expired, revoked, leaked, a
 * client secret, an access key without the hint — is answered exactly {@code {"active":false}},
 * which tells none of them apart. Every answer carries {@code Cache-Control: no-store}. Errors:
 * <table>
 *   <caption>Errors</caption>
 *   <tr><th>status</th><th>{@code error}</th><th>when</th></tr>
 *   <tr><td>405</td><td>{@code invalid_request}</td><td>a method other than POST ({@code Allow: POST})</td></tr>
 *   <tr><td>400</td><td>{@code invalid_request}</td><td>a malformed, oversized or non-form body, a repeated
 *       parameter or header, no {@code token}</td></tr>
 *   <tr><td>401</td><td>{@code invalid_client}</td><td>no Basic credentials, Basic credentials that cannot be
 *       read, or not the gateway's
 *       ({@code WWW-Authenticate: Basic realm="…", charset="UTF-8"})</td></tr>
 *   <tr><td>503</td><td>{@code temporarily_unavailable}</td><td>no Argon2 slot free in time ({@code Retry-After: 1})</td></tr>
 *   <tr><td>500</td><td>{@code server_error}</td><td>the store failed</td></tr>
 * </table>
 * Refusals and inactive answers are reported to the audit listener as {@code INTROSPECT_TOKEN}.
 * Nothing in the request can make this throw.
 */
public final class IntrospectionEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(IntrospectionEndpoint.class);
    private static final Map<String, Object> INACTIVE = Map.of("active", false);

    private final CredentialCodec codec;
    private final CredentialVerifier verifier;
    private final GatewayCredential gateway;
    private final OAuthResponses responses;
    private final Auditor auditor;

    IntrospectionEndpoint(KeywardConfig config, CredentialCodec codec, CredentialVerifier verifier) {
        this.codec = codec;
        this.verifier = verifier;
        this.gateway = config.gateway();
        this.responses = new OAuthResponses(config.realm());
        this.auditor = new Auditor(config.auditListener(), config.clock(), config.observer());
    }

    /**
     * Answers one introspection request.
     *
     * @param method   the HTTP method, e.g. {@code POST}
     * @param headers  the request headers
     * @param formBody the request body as received; null or empty if none
     */
    public TokenResponse handle(String method, RequestHeaders headers, byte[] formBody) {
        try {
            FormRequest.Read read = FormRequest.read(method, headers, formBody);
            if (read == FormRequest.WrongMethod.INSTANCE) {
                return refused(responses.methodNotAllowed("the introspection endpoint takes POST only"),
                        AuditCode.INVALID_REQUEST);
            }
            if (read instanceof FormRequest.Malformed malformed) {
                return error(OAuthError.INVALID_REQUEST, malformed.reason());
            }
            return handleForm((FormRequest.Form) read);
        } catch (RuntimeException unexpected) {
            LOG.error("introspection request failed unexpectedly", unexpected);
            return refused(responses.error(OAuthError.SERVER_ERROR, "the introspection request could not be handled"),
                    AuditCode.INTERNAL_ERROR);
        }
    }

    private TokenResponse handleForm(FormRequest.Form form) {
        if (!isGateway(form)) {
            ClientAuthentication.Offered offered = ClientAuthentication.readTakingARepeatedPairAsOne(
                    form.authorizations(), form.parameters());
            if (offered instanceof ClientAuthentication.Malformed malformed) {
                return error(OAuthError.INVALID_REQUEST, malformed.reason());
            }
            if (!(offered instanceof ClientAuthentication.Offer offer) || !offer.basic() || gateway == null
                    || !gateway.matches(offer.clientId(), offer.clientSecret())) {
                return refused(responses.error(OAuthError.INVALID_CLIENT, "the caller may not introspect"),
                        AuditCode.INVALID_CREDENTIALS);
            }
        }
        String token = form.parameters().get("token");
        if (token == null) {
            return error(OAuthError.INVALID_REQUEST, "token is required");
        }
        return introspect(token, form.parameters());
    }

    /**
     * The gateway's usual request, recognised without parsing its Basic credentials: one
     * {@code Authorization} value that is the gateway's, in either spelling and any layout, and no client
     * credentials in the form.
     */
    private boolean isGateway(FormRequest.Form form) {
        return gateway != null && form.authorizations().size() == 1 && form.parameters().get("client_id") == null
                && form.parameters().get("client_secret") == null
                && gateway.isHeader(form.authorizations().get(0));
    }

    private TokenResponse introspect(String token, FormParameters.Parameters form) {
        CredentialCodec.ParsedCredential credential = codec.parse(token);
        if (credential == null || !introspectable(credential.kind(), form)) {
            return inactive(Verdict.Invalid.UNKNOWN, AuditCode.INVALID_CREDENTIALS);
        }
        Verdict verdict = verifier.verify(credential);
        if (verdict instanceof VerifiedCredential verified) {
            return responses.okJson(active(verified));
        }
        if (verdict == Verdict.Unavailable.BUSY) {
            return error(OAuthError.TEMPORARILY_UNAVAILABLE, "too many requests in progress; retry later");
        }
        if (verdict == Verdict.Unavailable.STORE_FAILED) {
            return error(OAuthError.SERVER_ERROR, "the credential store is unavailable");
        }
        Verdict.Invalid invalid = (Verdict.Invalid) verdict;
        return inactive(invalid, invalid.auditCode());
    }

    /** Bearer tokens always; access keys only when the gateway says it asks about one; client secrets never. */
    private static boolean introspectable(CredentialKind kind, FormParameters.Parameters form) {
        return kind == CredentialKind.BEARER_TOKEN
                || kind == CredentialKind.ACCESS_KEY && "access_key".equals(form.get("token_type_hint"));
    }

    /** The connection's part of the answer written once, as it stands, and reused while it holds. */
    private String active(VerifiedCredential verified) {
        CachedConnection connection = verified.connection();
        ActiveAnswer answer = connection.activeAnswer();
        if (answer == null || !answer.describes(verified)) {
            answer = ActiveAnswer.of(verified, codec);
            connection.activeAnswer(answer);
        }
        return answer.write(verified);
    }

    private TokenResponse inactive(Verdict.Invalid subject, AuditCode code) {
        auditor.report(AuditAction.INTROSPECT_TOKEN, AuditOutcome.REFUSED, subject, code);
        return responses.ok(INACTIVE);
    }

    private TokenResponse error(OAuthError error, String description) {
        return refused(responses.error(error, description), error.auditCode());
    }

    private TokenResponse refused(TokenResponse response, AuditCode code) {
        AuditOutcome outcome = response.status() >= 500 ? AuditOutcome.FAILED : AuditOutcome.REFUSED;
        auditor.report(AuditAction.INTROSPECT_TOKEN, outcome, Verdict.Invalid.UNKNOWN, code);
        return response;
    }

    @Override
    public String toString() {
        return "IntrospectionEndpoint[gateway=" + (gateway == null ? "none" : gateway.clientId()) + "]";
    }
}
