package dev.keyward.internal;

import dev.keyward.Principal;
import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.OrganizationTransaction;
import dev.keyward.spi.StoredConnection;
import dev.keyward.spi.StoredToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues bearer tokens to verified OAuth clients. A token is stored as its SHA-256
 * ({@link TokenDigest}), no Argon2 run, and stored in the client's organization's unit of work, after checking there that the secret
 * just verified is still valid — so no token is issued with a secret revoked meanwhile. It
 * lives for the configured time, or until the grace period of the secret it was issued against
 * ends if that is sooner; a secret with less than a second left gets no token, as an expired one. The issuing node remembers it at once. Every fourth issuance on a node
 * also purges up to eight expired tokens, so storage stays bounded without a scheduler. A connection keeps at most the
 * configured number of live tokens: issuing one more revokes the oldest, on every node. Thread-safe.
 */
public final class TokenIssuer {

    /**
     * Every this many issuances on a node, expired tokens are purged, {@link #PURGE_LIMIT} at most: two per
     * issuance, more than one, so expired tokens cannot accumulate, in one store call for four issuances,
     * since on a database each call is a transaction of its own.
     */
    private static final int PURGE_EVERY = 4;
    private static final int PURGE_LIMIT = 2 * PURGE_EVERY;
    private static final Logger LOG = LoggerFactory.getLogger(TokenIssuer.class);
    /** The shortest life a token is issued with: its {@code expires_in} counts whole seconds. */
    private static final Duration SHORTEST_LIFE = Duration.ofSeconds(1);

    private final KeywardStore store;
    private final CredentialCodec codec;
    private final CredentialVerifier verifier;
    private final ColdVerifier cold;
    private final Clock clock;
    private final Duration timeToLive;
    private final int maxLiveTokens;
    private final Revoker revoker;
    private final AtomicLong issued = new AtomicLong();

    public TokenIssuer(KeywardStore store, CredentialCodec codec, CredentialVerifier verifier, ColdVerifier cold,
            Clock clock, Duration timeToLive, int maxLiveTokens, Revoker revoker) {
        this.maxLiveTokens = maxLiveTokens;
        this.revoker = revoker;
        this.store = store;
        this.codec = codec;
        this.verifier = verifier;
        this.cold = cold;
        this.clock = clock;
        this.timeToLive = timeToLive;
    }

    /** A token issued: the value (shown once) and its lifetime in whole seconds. */
    public record Issued(String token, long expiresInSeconds) implements Outcome {
        @Override
        public String toString() {
            return "Issued[expiresInSeconds=" + expiresInSeconds + "]";
        }
    }

    /** The outcome of an issuance: {@link Issued}, or refused because the secret was revoked or expired. */
    public sealed interface Outcome {
    }

    /** Why no token was issued. */
    public enum Refusal implements Outcome {
        /** The client's secret stopped being valid before the token could be stored. */
        REVOKED,
        /** The client's secret expired before the token could be stored. */
        EXPIRED
    }

    /** Issues a token to a client whose secret was just verified. */
    public Outcome issue(VerifiedCredential client) {
        String token = codec.issueWithNewLookupId(CredentialKind.BEARER_TOKEN);
        String lookupId = codec.lookupIdOf(CredentialKind.BEARER_TOKEN, token);
        String hash = TokenDigest.of(token);
        Instant now = clock.instant();
        VerificationCache.Epochs epochs = verifier.epochs();
        long readNanos = System.nanoTime();
        StoredConnection[] owner = new StoredConnection[1];
        SecretValidity[] validity = new SecretValidity[1];
        List<StoredToken> displaced = new ArrayList<>();
        StoredToken stored = store.inOrganization(client.principal().organizationId(), tx -> {
            owner[0] = tx.find(client.principal().connectionId()).filter(c -> isClient(c, client)).orElse(null);
            validity[0] = owner[0] == null ? SecretValidity.Revoked.INSTANCE
                    : SecretValidity.of(owner[0], client.secretVersion(), now);
            Instant expiresAt = validity[0].valid() ? expiry(now, validity[0]) : null;
            if (expiresAt == null || Duration.between(now, expiresAt).compareTo(SHORTEST_LIFE) < 0) {
                // A token that would live less than a second would be answered with expires_in 0: the secret ends
                // within the second, and the client is told so now rather than handed a token it reads as expired.
                validity[0] = !validity[0].valid() ? validity[0]
                        : validity[0] instanceof SecretValidity.InGrace ? SecretValidity.Revoked.INSTANCE
                        : SecretValidity.Expired.INSTANCE;
                return null;
            }
            StoredToken row = StoredToken.builder().lookupId(lookupId)
                    .organizationId(client.principal().organizationId())
                    .connectionId(client.principal().connectionId()).tokenHash(hash).issuedAt(now)
                    .expiresAt(expiresAt).build();
            displaced.addAll(oldestBeyondCap(tx, owner[0], now));
            tx.insertToken(row);
            return row;
        });
        if (stored == null) {
            return validity[0] == SecretValidity.Expired.INSTANCE ? Refusal.EXPIRED : Refusal.REVOKED;
        }
        // The new token first, then the displaced ones are forgotten here.
        verifier.remember(token, cold.tokenCredential(stored, owner[0], now.toEpochMilli(), readNanos), epochs);
        displaced.forEach(old -> revoker.forgetToken(old.lookupId(), owner[0].lookupId()));
        if (issued.incrementAndGet() % PURGE_EVERY == 0) {
            purgeSome(now);
        }
        return new Issued(token, Duration.between(stored.issuedAt(), stored.expiresAt()).getSeconds());
    }

    /**
     * Inside the issuing unit of work: revokes the oldest live tokens of the connection, as many as make room
     * for one more under the cap, through the revocation log so every node stops accepting them.
     */
    private List<StoredToken> oldestBeyondCap(OrganizationTransaction tx, StoredConnection owner, Instant now) {
        List<StoredToken> live = tx.liveTokens(owner.connection().id(), now);
        List<StoredToken> oldest = live.subList(0, Math.max(0, live.size() - maxLiveTokens + 1));
        oldest.forEach(token -> revoker.recordToken(tx, token, owner.lookupId()));
        return oldest;
    }

    /**
     * The full lifetime, cut short by the end of the validity of the secret it was issued against: its
     * expiry or its grace period. A token never outlives the secret that obtained it.
     */
    private Instant expiry(Instant now, SecretValidity validity) {
        Instant full = now.plus(timeToLive);
        Instant until = validity.until();
        return until != null && until.isBefore(full) ? until : full;
    }

    private static boolean isClient(StoredConnection row, VerifiedCredential client) {
        Principal p = client.principal();
        return row.connection().id().equals(p.connectionId()) && row.lookupId().equals(client.lookupId());
    }

    private void purgeSome(Instant now) {
        try {
            store.purgeExpiredTokens(now, PURGE_LIMIT);
        } catch (RuntimeException e) {
            LOG.warn("could not purge expired tokens: {}", e.toString());
        }
    }

    /** Deletes at most {@code limit} expired tokens; see {@link KeywardStore#purgeExpiredTokens}. */
    public int purge(int limit) {
        return store.purgeExpiredTokens(clock.instant(), limit);
    }
}
