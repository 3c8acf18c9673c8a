package dev.keyward.internal;

import dev.keyward.Connection;
import dev.keyward.spi.AuditAction;
import dev.keyward.spi.AuditActorKind;
import dev.keyward.spi.AuditOutcome;
import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.OrganizationTransaction;
import dev.keyward.spi.OwnedToken;
import dev.keyward.spi.StoredConnection;
import dev.keyward.spi.StoredToken;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Acts on one credential a secret scanner reported: if it is a live credential of this platform it
 * is revoked at once, without grace, and the answer is {@link Label#TRUE_POSITIVE}; anything else is
 * {@link Label#FALSE_POSITIVE} and changes nothing.
 *
 * <ul>
 *   <li>A bearer token (one SHA-256 against its stored digest; a token stored before tokens were digested,
 *       one Argon2id verify in a turn, as a secret) is deleted and its revocation logged; a replayed report
 *       finds nothing of it and answers {@code FALSE_POSITIVE}. A value that only shares a token's lookup id,
 *       which is not secret, is not the token and revokes nothing.</li>
 *   <li>The current secret of a connection (an access key or client secret, one Argon2id verify in a
 *       gate turn) marks the connection leaked: the connection stays, but none of its secrets
 *       verifies, the previous one's grace period ends and its bearer tokens are deleted, until its
 *       owner regenerates it. A report of a connection already marked by this secret is answered
 *       {@code TRUE_POSITIVE} again and changes nothing, so a replayed report is harmless.</li>
 *   <li>A replaced secret still in its grace period ends the grace period; the connection's current
 *       secret, which the owner made after it, is not marked. A replayed report finds the grace over and
 *       answers {@code FALSE_POSITIVE}.</li>
 * </ul>
 * Every revocation goes through the revocation log, so other nodes stop accepting the credential
 * within the revocation bound, and is audited as {@code REVOKE_LEAKED_CREDENTIAL}. Thread-safe.
 */
public final class LeakResponder {

    /** How the scanner is told what it found. */
    public enum Label {
        TRUE_POSITIVE,
        FALSE_POSITIVE
    }

    /** No Argon2 slot became free in time: nothing was decided for this credential. */
    public static final class Busy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Busy() {
            super("no Argon2 slot became free in time", null, false, false);
        }
    }

    private final KeywardStore store;
    private final CredentialCodec codec;
    private final SecretHasher hasher;
    private final HashGate gate;
    private final TokenValues tokenValues;
    /**
     * One Argon2 at a time per connection for reports, in turns of their own: never behind the turns its
     * requests take, so a flood of guesses at a leaked key, queued for those, cannot keep its report waiting.
     */
    private final KeyedTurns reportTurns = new KeyedTurns();
    private final Revoker revoker;
    private final Clock clock;
    private final Auditor auditor;

    /** Who reports leaks to this responder, named as the actor of the revocations it makes. */
    private final String reporter;

    /**
     * A responder to the reports of one secret scanner, named {@code reporter} as the actor of every revocation
     * it makes (the owner of the leaked connection did not act).
     */
    public LeakResponder(KeywardStore store, CredentialCodec codec, SecretHasher hasher, HashGate gate,
            TokenValues tokenValues, Revoker revoker, Clock clock, Auditor auditor, String reporter) {
        this.tokenValues = tokenValues;
        this.reporter = reporter;
        this.store = store;
        this.codec = codec;
        this.hasher = hasher;
        this.gate = gate;
        this.revoker = revoker;
        this.clock = clock;
        this.auditor = auditor;
    }

    /**
     * Revokes the reported value if it is a live credential.
     *
     * @throws Busy when Argon2 is saturated; the caller should ask the scanner to retry
     * @throws dev.keyward.spi.StoreException when the store fails; nothing is revoked then
     */
    public Label report(String value) {
        CredentialCodec.ParsedCredential credential = codec.parse(value);
        if (credential == null) {
            return Label.FALSE_POSITIVE;
        }
        return switch (credential.kind()) {
            case BEARER_TOKEN -> liveToken(credential, true).filter(this::revoke).isPresent() ? Label.TRUE_POSITIVE
                    : Label.FALSE_POSITIVE;
            case ACCESS_KEY, CLIENT_SECRET -> reportSecret(credential);
        };
    }

    /**
     * Revokes every live credential among the reported values and labels each, in the values' order. Access keys
     * and client secrets are acted on before bearer tokens, so a token the store cannot revoke on its own (a
     * store written against an earlier SPI) keeps no secret live; bearer tokens are looked up before any of
     * them, so a token whose connection a secret of the same report revokes, with its tokens, is still labelled
     * {@link Label#TRUE_POSITIVE}. A value reported more than once is decided once, so a report costs at most
     * one Argon2 run for each distinct secret in it (two for a connection in a grace period), and for each
     * distinct value naming a token an earlier release stored with Argon2id. The first value that cannot be
     * decided for want of Argon2 ends the work on whatever needs Argon2, so that no caller waits again for what
     * just failed, but not on the bearer tokens stored as digests: those found live are revoked all the same, and
     * then {@link Busy} is thrown. What was revoked stays revoked, and the report sent again finds it so.
     *
     * @throws Busy when Argon2 is saturated; the caller should ask the scanner to retry
     * @throws dev.keyward.spi.StoreException when the store fails
     */
    public List<Label> reportAll(List<String> values) {
        Label[] labels = new Label[values.size()];
        boolean[] isToken = new boolean[values.size()];
        OwnedToken[] live = new OwnedToken[values.size()];
        Map<String, Optional<OwnedToken>> found = new HashMap<>();
        Busy busy = null;
        for (int i = 0; i < values.size(); i++) {
            CredentialCodec.ParsedCredential credential = codec.parse(values.get(i));
            isToken[i] = credential != null && credential.kind() == CredentialKind.BEARER_TOKEN;
            if (isToken[i]) {
                boolean mayWait = busy == null;
                try {
                    live[i] = found.computeIfAbsent(credential.value(), value -> liveToken(credential, mayWait))
                            .orElse(null);
                } catch (Busy e) {
                    busy = busy == null ? e : busy;
                } catch (RuntimeException e) {
                    throw keepingSaturation(e, busy);
                }
            }
        }
        Map<String, Label> decided = new HashMap<>();
        for (int i = 0; i < values.size() && busy == null; i++) {
            if (!isToken[i]) {
                try {
                    labels[i] = decided.computeIfAbsent(values.get(i), this::report);
                } catch (Busy e) {
                    busy = e;
                }
            }
        }
        for (int i = 0; i < values.size(); i++) {
            if (live[i] != null) {
                try {
                    revoke(live[i]);
                } catch (RuntimeException e) {
                    throw keepingSaturation(e, busy);
                }
            }
            if (isToken[i]) {
                // Live when reported: true even when a secret of the same report revoked it with its connection.
                labels[i] = live[i] != null ? Label.TRUE_POSITIVE : Label.FALSE_POSITIVE;
            }
        }
        if (busy != null) {
            throw busy;
        }
        return List.of(labels);
    }

    /** The store's failure, which is the answer (500), keeping that Argon2 was saturated too, if it was. */
    private static RuntimeException keepingSaturation(RuntimeException failure, Busy busy) {
        if (busy != null) {
            failure.addSuppressed(busy);
        }
        return failure;
    }

    /**
     * The bearer token, with its owner, if it is live now: stored, unexpired, and the value is its own — one
     * SHA-256 against its digest, or, for a token an earlier release stored with Argon2id, one Argon2 verify
     * ({@link TokenValues}; its lookup id, which is not secret, does not make a value the token).
     *
     * @param mayWait whether to wait for an Argon2 turn, should the token need one
     * @throws Busy when it needs Argon2 and no turn came in time, or {@code mayWait} is false
     */
    private Optional<OwnedToken> liveToken(CredentialCodec.ParsedCredential credential, boolean mayWait) {
        Optional<OwnedToken> owned = store.findOwnedToken(credential.lookupId())
                .filter(found -> clock.instant().isBefore(ColdVerifier.endOf(found)));
        if (owned.isEmpty()) {
            return owned;
        }
        return switch (tokenValues.match(owned.get().token(), credential.value(), HashGate.LEAK_REPORTS, mayWait)) {
            case TOKEN -> owned;
            case NOT_TOKEN -> Optional.empty();
            case BUSY -> throw new Busy();
        };
    }

    /** Revokes a token found live, and audits it, unless it is gone meanwhile; whether it was revoked. */
    private boolean revoke(OwnedToken live) {
        StoredToken token = live.token();
        boolean revoked = revoker.revokeToken(token.lookupId(), stored -> stored.tokenHash().equals(token.tokenHash()))
                .isPresent();
        if (revoked) {
            auditRevocation(live.owner().connection());
        }
        return revoked;
    }

    private Label reportSecret(CredentialCodec.ParsedCredential credential) {
        Optional<StoredConnection> found = store.findConnectionByLookupId(credential.lookupId());
        if (found.isEmpty() || kindOf(found.get()) != credential.kind()) {
            return Label.FALSE_POSITIVE;
        }
        StoredConnection row = found.get();
        Instant now = clock.instant();
        Match match = match(row, credential.value(), now);
        return switch (match) {
            case NONE -> Label.FALSE_POSITIVE;
            case CURRENT -> row.connection().leakedAt() != null ? Label.TRUE_POSITIVE : markLeaked(row, now);
            case PREVIOUS -> endGrace(row, now);
        };
    }

    private enum Match { NONE, CURRENT, PREVIOUS }

    /**
     * Which live secret of the row the value is. The current one counts while it has not expired,
     * leaked or not, so a replayed report is recognised; the previous one while its grace lasts.
     */
    private Match match(StoredConnection row, String value, Instant now) {
        Instant expiresAt = row.connection().expiresAt();
        boolean currentLive = expiresAt == null || now.isBefore(expiresAt);
        boolean previousLive = row.connection().leakedAt() == null
                && SecretValidity.ofPrevious(row, now) instanceof SecretValidity.InGrace;
        if (!currentLive && !previousLive) {
            return Match.NONE;
        }
        try (KeyedTurns.Both turns = reportTurn(row.lookupId())) {
            if (currentLive && hasher.verify(row.secretHash(), value)) {
                return Match.CURRENT;
            }
            return previousLive && hasher.verify(row.previousSecretHash(), value) ? Match.PREVIOUS : Match.NONE;
        }
    }

    /**
     * A report's turn for one Argon2 run on the credential with this lookup id, and a turn of the gate for leak
     * reports, waiting at most the configured time.
     *
     * @throws Busy when no turn came in time
     */
    private KeyedTurns.Both reportTurn(String lookupId) {
        long waitingSince = System.nanoTime();
        KeyedTurns.Both turns = reportTurns.enterWithGate(lookupId, gate, HashGate.LEAK_REPORTS,
                waitingSince + gate.timeoutNanos(), waitingSince);
        if (turns == null) {
            throw new Busy();
        }
        return turns;
    }

    private Label markLeaked(StoredConnection row, Instant now) {
        StoredConnection marked = store.inOrganization(row.connection().organizationId(), tx -> {
            StoredConnection current = tx.find(row.connection().id()).filter(c -> c.lookupId().equals(row.lookupId()))
                    .orElse(null);
            if (current == null) {
                return null;
            }
            if (current.secretVersion() != row.secretVersion()) {
                // Regenerated in between: the reported secret lives on only as the previous one, in a grace period.
                return endGraceOfReported(tx, row, current, now);
            }
            // The secret just verified is still the current one. By version, not by hash: a re-hash of the same
            // secret with new Argon2 parameters changes the hash.
            if (current.connection().leakedAt() != null) {
                return current;
            }
            StoredConnection next = current.toBuilder().leakedAt(now).previousSecret(null, null).build();
            tx.update(next);
            WrittenFields.requireKept(tx, next);
            tx.deleteTokens(current.connection().id());
            revoker.recordConnection(tx, next);
            return next;
        });
        if (marked == null) {
            return Label.FALSE_POSITIVE;
        }
        revoker.forgetConnection(marked.lookupId());
        auditRevocation(marked.connection());
        return Label.TRUE_POSITIVE;
    }

    /**
     * Inside the unit of work of a report whose secret, current when read, has been regenerated since: if it is
     * now the previous secret, in a grace period, the grace ends and the connection's tokens go, as when a
     * previous secret is reported; null if nothing of it is valid any more.
     */
    private StoredConnection endGraceOfReported(OrganizationTransaction tx, StoredConnection reported,
            StoredConnection current, Instant now) {
        // The next version's previous secret is the reported one: by version, not by hash, which a re-hash of
        // the same secret with new Argon2 parameters may have changed before the regeneration copied it.
        boolean previousIsReported = current.secretVersion() == reported.secretVersion() + 1
                && SecretValidity.ofPrevious(current, now) instanceof SecretValidity.InGrace;
        return previousIsReported ? endGraceIn(tx, current) : null;
    }

    /** Inside a unit of work: the previous secret stops at once, and every token of the connection goes. */
    private StoredConnection endGraceIn(OrganizationTransaction tx, StoredConnection current) {
        StoredConnection next = current.toBuilder().previousSecret(null, null).build();
        tx.update(next);
        // Tokens obtained with the reported secret are not told apart from the others: all go.
        tx.deleteTokens(current.connection().id());
        revoker.recordConnection(tx, next);
        return next;
    }

    private Label endGrace(StoredConnection row, Instant now) {
        StoredConnection ended = store.inOrganization(row.connection().organizationId(), tx -> {
            StoredConnection current = tx.find(row.connection().id())
                    .filter(c -> c.lookupId().equals(row.lookupId())
                            && row.previousSecretHash().equals(c.previousSecretHash()))
                    .orElse(null);
            return current == null ? null : endGraceIn(tx, current);
        });
        if (ended == null) {
            return Label.FALSE_POSITIVE;
        }
        revoker.forgetConnection(ended.lookupId());
        auditRevocation(ended.connection());
        return Label.TRUE_POSITIVE;
    }

    private static CredentialKind kindOf(StoredConnection row) {
        return switch (row.connection().authenticationType()) {
            case ACCESS_KEY -> CredentialKind.ACCESS_KEY;
            case OAUTH -> CredentialKind.CLIENT_SECRET;
        };
    }

    private void auditRevocation(Connection leaked) {
        auditor.report(AuditAction.REVOKE_LEAKED_CREDENTIAL, AuditOutcome.SUCCESS, AuditActorKind.SECRET_SCANNER,
                reporter, leaked.organizationId(), leaked.id(), leaked.authenticationType(), null);
    }
}
