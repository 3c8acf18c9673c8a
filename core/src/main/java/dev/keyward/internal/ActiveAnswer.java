package dev.keyward.internal;

import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationResult.Granted;
import dev.keyward.IpAllowlist;
import dev.keyward.Principal;
import java.util.List;

/**
 * What token introspection answers for an active credential of one connection (RFC 7662 §2.2),
 * written as JSON by hand: the members that depend on the connection alone — token type, client id,
 * subject, organization, API families, allowed ranges — are written once, so an answer adds only the
 * credential's expiry and issue time. Made for one grant, one set of allowed ranges and one kind of
 * credential; {@link #describes} tells whether it still holds for a credential. Thread-safe: immutable but
 * for the answer it last wrote, kept whole for the next request that presents the same credential.
 */
public final class ActiveAnswer {

    private static final String BEARER_FAMILIES = "[\"" + ApiFamily.REST.name() + "\"]";
    private static final String ACCESS_KEY_FAMILIES = "[\"" + ApiFamily.REST.name() + "\",\""
            + ApiFamily.EVENT.name() + "\"]";

    private final Granted granted;
    private final IpAllowlist allowedIps;
    private final CredentialKind kind;
    /** From {@code {"active":true} to the organization: the members before the times. */
    private final String head;
    /** From the API families to the closing brace: the members after the times. */
    private final String tail;
    /** The answer last written; a verification is immutable, so its answer stays right for it. */
    private volatile Written last;

    private ActiveAnswer(Granted granted, IpAllowlist allowedIps, CredentialKind kind, String head, String tail) {
        this.granted = granted;
        this.allowedIps = allowedIps;
        this.kind = kind;
        this.head = head;
        this.tail = tail;
    }

    /** The answer for the credentials of this one's kind and connection, as the connection now stands. */
    public static ActiveAnswer of(VerifiedCredential verified, CredentialCodec codec) {
        CachedConnection connection = verified.connection();
        Granted granted = connection.granted();
        IpAllowlist allowedIps = connection.allowedIps();
        Principal principal = granted.principal();
        boolean bearer = verified.kind() == CredentialKind.BEARER_TOKEN;
        StringBuilder head = new StringBuilder(160).append("{\"active\":true,\"token_type\":")
                .append(bearer ? "\"Bearer\"" : "\"access_key\"");
        if (bearer) {
            Json.member(head, "client_id", codec.clientId(connection.lookupId()));
        }
        Json.member(head, "sub", principal.connectionId().value());
        Json.member(head, "org", principal.organizationId().value());
        StringBuilder tail = new StringBuilder(64).append(",\"api_families\":")
                .append(bearer ? BEARER_FAMILIES : ACCESS_KEY_FAMILIES);
        if (!allowedIps.isAny()) {
            tail.append(",\"allowed_ips\":[");
            List<String> ranges = allowedIps.toStrings();
            for (int i = 0; i < ranges.size(); i++) {
                Json.string(tail.append(i == 0 ? "" : ","), ranges.get(i));
            }
            tail.append(']');
        }
        return new ActiveAnswer(granted, allowedIps, verified.kind(), head.toString(), tail.append('}').toString());
    }

    /** Whether this is the answer for a credential of this kind, connection, grant and allowed ranges. */
    public boolean describes(VerifiedCredential verified) {
        CachedConnection connection = verified.connection();
        return kind == verified.kind() && granted == connection.granted() && allowedIps == connection.allowedIps();
    }

    /**
     * The answer for this credential: {@code exp} when it stops being valid, unless never, and {@code iat}
     * when it was issued, if recorded, in seconds. The answer last written is kept and given again to the
     * same remembered verification, which a warm credential presented again is.
     */
    public String write(VerifiedCredential verified) {
        Written written = last;
        if (written != null && written.verified() == verified) {
            return written.json();
        }
        String json = json(verified);
        last = new Written(verified, json);
        return json;
    }

    /** Each shape is one concatenation: one copy of each part. */
    private String json(VerifiedCredential verified) {
        boolean expires = verified.expiresAtMillis() != Long.MAX_VALUE;
        boolean issued = verified.issuedAtMillis() != VerifiedCredential.UNKNOWN_ISSUE;
        long exp = verified.expiresAtMillis() / 1000;
        long iat = verified.issuedAtMillis() / 1000;
        if (expires && issued) {
            return head + ",\"exp\":" + exp + ",\"iat\":" + iat + tail;
        }
        if (expires) {
            return head + ",\"exp\":" + exp + tail;
        }
        return issued ? head + ",\"iat\":" + iat + tail : head + tail;
    }

    /** An answer and the verification it was written for: immutable, so any thread may take it whole. */
    private record Written(VerifiedCredential verified, String json) {
        @Override
        public String toString() {
            return "Written[" + verified + "]";
        }
    }

    @Override
    public String toString() {
        return "ActiveAnswer[" + kind + ", " + granted.principal().connectionId() + "]";
    }
}
