package dev.keyward;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyward.internal.AlertSignature;
import dev.keyward.internal.Auditor;
import dev.keyward.internal.LeakReport;
import dev.keyward.internal.LeakResponder;
import dev.keyward.internal.Verdict;
import dev.keyward.spi.AuditAction;
import dev.keyward.spi.AuditCode;
import dev.keyward.spi.AuditOutcome;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives GitHub's secret scanning partner alerts, independent of any HTTP stack: give it the
 * method, headers and raw body of the request; send back the {@link TokenResponse}. Obtained from
 * {@link Keyward#githubSecretScanning()}; thread-safe.
 *
 * <p>The body must be signed: {@code Github-Public-Key-Identifier} names one of the public keys the
 * host trusts ({@link Keyward.Builder#githubSecretScanningKey}, from GitHub's published list) and
 * {@code Github-Public-Key-Signature} carries the Base64 DER ECDSA P-256/SHA-256 signature of the
 * raw body. A report that is not signed by a trusted key changes nothing. A signed report is a JSON
 * array of {@code {"token","type","url","source"}}; every reported value that is a live credential
 * of this platform is revoked at once, without grace: a bearer token is deleted; an access key or a
 * client secret marks its connection {@linkplain Connection#leakedAt() leaked}, which stops every
 * secret of the connection (and deletes its bearer tokens) until its owner regenerates it. Each
 * revocation reaches the other nodes through the revocation log and is audited as
 * {@code REVOKE_LEAKED_CREDENTIAL}. Replaying a report changes nothing more; a leaked connection's
 * secret is labelled {@code true_positive} again, while a bearer token or a replaced secret in its
 * grace period, of which the first report left nothing, is labelled {@code false_positive}.
 *
 * <p>The answer, 200, labels every reported value as GitHub's partner program asks, naming it by its
 * SHA-256 (never echoing it): {@code [{"token_hash":"<hex>","token_type":"<type>","label":"true_positive"}]},
 * {@code false_positive} for anything that is not a live credential. Refusals (the 4xx change nothing):
 * <table>
 *   <caption>Refusals</caption>
 *   <tr><th>status</th><th>when</th></tr>
 *   <tr><td>405</td><td>a method other than POST</td></tr>
 *   <tr><td>413</td><td>a body over 256 KiB</td></tr>
 *   <tr><td>400</td><td>a missing or repeated signature header, a signature that is not Base64, a
 *       signed body that is not a report (an array of at least one {@code token} and {@code type}; other
 *       members are ignored)</td></tr>
 *   <tr><td>401</td><td>an unknown key identifier, or a signature that does not verify</td></tr>
 *   <tr><td>503</td><td>Argon2 saturated for a value ({@code Retry-After: 1})</td></tr>
 *   <tr><td>500</td><td>the store failed for a value, or cannot keep what a revocation writes (a store
 *       written against an earlier SPI)</td></tr>
 * </table>
 * Access keys and client secrets are acted on before bearer tokens, so a token the store cannot revoke on its
 * own keeps no secret from being revoked (a token whose client's secret the same report revokes, with its
 * tokens, is labelled {@code true_positive}); the first value that cannot be decided (503, 500) ends the work,
 * and what was revoked before it stays revoked. The retried report finds those revoked: a leaked connection's
 * secret is labelled {@code true_positive} again, a bearer token or a replaced secret {@code false_positive},
 * as on a replay. Refusals are audited as {@code RECEIVE_LEAK_REPORT}. Nothing in the request can make this
 * throw.
 */
public final class GitHubSecretScanning {

    /** The header naming the signing key. */
    public static final String KEY_IDENTIFIER_HEADER = "Github-Public-Key-Identifier";
    /** The actor of every revocation a GitHub secret scanning alert makes, as the audit trail names it. */
    public static final String ACTOR = "github-secret-scanning";
    /** The header carrying the signature. */
    public static final String SIGNATURE_HEADER = "Github-Public-Key-Signature";
    /**
     * The longest report accepted, in bytes (256 KiB); a longer body is refused with 413. A host need
     * read no more of a body than this and one byte besides.
     */
    public static final int MAX_BODY_LENGTH = LeakReport.MAX_BODY_LENGTH;

    private static final Logger LOG = LoggerFactory.getLogger(GitHubSecretScanning.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertSignature signature;
    private final LeakResponder responder;
    private final Auditor auditor;

    GitHubSecretScanning(KeywardConfig config, LeakResponder responder) {
        this.signature = new AlertSignature(config.githubScanningKeys());
        this.responder = responder;
        this.auditor = new Auditor(config.auditListener(), config.clock(), config.observer());
    }

    /**
     * Reads a public key in PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo), as
     * GitHub publishes its secret scanning keys.
     *
     * @throws IllegalArgumentException when the text is not such a key on the P-256 curve
     * @throws NullPointerException     when the text is null
     */
    public static PublicKey publicKeyFromPem(String pem) {
        Objects.requireNonNull(pem, "pem");
        String base64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            return AlertSignature.requireP256(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PEM public key on the P-256 curve");
        }
    }

    /**
     * Answers one alert.
     *
     * @param method  the HTTP method, e.g. {@code POST}
     * @param headers the request headers
     * @param body    the request body exactly as received
     */
    public TokenResponse handle(String method, RequestHeaders headers, byte[] body) {
        try {
            if (!"POST".equals(method)) {
                return refused(405, "alerts are sent with POST", AuditCode.INVALID_REQUEST, Map.of("Allow", "POST"));
            }
            if (body != null && body.length > MAX_BODY_LENGTH) {
                return refused(413, "the report is too large", AuditCode.INVALID_REQUEST, Map.of());
            }
            List<String> keyIds = values(headers, KEY_IDENTIFIER_HEADER);
            List<String> signatures = values(headers, SIGNATURE_HEADER);
            if (keyIds == null || signatures == null || keyIds.size() != 1 || signatures.size() != 1) {
                return refused(400, "one " + KEY_IDENTIFIER_HEADER + " and one " + SIGNATURE_HEADER + " are required",
                        AuditCode.INVALID_REQUEST, Map.of());
            }
            byte[] raw = body == null ? new byte[0] : body;
            AlertSignature.Check check = signature.check(keyIds.get(0), signatures.get(0), raw);
            if (check == AlertSignature.Check.MALFORMED) {
                return refused(400, "the signature is not Base64 DER", AuditCode.INVALID_SIGNATURE, Map.of());
            }
            if (check == AlertSignature.Check.UNKNOWN_KEY) {
                // The same answer as a bad signature, but told apart in the audit trail: a rotated key shows there.
                return refused(401, "the report is not signed by a trusted key", AuditCode.UNKNOWN_SIGNING_KEY,
                        AuditCode.INVALID_SIGNATURE, Map.of());
            }
            if (check != AlertSignature.Check.VALID) {
                return refused(401, "the report is not signed by a trusted key", AuditCode.INVALID_SIGNATURE, Map.of());
            }
            List<LeakReport.Entry> entries = LeakReport.parse(raw);
            if (entries == null) {
                return refused(400, "the report is not a JSON array of {token, type, url, source}",
                        AuditCode.INVALID_REQUEST, Map.of());
            }
            return answer(entries);
        } catch (RuntimeException e) {
            return failed(e);
        }
    }

    /** Acts on the credentials of the report ({@link LeakResponder#reportAll}) and labels each, in its order. */
    private TokenResponse answer(List<LeakReport.Entry> entries) {
        List<LeakResponder.Label> decided;
        try {
            decided = responder.reportAll(entries.stream().map(LeakReport.Entry::token).toList());
        } catch (RuntimeException e) {
            return failed(e);
        }
        List<Map<String, String>> labels = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Map<String, String> item = new LinkedHashMap<>();
            item.put("token_hash", sha256Hex(entries.get(i).token()));
            item.put("token_type", entries.get(i).type());
            item.put("label", decided.get(i).name().toLowerCase(Locale.ROOT));
            labels.add(item);
        }
        return new TokenResponse(200, headers(Map.of()), write(labels));
    }

    private TokenResponse failed(RuntimeException e) {
        if (e instanceof LeakResponder.Busy) {
            return refused(503, "too many requests in progress; retry later", AuditCode.OVERLOADED,
                    Map.of("Retry-After", "1"));
        }
        LOG.error("a secret scanning report could not be handled", e);
        return refused(500, "the report could not be handled; retry later", AuditCode.STORE_FAILURE, Map.of());
    }

    private static List<String> values(RequestHeaders headers, String name) {
        try {
            List<String> values = headers == null ? null : headers.values(name);
            return values == null ? List.of() : List.copyOf(values);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private TokenResponse refused(int status, String message, AuditCode code, Map<String, String> extra) {
        return refused(status, message, code, code, extra);
    }

    /** A refusal audited with one code and answered with another, which tells the caller no more. */
    private TokenResponse refused(int status, String message, AuditCode audited, AuditCode answered,
            Map<String, String> extra) {
        auditor.report(AuditAction.RECEIVE_LEAK_REPORT, status >= 500 ? AuditOutcome.FAILED : AuditOutcome.REFUSED,
                Verdict.Invalid.UNKNOWN, audited);
        Map<String, String> body = new LinkedHashMap<>();
        body.put("errorCode", answered.name());
        body.put("message", message);
        return new TokenResponse(status, headers(extra), write(body));
    }

    private static Map<String, String> headers(Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json;charset=UTF-8");
        headers.put("Cache-Control", "no-store");
        headers.putAll(extra);
        return headers;
    }

    /** The lowercase hex SHA-256 of the value's UTF-8 bytes: how GitHub accepts a token named without it. */
    static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write a secret scanning answer", e);
        }
    }

    @Override
    public String toString() {
        return "GitHubSecretScanning[" + signature + "]";
    }
}
