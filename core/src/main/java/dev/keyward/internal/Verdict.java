package dev.keyward.internal;

import dev.keyward.AuthenticationType;
import dev.keyward.Connection;
import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import dev.keyward.Principal;
import dev.keyward.spi.AuditCode;

/**
 * What checking one credential found: a {@link VerifiedCredential}, an {@link Invalid} one, or
 * no answer because Argon2 was {@linkplain Unavailable#BUSY busy} or the store
 * {@linkplain Unavailable#STORE_FAILED failed}. Immutable.
 */
public sealed interface Verdict permits VerifiedCredential, Verdict.Invalid, Verdict.Unavailable {

    /**
     * Not a valid credential. What is known of the connection it named, and whether the
     * credential was right but expired, is kept for the audit trail only, never for the answer, which must not tell an unknown credential from a wrong or revoked one.
     */
    record Invalid(OrganizationId organizationId, ConnectionId connectionId, AuthenticationType type,
            boolean expired) implements Verdict {

        /** A lookup id that names no connection or token. */
        public static final Invalid UNKNOWN = new Invalid(null, null, null, false);

        /** A credential naming this connection that does not verify. */
        public static Invalid of(Connection connection) {
            return new Invalid(connection.organizationId(), connection.id(), connection.authenticationType(), false);
        }

        /** The right credential of this connection, past its expiry. */
        public static Invalid expired(Connection connection) {
            return new Invalid(connection.organizationId(), connection.id(), connection.authenticationType(), true);
        }

        /** A credential of this principal's connection that does not verify, or no longer. */
        public static Invalid of(Principal principal, boolean expired) {
            return new Invalid(principal.organizationId(), principal.connectionId(), principal.authenticationType(),
                    expired);
        }

        /** How the audit trail names it: expired, or simply invalid. */
        public AuditCode auditCode() {
            return expired ? AuditCode.EXPIRED : AuditCode.INVALID_CREDENTIALS;
        }
    }

    /** The credential could not be checked now. */
    enum Unavailable implements Verdict {
        /**
         * No Argon2 turn within the configured wait (or the same credential's first check, under way for another
         * request, did not end within it).
         */
        BUSY,
        /** The store failed. */
        STORE_FAILED
    }
}
