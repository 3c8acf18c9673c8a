package dev.keyward;

import dev.keyward.internal.Auditor;
import dev.keyward.internal.CredentialCodec;
import dev.keyward.internal.CredentialKind;
import dev.keyward.internal.ExpiryPolicy;
import dev.keyward.internal.HashGate;
import dev.keyward.internal.Ids;
import dev.keyward.internal.PastedCredentials;
import dev.keyward.internal.Revoker;
import dev.keyward.internal.SecretHasher;
import dev.keyward.internal.WrittenFields;
import dev.keyward.spi.AuditAction;
import dev.keyward.spi.AuditActorKind;
import dev.keyward.spi.AuditCode;
import dev.keyward.spi.AuditOutcome;
import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.OrganizationTransaction;
import dev.keyward.spi.StoreConflictException;
import dev.keyward.spi.StoredConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Creates, lists, renames (and otherwise updates), regenerates and deletes connections, and audits every call.
 * Obtained from {@link Keyward#connections()}; thread-safe. It enforces the rules of the
 * product: at most {@link KeywardConfig#accessKeyLimit()} Access Key and
 * {@link KeywardConfig#oauthLimit()} M2M OAuth connections per organization, also when many
 * threads or nodes create at once; names unique within an organization as people see them
 * ({@link ConnectionNames}); Access Key connections managed by active admins and super
 * admins, M2M OAuth connections by active super admins only.
 *
 * <p>Every refusal is a {@link KeywardException} with a stable {@link ErrorCode}, and a
 * refused or failed call changes nothing. Secrets are returned once, in the
 * {@link IssuedCredentials} of the call that generated them, and only their hash is stored.
 */
public final class ConnectionService {

    /** The furthest ahead {@link #expiringWithin} looks: any expiry a lifetime policy allows, and no overflow. */
    private static final Duration LONGEST_HORIZON = Duration.ofDays(36_525);

    private final KeywardConfig config;
    private final KeywardStore store;
    private final CredentialCodec codec;
    private final SecretHasher hasher;
    private final HashGate gate;
    private final Revoker revoker;
    private final Auditor auditor;
    private final ExpiryPolicy expiry;
    /** The prefixes of the secrets in use: a body pasted without its prefix is found by them. */
    private final List<String> secretPrefixes;

    ConnectionService(KeywardConfig config, CredentialCodec codec, SecretHasher hasher, HashGate gate,
            Revoker revoker) {
        this.config = config;
        this.gate = gate;
        this.store = config.store();
        this.codec = codec;
        this.hasher = hasher;
        this.revoker = revoker;
        this.auditor = new Auditor(config.auditListener(), config.clock(), config.observer());
        this.expiry = new ExpiryPolicy(config.maxCredentialLifetime().orElse(null));
        CredentialPrefixes prefixes = config.prefixes();
        this.secretPrefixes = List.of(prefixes.accessKey(), prefixes.clientSecret(), prefixes.bearerToken());
    }

    /**
     * Creates a connection and its first secret, which does not expire unless the host sets a
     * maximum lifetime.
     *
     * @throws KeywardException {@code INVALID_INPUT}, {@code FORBIDDEN}, {@code ACCESS_KEY_EXISTS},
     *         {@code OAUTH_LIMIT_REACHED}, {@code NAME_TAKEN},
     *         {@code OVERLOADED} (no Argon2 turn free within {@link KeywardConfig#hashQueueTimeout()}) or
     *         {@code STORE_FAILURE}
     */
    public IssuedCredentials create(Actor actor, OrganizationId organizationId, String name, AuthenticationType type) {
        return create(actor, organizationId, NewConnection.of(name, type));
    }

    /**
     * Creates a connection and its first secret, expiring as asked and restricted to the allowed IP
     * ranges given (see {@link NewConnection}).
     *
     * @throws KeywardException {@code INVALID_INPUT} (also for an expiry not in the future or past the
     *         maximum lifetime, or an allowed IP range that is not one), {@code FORBIDDEN},
     *         {@code ACCESS_KEY_EXISTS}, {@code OAUTH_LIMIT_REACHED}, {@code NAME_TAKEN},
     *         {@code OVERLOADED} (no Argon2 turn free within {@link KeywardConfig#hashQueueTimeout()}) or
     *         {@code STORE_FAILURE} (also when ranges or an expiry are given and the store did not keep them:
     *         a store written before they existed must be upgraded first)
     */
    public IssuedCredentials create(Actor actor, OrganizationId organizationId, NewConnection request) {
        AuthenticationType type = request == null ? null : request.authenticationType();
        return audited(AuditAction.CREATE_CONNECTION, actor, organizationId, null, type, () -> {
            requirePresent(actor, organizationId);
            requirePresent(request, "connection");
            requirePresent(type, "authentication type");
            String validName = ConnectionNames.normalize(request.name(), secretPrefixes);
            IpAllowlist allowedIps = IpAllowlist.parse(request.allowedIpsMissing() ? null : request.allowedIps());
            authorize(actor, type);
            Instant now = config.clock().instant();
            Instant expiresAt = expiry.expiryOf(request.expiresAt().orElse(null), now);
            String lookupId = codec.newLookupId();
            String secret = codec.issue(kindOf(type), lookupId);
            ConnectionId id = Ids.newConnectionId(config.random());
            // Refuse cheaply before paying for a hash; the check inside the unit of work is the one that counts.
            checkRoom(store.listConnections(organizationId), type, id, validName);
            StoredConnection stored = StoredConnection.builder().id(id).organizationId(organizationId)
                    .name(validName).authenticationType(type).createdBy(actor.id()).createdAt(now).updatedAt(now)
                    .hint(CredentialCodec.hint(secret)).lookupId(lookupId).secretHash(hashInTurn(organizationId, secret))
                    .clientId(type == AuthenticationType.OAUTH ? codec.clientId(lookupId) : null)
                    .expiresAt(expiresAt).allowedIps(allowedIps).build();
            judgingConflicts(organizationId, existing -> checkRoom(existing, type, id, validName),
                    () -> store.inOrganization(organizationId, tx -> {
                        requireFuture(expiresAt);
                        checkRoom(tx.connections(), type, id, validName);
                        tx.insert(stored);
                        WrittenFields.requireKept(tx, stored);
                        return null;
                    }));
            Connection connection = stored.connection();
            return new IssuedCredentials(connection, new Secret(secret, connection.hint()));
        }, IssuedCredentials::connection);
    }

    /**
     * The organization's connections, oldest first, with hints only.
     *
     * @throws KeywardException {@code INVALID_INPUT}, {@code FORBIDDEN} (active admins and super admins may list)
     *         or {@code STORE_FAILURE}
     */
    public List<Connection> list(Actor actor, OrganizationId organizationId) {
        return audited(AuditAction.LIST_CONNECTIONS, actor, organizationId, null, null, () -> {
            requirePresent(actor, organizationId);
            requireViewer(actor);
            return store.listConnections(organizationId).stream().map(StoredConnection::connection).toList();
        }, list -> null);
    }

    /**
     * The organization's connections whose secret expires within {@code within} from now, or has
     * expired already, soonest first: for hosts that warn owners. Same rights as {@link #list}.
     *
     * @throws KeywardException {@code INVALID_INPUT} (also for a negative duration or one over 100 years),
     *         {@code FORBIDDEN} or {@code STORE_FAILURE}
     */
    public List<Connection> expiringWithin(Actor actor, OrganizationId organizationId, Duration within) {
        return audited(AuditAction.LIST_CONNECTIONS, actor, organizationId, null, null, () -> {
            requirePresent(actor, organizationId);
            requirePresent(within, "duration");
            if (within.isNegative() || within.compareTo(LONGEST_HORIZON) > 0) {
                throw KeywardException.invalidInput("the duration must be between 0 and " + LONGEST_HORIZON.toDays()
                        + " days");
            }
            requireViewer(actor);
            Instant horizon = config.clock().instant().plus(within);
            return store.listConnections(organizationId).stream().map(StoredConnection::connection)
                    .filter(c -> c.expiresAt() != null && !c.expiresAt().isAfter(horizon))
                    .sorted(Comparator.comparing(Connection::expiresAt)).toList();
        }, list -> null);
    }

    /**
     * One connection, with its hint only.
     *
     * @throws KeywardException {@code INVALID_INPUT}, {@code FORBIDDEN}, {@code NOT_FOUND} or
     *         {@code STORE_FAILURE}
     */
    public Connection get(Actor actor, OrganizationId organizationId, ConnectionId id) {
        return audited(AuditAction.GET_CONNECTION, actor, organizationId, id, null, () -> {
            requirePresent(actor, organizationId);
            requirePresent(id, "connection id");
            requireViewer(actor);
            return find(organizationId, id).connection();
        }, Function.identity());
    }

    /**
     * Renames a connection; the new name goes through {@link ConnectionNames} and must be free in
     * the organization. The name the connection has, sent back exactly as stored, changes nothing and is
     * accepted even if stored before a rule that now refuses it. Verifications answer the new name on this node
     * from the next request, and on other nodes within the bound in which they learn of a regeneration (a
     * remembered verification is re-read, without Argon2, before it is trusted again).
     *
     * @throws KeywardException {@code INVALID_INPUT}, {@code FORBIDDEN}, {@code NOT_FOUND}, {@code NAME_TAKEN}
     *         or {@code STORE_FAILURE}
     */
    public Connection rename(Actor actor, OrganizationId organizationId, ConnectionId id, String name) {
        return audited(AuditAction.RENAME_CONNECTION, actor, organizationId, id, null, () -> {
            String validName = newName(actor, organizationId, id, name);
            requireMayChange(actor, organizationId, id);
            if (validName == null) {
                // The name it has, stored before a rule that now refuses it: nothing to change.
                return store.inOrganization(organizationId, tx -> currentForChange(tx, actor, id).connection());
            }
            Instant now = config.clock().instant();
            Changed renamed = judgingConflicts(organizationId,
                    existing -> checkNameFree(existing, id, validName),
                    () -> store.inOrganization(organizationId, tx -> {
                        StoredConnection current = currentForChange(tx, actor, id);
                        StoredConnection next = current.toBuilder().name(validName).updatedAt(now).build();
                        checkNameFree(tx.connections(), id, validName);
                        tx.update(next);
                        return new Changed(next, loggedIfChanged(tx, current, next));
                    }));
            return renamed.forgottenBy(revoker);
        }, Function.identity());
    }

    /**
     * A connection as a change left it, and whether the change went through the revocation log, so that this node
     * too forgets what it remembers of it.
     */
    private record Changed(StoredConnection stored, boolean logged) {
        Connection forgottenBy(Revoker revoker) {
            if (logged) {
                revoker.forgetConnection(stored.lookupId());
            }
            return stored.connection();
        }
    }

    /**
     * Inside a unit of work that may have changed a connection's name, which verifications answer, or its ranges,
     * which they are judged by: when it did, every node re-reads the connection's remembered verifications before
     * trusting them again, by the record a regeneration writes (each was made under the old ones). Whether it did.
     */
    private boolean loggedIfChanged(OrganizationTransaction tx, StoredConnection before, StoredConnection after) {
        if (before.connection().name().equals(after.connection().name())
                && before.connection().allowedIps().equals(after.connection().allowedIps())) {
            return false;
        }
        revoker.recordConnection(tx, after);
        return true;
    }

    /**
     * Changes a connection's name, its allowed IP ranges, or both, together or not at all, with the
     * same rights as {@link #rename}. New ranges apply to every credential of the connection, its
     * bearer tokens included: on this node from the next request, on other nodes within the bound in
     * which they learn of a regeneration (a remembered verification is re-read, without Argon2,
     * before it is trusted again). The name the connection has, sent back exactly as stored, is no change, as
     * for {@link #rename}.
     *
     * @throws KeywardException {@code INVALID_INPUT} (a name or range that is not valid, or more than
     *         {@link IpAllowlist#MAXIMUM_RANGES} ranges), {@code FORBIDDEN}, {@code NOT_FOUND},
     *         {@code NAME_TAKEN} or {@code STORE_FAILURE} (also when ranges are given and the store did not
     *         keep them)
     */
    public Connection update(Actor actor, OrganizationId organizationId, ConnectionId id, ConnectionUpdate update) {
        return audited(AuditAction.UPDATE_CONNECTION, actor, organizationId, id, null, () -> {
            requirePresent(update, "update");
            String validName = update.name().map(name -> newName(actor, organizationId, id, name)).orElse(null);
            IpAllowlist allowedIps = update.allowedIps().map(IpAllowlist::parse).orElse(null);
            requireMayChange(actor, organizationId, id);
            Instant now = config.clock().instant();
            Changed after = judgingConflicts(organizationId, existing -> {
                if (validName != null) {
                    checkNameFree(existing, id, validName);
                }
            }, () -> store.inOrganization(organizationId, tx -> {
                StoredConnection current = currentForChange(tx, actor, id);
                StoredConnection.Builder next = current.toBuilder().updatedAt(now);
                if (validName != null) {
                    checkNameFree(tx.connections(), id, validName);
                    next.name(validName);
                }
                if (allowedIps != null) {
                    next.allowedIps(allowedIps);
                }
                StoredConnection changed = next.build();
                tx.update(changed);
                WrittenFields.requireKept(tx, changed);
                return new Changed(changed, loggedIfChanged(tx, current, changed));
            }));
            return after.forgottenBy(revoker);
        }, Function.identity());
    }

    /**
     * The name a rename or an update gives, normalized; or null, for no change, when the name refused is exactly
     * the one the connection has: a name stored before a rule refused it stays until it is renamed, and a client
     * that sends it back unchanged (beside another change, such as narrowing the ranges of a leaked key) is not
     * refused for it. The stored name is read only for an actor who may change connections at all: anyone else
     * is refused the name, as before, and learns nothing of what exists.
     */
    private String newName(Actor actor, OrganizationId organizationId, ConnectionId id, String name) {
        try {
            return ConnectionNames.normalize(name, secretPrefixes);
        } catch (KeywardException refused) {
            if (refused.code() != ErrorCode.INVALID_INPUT || name == null) {
                throw refused;
            }
            try {
                requireMayChange(actor, organizationId, id);
            } catch (KeywardException mayNot) {
                throw refused;
            }
            if (store.findConnection(organizationId, id).filter(stored -> stored.connection().name().equals(name))
                    .isPresent()) {
                return null;
            }
            throw refused;
        }
    }

    /**
     * Issues a new secret at once; the old one stops verifying immediately, and for
     * OAuth every bearer token issued so far is revoked. Same as a zero grace period.
     *
     * @throws KeywardException {@code INVALID_INPUT}, {@code FORBIDDEN}, {@code NOT_FOUND},
     *         {@code OVERLOADED} (no Argon2 turn free within {@link KeywardConfig#hashQueueTimeout()}) or
     *         {@code STORE_FAILURE} (also when the new secret has an expiry the store did not keep; the old
     *         secret is then unchanged)
     */
    public IssuedCredentials regenerate(Actor actor, OrganizationId organizationId, ConnectionId id) {
        return regenerate(actor, organizationId, id, Regeneration.immediate());
    }

    /**
     * Issues a new secret; the old one keeps verifying for {@code gracePeriod} (at most the
     * configured maximum), so clients can switch without downtime. Bearer tokens issued before
     * are revoked at once all the same.
     *
     * @throws KeywardException {@code INVALID_INPUT}, {@code FORBIDDEN}, {@code NOT_FOUND},
     *         {@code OVERLOADED} (no Argon2 turn free within {@link KeywardConfig#hashQueueTimeout()}) or
     *         {@code STORE_FAILURE} (also when the new secret has an expiry the store did not keep; the old
     *         secret is then unchanged)
     */
    public IssuedCredentials regenerate(Actor actor, OrganizationId organizationId, ConnectionId id,
            Duration gracePeriod) {
        return regenerate(actor, organizationId, id, Regeneration.builder().gracePeriod(gracePeriod).build());
    }

    /**
     * Issues a new secret with its own expiry; the old one keeps verifying for the grace period (at
     * most the configured maximum, and never past the old secret's own expiry). Bearer tokens issued
     * before are revoked at once.
     *
     * @throws KeywardException {@code INVALID_INPUT} (also for an expiry not in the future or past the
     *         maximum lifetime), {@code FORBIDDEN}, {@code NOT_FOUND},
     *         {@code OVERLOADED} (no Argon2 turn free within {@link KeywardConfig#hashQueueTimeout()}) or
     *         {@code STORE_FAILURE} (also when the new secret has an expiry the store did not keep; the old
     *         secret is then unchanged)
     */
    public IssuedCredentials regenerate(Actor actor, OrganizationId organizationId, ConnectionId id,
            Regeneration request) {
        return audited(AuditAction.REGENERATE_CONNECTION, actor, organizationId, id, null, () -> {
            requirePresent(request, "regeneration");
            Duration gracePeriod = request.gracePeriod();
            requireGrace(gracePeriod);
            Instant now = config.clock().instant();
            Instant expiresAt = expiry.expiryOf(request.expiresAt().orElse(null), now);
            StoredConnection before = loadForChange(actor, organizationId, id);
            String secret = codec.issue(kindOf(before.connection().authenticationType()), before.lookupId());
            String hash = hashInTurn(organizationId, secret);
            StoredConnection after = store.inOrganization(organizationId, tx -> {
                // The grace period counts from the change, not from the request: waiting for an Argon2 turn, the
                // hash and the organization's lock would otherwise shorten it. An expiry passed meanwhile is refused.
                Instant changedAt = requireFuture(expiresAt);
                StoredConnection next = regenerated(current(tx, id), hash, CredentialCodec.hint(secret), changedAt,
                        gracePeriod, expiresAt);
                tx.update(next);
                WrittenFields.requireKept(tx, next);
                tx.deleteTokens(id);
                revoker.recordConnection(tx, next);
                return next;
            });
            revoker.forgetConnection(after.lookupId());
            return new IssuedCredentials(after.connection(), new Secret(secret, after.connection().hint()));
        }, IssuedCredentials::connection);
    }

    /**
     * Deletes a connection: its secret and tokens stop verifying, and its name and
     * slot are free again.
     *
     * @throws KeywardException {@code INVALID_INPUT}, {@code FORBIDDEN}, {@code NOT_FOUND} or
     *         {@code STORE_FAILURE}
     */
    public void delete(Actor actor, OrganizationId organizationId, ConnectionId id) {
        audited(AuditAction.DELETE_CONNECTION, actor, organizationId, id, null, () -> {
            requireMayChange(actor, organizationId, id);
            StoredConnection deleted = store.inOrganization(organizationId, tx -> {
                StoredConnection doomed = currentForChange(tx, actor, id);
                tx.delete(id);
                revoker.recordConnection(tx, doomed);
                return doomed;
            });
            revoker.forgetConnection(deleted.lookupId());
            return deleted.connection();
        }, Function.identity());
    }

    /**
     * Hashes a new secret in a turn of the same gate as verification's Argon2 work, so a burst of
     * creations cannot take every core either; an organization's new secrets are a party of their own there,
     * apart from its verifications, so a flood of checks aimed at the organization does not queue its admin's
     * regenerate behind it, nor one organization's burst of creations another's.
     *
     * @throws KeywardException {@code OVERLOADED} when no turn comes within the configured wait
     */
    private String hashInTurn(OrganizationId organizationId, String secret) {
        HashGate.Turn turn = gate.enter(HashGate.newSecretsOf(organizationId));
        if (turn == null) {
            throw new KeywardException(ErrorCode.OVERLOADED,
                    "too many secrets are being hashed at once; retry in a second");
        }
        try (turn) {
            return hasher.hash(secret);
        }
    }

    /**
     * The connection with a new secret expiring at {@code expiresAt}, updated at {@code now}; the
     * current secret stays valid as the previous one for {@code gracePeriod} but never past its own
     * expiry nor the connection's new one, or not at all when that leaves nothing or the connection was
     * reported leaked. Clears the leak mark.
     */
    private static StoredConnection regenerated(StoredConnection current, String newHash, String newHint,
            Instant now, Duration gracePeriod, Instant expiresAt) {
        Instant graceEnd = now.plus(gracePeriod);
        Instant oldExpiry = current.connection().expiresAt();
        if (oldExpiry != null && oldExpiry.isBefore(graceEnd)) {
            graceEnd = oldExpiry;
        }
        if (expiresAt != null && expiresAt.isBefore(graceEnd)) {
            graceEnd = expiresAt;
        }
        // A secret reported leaked gets no grace: regenerating ends the leak instead of extending it.
        boolean grace = graceEnd.isAfter(now) && current.connection().leakedAt() == null;
        return current.toBuilder().secretHash(newHash).hint(newHint).updatedAt(now)
                .secretVersion(current.secretVersion() + 1).expiresAt(expiresAt)
                .previousSecret(grace ? current.secretHash() : null, grace ? graceEnd : null)
                .leakedAt(null).build();
    }

    /**
     * Inside the unit of work of a change that hashed first: now, after refusing an expiry that passed meanwhile
     * (waiting for an Argon2 turn and hashing take time), which would store a secret already expired.
     */
    private Instant requireFuture(Instant expiresAt) {
        Instant now = config.clock().instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw KeywardException.invalidInput("expiresAt must be in the future");
        }
        return now;
    }

    /** Read before the unit of work, for a change that must hash outside it (regenerate). */
    private StoredConnection loadForChange(Actor actor, OrganizationId organizationId, ConnectionId id) {
        requireMayChange(actor, organizationId, id);
        StoredConnection stored = find(organizationId, id);
        authorize(actor, stored.connection().authenticationType());
        return stored;
    }

    private static void requireMayChange(Actor actor, OrganizationId organizationId, ConnectionId id) {
        requirePresent(actor, organizationId);
        requirePresent(id, "connection id");
        // Users who may manage nothing learn nothing, not even whether the connection exists.
        requireViewer(actor);
    }

    /** The connection as of this unit of work, once the actor may change its type; the refusal rolls it back. */
    private static StoredConnection currentForChange(OrganizationTransaction tx, Actor actor, ConnectionId id) {
        StoredConnection stored = current(tx, id);
        authorize(actor, stored.connection().authenticationType());
        return stored;
    }

    private StoredConnection find(OrganizationId organizationId, ConnectionId id) {
        return store.findConnection(organizationId, id).orElseThrow(ConnectionService::notFound);
    }

    private static StoredConnection current(OrganizationTransaction tx, ConnectionId id) {
        return tx.find(id).orElseThrow(ConnectionService::notFound);
    }

    private void checkRoom(List<StoredConnection> existing, AuthenticationType type, ConnectionId id, String name) {
        long sameType = existing.stream().filter(c -> c.connection().authenticationType() == type).count();
        if (type == AuthenticationType.ACCESS_KEY && sameType >= config.accessKeyLimit()) {
            throw new KeywardException(ErrorCode.ACCESS_KEY_EXISTS,
                    "the organization already has " + sameType + " Access Key connection(s), the limit");
        }
        if (type == AuthenticationType.OAUTH && sameType >= config.oauthLimit()) {
            throw new KeywardException(ErrorCode.OAUTH_LIMIT_REACHED,
                    "the organization already has " + sameType + " M2M OAuth connections, the limit");
        }
        checkNameFree(existing, id, name);
    }

    private static void checkNameFree(List<StoredConnection> existing, ConnectionId id, String name) {
        String key = StoredConnection.nameKey(name);
        boolean taken = existing.stream().anyMatch(c -> !c.connection().id().equals(id) && c.nameKey().equals(key));
        if (taken) {
            throw new KeywardException(ErrorCode.NAME_TAKEN,
                    "another connection of the organization is named '" + name + "'");
        }
    }

    /**
     * Runs a write; when the store reports a taken unique key, this service's own checks decide on a
     * fresh read, so the refusal and its message are the service's. Checks that pass let the conflict through.
     */
    private <T> T judgingConflicts(OrganizationId organizationId, Consumer<List<StoredConnection>> checks,
            Supplier<T> write) {
        try {
            return write.get();
        } catch (StoreConflictException e) {
            checks.accept(store.listConnections(organizationId));
            throw e;
        }
    }

    private static void authorize(Actor actor, AuthenticationType type) {
        if (!actor.mayManage(type)) {
            throw new Forbidden(type);
        }
    }

    /**
     * A refusal for the type of the connection the actor may not manage: audited with that type, so that an
     * admin trying an M2M OAuth connection is told apart from other refusals.
     */
    private static final class Forbidden extends KeywardException {
        private final transient AuthenticationType type;

        Forbidden(AuthenticationType type) {
            super(ErrorCode.FORBIDDEN, type == AuthenticationType.OAUTH
                    ? "only active super admins may manage M2M OAuth connections"
                    : "only active admins and super admins may manage Access Key connections");
            this.type = type;
        }
    }

    private static void requireViewer(Actor actor) {
        if (!actor.mayView()) {
            throw new KeywardException(ErrorCode.FORBIDDEN, "only active admins and super admins may do this");
        }
    }

    private void requireGrace(Duration grace) {
        requirePresent(grace, "grace period");
        if (grace.isNegative() || grace.compareTo(config.maxGracePeriod()) > 0) {
            throw KeywardException.invalidInput("grace period must be between 0 and " + config.maxGracePeriod());
        }
    }

    private static void requirePresent(Actor actor, OrganizationId organizationId) {
        requirePresent(actor, "actor");
        requirePresent(organizationId, "organization id");
    }

    private static void requirePresent(Object value, String what) {
        if (value == null) {
            throw KeywardException.invalidInput(what + " is required");
        }
    }

    private static KeywardException notFound() {
        return new KeywardException(ErrorCode.NOT_FOUND, "no such connection in this organization");
    }

    /**
     * Which of the ids a caller handed in holds a credential, or one a character off, which the ids' own checks
     * (a credential exactly) let through: a key with a character too many, pasted as a connection id, would be
     * recorded in the audit line and repeated in the answer. Null when none does.
     */
    private String pasted(Actor actor, OrganizationId organizationId, ConnectionId id) {
        if (actor != null && PastedCredentials.holds(actor.id(), secretPrefixes)) {
            return "the actor id";
        }
        if (organizationId != null && PastedCredentials.holds(organizationId.value(), secretPrefixes)) {
            return "the organization id";
        }
        return id != null && PastedCredentials.holds(id.value(), secretPrefixes) ? "the connection id" : null;
    }

    private static CredentialKind kindOf(AuthenticationType type) {
        return type == AuthenticationType.ACCESS_KEY ? CredentialKind.ACCESS_KEY : CredentialKind.CLIENT_SECRET;
    }

    /** Runs a call and reports its outcome to the audit listener, whatever it is. */
    private <T> T audited(AuditAction action, Actor actor, OrganizationId organizationId, ConnectionId id,
            AuthenticationType type, Supplier<T> call, Function<T, Connection> subject) {
        String pasted = pasted(actor, organizationId, id);
        if (pasted != null) {
            // Audited without the ids, which is the point: none of them is recorded, or repeated.
            auditor.report(action, AuditOutcome.REFUSED, AuditActorKind.USER, null, null, null, type,
                    AuditCode.INVALID_INPUT);
            throw KeywardException.invalidInput(pasted + " holds something with the shape of a credential; it was"
                    + " refused and not recorded (never paste a secret where an id belongs)");
        }
        String actorId = actor == null ? null : actor.id();
        try {
            T result = call.get();
            Connection done = subject.apply(result);
            auditor.report(action, AuditOutcome.SUCCESS, AuditActorKind.USER, actorId, organizationId,
                    done == null ? id : done.id(), done == null ? type : done.authenticationType(), null);
            return result;
        } catch (KeywardException e) {
            AuditOutcome outcome = e.code() == ErrorCode.STORE_FAILURE ? AuditOutcome.FAILED : AuditOutcome.REFUSED;
            auditor.report(action, outcome, AuditActorKind.USER, actorId, organizationId, id,
                    e instanceof Forbidden f ? f.type : type, AuditCode.of(e.code()));
            throw e;
        } catch (RuntimeException e) {
            auditor.report(action, AuditOutcome.FAILED, AuditActorKind.USER, actorId, organizationId, id, type,
                    AuditCode.INTERNAL_ERROR);
            throw e;
        }
    }
}
