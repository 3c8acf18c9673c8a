package dev.keyward.internal;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;

/**
 * Finds how a token request authenticates its client (RFC 6749 §2.3.1): HTTP Basic
 * ({@code client_secret_basic}, id and secret each form-encoded before Base64) or the
 * {@code client_id} and {@code client_secret} form parameters ({@code client_secret_post}),
 * never both. Never throws. Stateless and thread-safe.
 */
public final class ClientAuthentication {

    private static final int MAX_HEADER_LENGTH = 1024;
    private static final String BASIC = "Basic";

    private ClientAuthentication() {
    }

    /** What the request offers. */
    public sealed interface Offered {
    }

    /** No client authentication at all. */
    public enum None implements Offered {
        INSTANCE
    }

    /** An {@code Authorization} scheme other than Basic, or a client id without a secret. */
    public enum Unsupported implements Offered {
        INSTANCE
    }

    /**
     * Basic credentials that cannot be read: not Base64, not UTF-8, no colon, a bad escape. The client tried to
     * authenticate with the {@code Authorization} header and failed, which RFC 6749 §5.2 answers 401
     * {@code invalid_client}, as a wrong secret.
     */
    public enum Unreadable implements Offered {
        INSTANCE
    }

    /** Malformed or conflicting client authentication; {@code reason} is fixed text. */
    public record Malformed(String reason) implements Offered {
    }

    /** A client id and secret; {@code toString()} hides the secret. */
    public record Offer(String clientId, String clientSecret, boolean basic) implements Offered {
        @Override
        public String toString() {
            return "Offer[clientId=" + clientId + ", basic=" + basic + "]";
        }
    }

    /** Reads the client authentication from the {@code Authorization} values and the form. */
    public static Offered read(List<String> authorizations, FormParameters.Parameters form) {
        if (authorizations.size() > 1) {
            return new Malformed("the Authorization header is repeated");
        }
        String formId = form.get("client_id");
        String formSecret = form.get("client_secret");
        if (authorizations.isEmpty()) {
            return fromForm(formId, formSecret);
        }
        Offered header = basic(authorizations.get(0));
        if (!(header instanceof Offer offer)) {
            return header;
        }
        if (formSecret != null || (formId != null && !formId.equals(offer.clientId()))) {
            return new Malformed("the client authenticated in more than one way");
        }
        return offer;
    }

    /**
     * As {@link #read}, but a form that repeats the Basic pair exactly is the same authentication, not a second
     * one: lua-resty-openidc, beneath the introspection of APISIX's and kong-oidc's plugins, sends its pair both
     * ways whatever it is configured with. For the introspection endpoint's gateway; the token endpoint keeps to
     * one way, as RFC 6749 §2.3 asks of clients.
     */
    public static Offered readTakingARepeatedPairAsOne(List<String> authorizations, FormParameters.Parameters form) {
        Offered offered = read(authorizations, form);
        if (offered instanceof Malformed && authorizations.size() == 1
                && basic(authorizations.get(0)) instanceof Offer header
                && header.clientId().equals(form.get("client_id"))
                && header.clientSecret().equals(form.get("client_secret"))) {
            return header;
        }
        return offered;
    }

    private static Offered fromForm(String id, String secret) {
        if (id == null && secret == null) {
            return None.INSTANCE;
        }
        if (id == null) {
            return new Malformed("client_secret without client_id");
        }
        return secret == null ? Unsupported.INSTANCE : new Offer(id, secret, false);
    }

    private static Offered basic(String value) {
        AuthorizationHeader.Parsed parsed = AuthorizationHeader.parse(value, MAX_HEADER_LENGTH);
        if (parsed instanceof AuthorizationHeader.Malformed malformed) {
            return new Malformed(malformed.reason());
        }
        AuthorizationHeader.Credentials header = (AuthorizationHeader.Credentials) parsed;
        if (!header.isScheme(BASIC)) {
            return Unsupported.INSTANCE;
        }
        String pair = header.hasCredentials() ? base64Utf8(header.credentials()) : null;
        int colon = pair == null ? -1 : pair.indexOf(':');
        if (colon < 0) {
            return Unreadable.INSTANCE;
        }
        String id = FormParameters.decode(pair.substring(0, colon));
        String secret = FormParameters.decode(pair.substring(colon + 1));
        if (id == null || secret == null) {
            return Unreadable.INSTANCE;
        }
        return id.isEmpty() || secret.isEmpty() ? Unsupported.INSTANCE : new Offer(id, secret, true);
    }

    private static String base64Utf8(String encoded) {
        try {
            byte[] bytes = Base64.getDecoder().decode(encoded);
            if (isAscii(bytes)) {
                // ASCII is valid UTF-8 as it stands: no decoder needed, the common case by far.
                return new String(bytes, StandardCharsets.US_ASCII);
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
