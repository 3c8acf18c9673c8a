package dev.keyward.spi;

import dev.keyward.AuthenticationType;
import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import java.time.Instant;
import java.util.Objects;

/**
 * One audited management action, token request or denied verification. Holds no secret,
 * hash or token: only ids, codes and the time. Optional parts are {@code null}
 * when unknown — a denied request with an unknown credential has no organization.
 *
 * @param at                 when it happened, by the configured clock
 * @param action             what was attempted
 * @param outcome            how it ended
 * @param actorId            who acted: the host's user id for management, the credential's
 *                           connection id or {@code null} for verifications, the secret scanner for a
 *                           leaked credential's revocation ({@code github-secret-scanning}); ids of
 *                           different kinds may be equal, {@code actorKind} tells them apart
 * @param organizationId     the organization acted on, or {@code null}
 * @param connectionId       the connection acted on, or {@code null}
 * @param authenticationType the connection's type, or {@code null}
 * @param code               for a refusal or failure its stable code, else {@code null}
 * @param actorKind          whose id {@code actorId} is, or {@code null} when there is no actor id (or the
 *                           event was made by the constructor without it)
 */
public record AuditEvent(
        Instant at,
        AuditAction action,
        AuditOutcome outcome,
        String actorId,
        OrganizationId organizationId,
        ConnectionId connectionId,
        AuthenticationType authenticationType,
        AuditCode code,
        AuditActorKind actorKind) {

    /** @throws IllegalArgumentException when an actor kind is given without an actor id */
    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        if (actorKind != null && actorId == null) {
            throw new IllegalArgumentException("an actor kind (" + actorKind + ") needs an actor id");
        }
    }

    /** An event that does not say whose id its actor is ({@code actorKind} null), as events were made before it did. */
    public AuditEvent(Instant at, AuditAction action, AuditOutcome outcome, String actorId,
            OrganizationId organizationId, ConnectionId connectionId, AuthenticationType authenticationType,
            AuditCode code) {
        this(at, action, outcome, actorId, organizationId, connectionId, authenticationType, code, null);
    }
}
