package dev.keyward.spi;

/**
 * Whose id an {@link AuditEvent}'s actor is: the ids of the three kinds come from different places, and one
 * kind's id may equal another's (a host user may be named like a connection, or like the secret scanner), so
 * the kind, not the id, tells them apart.
 */
public enum AuditActorKind {
    /** A user of the host, by the id the host gave for a management call. */
    USER,
    /** A connection, acting through one of its credentials: a verified request, a token request or revocation. */
    CONNECTION,
    /** A secret scanner's leak report, by the scanner's name ({@code github-secret-scanning}). */
    SECRET_SCANNER
}
