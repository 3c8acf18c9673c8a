package dev.keyward.internal;

import dev.keyward.AuthenticationType;
import dev.keyward.OrganizationId;
import dev.keyward.Principal;
import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.OwnedToken;
import dev.keyward.spi.StoredConnection;
import dev.keyward.spi.StoredToken;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cold path: one store read by lookup id, then one Argon2id verify in the credential's own turn
 * ({@link KeyedTurns}) and a turn of the {@link HashGate} for its organization — or, for a bearer token, one SHA-256
 * ({@link TokenDigest}). A connection secret is checked against the current hash and, during a
 * grace period, the previous one; a current hash made with outdated parameters is re-hashed
 * after a success. Lookup ids that name nothing cost no hash. Thread-safe.
 */
public final class ColdVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(ColdVerifier.class);

    private final KeywardStore store;
    private final SecretHasher hasher;
    private final HashGate gate;
    private final Clock clock;
    private final LastUseRecorder usage;
    private final KeyedTurns credentialTurns = new KeyedTurns();

    public ColdVerifier(KeywardStore store, SecretHasher hasher, HashGate gate, Clock clock, LastUseRecorder usage) {
        this.store = store;
        this.hasher = hasher;
        this.gate = gate;
        this.clock = clock;
        this.usage = usage;
    }

    /** Checks a well-formed credential of any kind against the store, waiting for Argon2 at most the configured time. */
    public Verdict verify(CredentialCodec.ParsedCredential credential) {
        return verify(credential, System.nanoTime() + gate.timeoutNanos());
    }

    /**
     * Checks a well-formed credential of any kind against the store; a wait for Argon2 ends at
     * {@code deadlineNanos} (a {@link System#nanoTime()} value) with {@link Verdict.Unavailable#BUSY}.
     */
    public Verdict verify(CredentialCodec.ParsedCredential credential, long deadlineNanos) {
        return switch (credential.kind()) {
            case ACCESS_KEY -> verifySecret(credential, AuthenticationType.ACCESS_KEY, deadlineNanos);
            case CLIENT_SECRET -> verifySecret(credential, AuthenticationType.OAUTH, deadlineNanos);
            case BEARER_TOKEN -> verifyToken(credential, deadlineNanos);
        };
    }

    private Verdict verifySecret(CredentialCodec.ParsedCredential credential, AuthenticationType expected,
            long deadlineNanos) {
        // Stamped before the read, as a token's check and a re-read are: the answer is re-read one interval after
        // the store gave it, not after the wait for an Argon2 turn and the run, which may take seconds.
        long readMillis = clock.millis();
        long readNanos = System.nanoTime();
        Optional<StoredConnection> found = store.findConnectionByLookupId(credential.lookupId());
        if (found.isEmpty()) {
            return Verdict.Invalid.UNKNOWN;
        }
        StoredConnection row = found.get();
        if (row.connection().authenticationType() != expected) {
            return Verdict.Invalid.of(row.connection());
        }
        Verdict verdict = inTurns(row.lookupId(), row.connection().organizationId(), deadlineNanos,
                () -> checkSecret(row, credential, readMillis, readNanos));
        if (verdict instanceof VerifiedCredential verified && verified.secretVersion() == row.secretVersion()) {
            upgradeIfOutdated(row, credential.value());
        }
        return verdict;
    }

    /** Requests waiting for their credential's own Argon2 turn now, before the gate's queues. */
    public int waitingForTheirCredential() {
        return credentialTurns.waiting();
    }

    /**
     * Reports a request's wait for an Argon2 turn that ended without one while it waited for another request's
     * check of the same credential, begun at {@code waitingSinceNanos} (its arrival): refused, as a wait in the
     * credential's own queue or the gate's is.
     */
    public void refusedWhileJoined(long waitingSinceNanos) {
        gate.refusedBeforeTheGate(waitingSinceNanos);
    }

    /**
     * Runs an Argon2 check in its credential's own turn, then in a turn of the gate for its organization: a flood
     * of guesses at one credential holds one Argon2 slot, never all of them, and a flood at every credential of
     * one organization gives the turns it gives back to other organizations' checks that hold fewer. Both waits
     * end at the request's deadline, with {@link Verdict.Unavailable#BUSY}, and are reported to the observer as
     * one wait, from the request's arrival.
     */
    private Verdict inTurns(String lookupId, OrganizationId organization, long deadlineNanos, Supplier<Verdict> check) {
        // The deadline counts from the request's arrival, so the wait reported does too, store read included.
        KeyedTurns.Both turns = credentialTurns.enterWithGate(lookupId, gate, organization, deadlineNanos,
                deadlineNanos - gate.timeoutNanos());
        if (turns == null) {
            return Verdict.Unavailable.BUSY;
        }
        try (turns) {
            return check.get();
        }
    }

    /**
     * The secret checked against a row read at {@code readMillis} (the injected clock; when the answer is
     * confirmed) and {@code readNanos}; whether it is valid is judged now, after the hash.
     */
    private Verdict checkSecret(StoredConnection row, CredentialCodec.ParsedCredential credential, long readMillis,
            long readNanos) {
        Instant now = clock.instant();
        long version;
        if (hasher.verify(row.secretHash(), credential.value())) {
            version = row.secretVersion();
        } else if (SecretValidity.ofPrevious(row, now).valid()
                && hasher.verify(row.previousSecretHash(), credential.value())) {
            version = row.secretVersion() - 1;
        } else {
            return Verdict.Invalid.of(row.connection());
        }
        SecretValidity validity = SecretValidity.of(row, version, now);
        if (!validity.valid()) {
            return validity == SecretValidity.Expired.INSTANCE ? Verdict.Invalid.expired(row.connection())
                    : Verdict.Invalid.of(row.connection());
        }
        Principal principal = Principals.of(row);
        return new VerifiedCredential(
                usage.connectionFor(row.lookupId(), principal, row.connection().allowedIps(), readNanos),
                credential.kind(), row.lookupId(), version, validity.validUntilMillis(), endsByExpiry(validity),
                readMillis, VerifiedCredential.UNKNOWN_ISSUE);
    }

    /** Whether a valid secret stops because it expires, rather than because its grace period ends. */
    static boolean endsByExpiry(SecretValidity validity) {
        return validity instanceof SecretValidity.Current current && current.expiresAt() != null;
    }

    /**
     * One read (the token joined with its owner) and one SHA-256. A token issued before tokens were
     * digested carries an Argon2id hash and is checked in a turn of its own (its lookup id's) and
     * in the gate, as a secret is, until it expires.
     */
    private Verdict verifyToken(CredentialCodec.ParsedCredential credential, long deadlineNanos) {
        // Stamped before the read, as a re-read is: a revocation of the token noted after this instant is
        // kept at least as long as the answer is trusted, however long the check takes.
        long readMillis = clock.millis();
        long readNanos = System.nanoTime();
        Optional<OwnedToken> found = store.findOwnedToken(credential.lookupId());
        if (found.isEmpty()) {
            return Verdict.Invalid.UNKNOWN;
        }
        StoredToken token = found.get().token();
        if (!clock.instant().isBefore(endOf(found.get()))) {
            // No hash: a token's lookup id is as unguessable as the token, so whoever holds it held the token.
            return new Verdict.Invalid(token.organizationId(), token.connectionId(), AuthenticationType.OAUTH, true);
        }
        if (TokenDigest.isDigest(token.tokenHash())) {
            return tokenVerdict(token, found.get().owner(), TokenDigest.matches(token.tokenHash(), credential.value()),
                    readMillis, readNanos);
        }
        // In a turn of its own first, as a secret is checked in its connection's: guesses at one such token hold one
        // Argon2 slot, never all of them; then in a turn of the gate for its organization, as a secret is.
        return inTurns(token.lookupId(), token.organizationId(), deadlineNanos, () -> tokenVerdict(token,
                found.get().owner(), hasher.verify(token.tokenHash(), credential.value()), readMillis, readNanos));
    }

    private Verdict tokenVerdict(StoredToken token, StoredConnection owner, boolean matches, long readMillis,
            long readNanos) {
        return matches ? tokenCredential(token, owner, readMillis, readNanos)
                : new Verdict.Invalid(token.organizationId(), token.connectionId(), AuthenticationType.OAUTH, false);
    }

    /**
     * A token known valid, owned by this connection, as a read of the store that began at {@code readMillis}
     * (the injected clock; when the answer was last confirmed) and {@code readNanos} found it.
     */
    public VerifiedCredential tokenCredential(StoredToken token, StoredConnection owner, long readMillis,
            long readNanos) {
        Principal principal = Principals.of(owner, AuthenticationType.OAUTH);
        return new VerifiedCredential(
                usage.connectionFor(owner.lookupId(), principal, owner.connection().allowedIps(), readNanos),
                CredentialKind.BEARER_TOKEN, token.lookupId(), 0, endOf(token, owner).toEpochMilli(), true, readMillis,
                token.issuedAt().toEpochMilli());
    }

    /**
     * When a bearer token stops verifying: at its expiry, or its connection's when that comes first. Tokens are
     * issued to end by then; one an earlier release issued in a grace period that a later regeneration's expiry
     * cut short may not.
     */
    static Instant endOf(OwnedToken owned) {
        return endOf(owned.token(), owned.owner());
    }

    private static Instant endOf(StoredToken token, StoredConnection owner) {
        Instant connectionExpiresAt = owner.connection().expiresAt();
        return connectionExpiresAt != null && connectionExpiresAt.isBefore(token.expiresAt()) ? connectionExpiresAt
                : token.expiresAt();
    }

    /**
     * Re-hashes a current secret whose hash has outdated parameters. Best effort, after the
     * verification's own gate turn: it takes a gate turn of its own (skipped when none is free)
     * and never changes the verdict — a failure is logged. A skipped or failed upgrade is tried again
     * at the next check of the secret that runs Argon2: once this node has forgotten it, or on another
     * node; the checks in between are warm or re-reads, which hash nothing.
     */
    private void upgradeIfOutdated(StoredConnection connection, String secret) {
        HashGate.Turn turn = hasher.needsRehash(connection.secretHash()) ? gate.enterIfFree() : null;
        if (turn == null) {
            return;
        }
        String newHash;
        try (turn) {
            newHash = hasher.hash(secret);
        }
        try {
            store.inOrganization(connection.connection().organizationId(), tx -> {
                // Only if nobody regenerated meanwhile: the row must still hold the hash just verified.
                tx.connections().stream()
                        .filter(c -> c.lookupId().equals(connection.lookupId())
                                && c.secretHash().equals(connection.secretHash()))
                        .findFirst()
                        .ifPresent(c -> tx.update(c.toBuilder().secretHash(newHash).build()));
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("could not store the upgraded hash of credential {}; it is tried again later: {}",
                    connection.lookupId(), e.toString());
        }
    }
}
