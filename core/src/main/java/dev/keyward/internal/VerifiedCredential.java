package dev.keyward.internal;

import dev.keyward.AuthenticationResult.Granted;
import dev.keyward.ClientAddress;
import dev.keyward.IpAllowlist;
import dev.keyward.Principal;

/**
 * A credential found valid, as the verification cache remembers it: never the credential,
 * only what it grants and what is needed to check it again without Argon2. Immutable (its
 * usage mark is shared and thread-safe).
 *
 * @param granted            the grant, built once so a cache hit allocates none
 * @param kind               the kind of credential
 * @param lookupId           the lookup id the credential embeds (a connection's, or a token's own)
 * @param connectionLookupId the lookup id of the connection it belongs to, by which revocation finds it
 * @param secretVersion      for a connection secret, the version of the secret it matched; 0 for a token
 * @param expiresAtMillis    when it stops being valid whatever the store says (its or its token's expiry,
 *                           the end of a grace period), or {@link Long#MAX_VALUE}
 * @param endsByExpiry       whether it stops then because it expires, rather than because a grace period ends
 * @param checkedAtMillis    when the store last confirmed it
 * @param usage              when the connection was last noted as used, shared by its credentials
 * @param allowedIps         the addresses its connection admits, as of {@code checkedAtMillis}
 * @param issuedAtMillis     when a bearer token was issued; {@link #UNKNOWN_ISSUE} for a connection secret,
 *                           whose issue the store does not record apart from other changes
 */
public record VerifiedCredential(
        Granted granted,
        CredentialKind kind,
        String lookupId,
        String connectionLookupId,
        long secretVersion,
        long expiresAtMillis,
        boolean endsByExpiry,
        long checkedAtMillis,
        UsageMark usage,
        IpAllowlist allowedIps,
        long issuedAtMillis) implements Verdict {

    /** The issue time of a credential whose issue is not recorded. */
    public static final long UNKNOWN_ISSUE = Long.MIN_VALUE;

    /** Who the credential acts for. */
    public Principal principal() {
        return granted.principal();
    }

    /** Whether its connection admits a request from this address (null: unknown). */
    public boolean admits(ClientAddress address) {
        return allowedIps.permits(address);
    }

    /** Whether it has expired at this instant. */
    public boolean expiredAt(long nowMillis) {
        return nowMillis >= expiresAtMillis;
    }

    /** Why it is no longer valid once {@link #expiredAt} says so, for the audit trail only. */
    Verdict.Invalid invalidated() {
        Principal p = principal();
        return new Verdict.Invalid(p.organizationId(), p.connectionId(), p.authenticationType(), endsByExpiry);
    }

    /** The same, never confirmed: the next request re-reads it. Far in the past, so no subtraction overflows. */
    VerifiedCredential stale() {
        return new VerifiedCredential(granted, kind, lookupId, connectionLookupId, secretVersion, expiresAtMillis,
                endsByExpiry, Long.MIN_VALUE / 4, usage, allowedIps, issuedAtMillis);
    }

    /** The same, confirmed by the store at {@code nowMillis} with this principal, validity and allowed addresses. */
    VerifiedCredential confirmed(Principal principal, long expiresAt, boolean byExpiry, long nowMillis,
            IpAllowlist currentAllowedIps) {
        Granted grant = principal.equals(principal()) ? granted : new Granted(principal);
        return new VerifiedCredential(grant, kind, lookupId, connectionLookupId, secretVersion, expiresAt, byExpiry,
                nowMillis, usage, currentAllowedIps, issuedAtMillis);
    }
}
