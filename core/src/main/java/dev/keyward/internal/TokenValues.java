package dev.keyward.internal;

import dev.keyward.spi.StoredToken;

/**
 * Tells whether a value is a stored bearer token, for revoking it by value (a host's revocation, a leak report):
 * one SHA-256 against its digest; for a token stored with an Argon2id hash by an earlier release, one Argon2 verify
 * in a turn of the token's own, in a queue apart from verification's — guesses presented at the token wait in that
 * one, and cannot keep its revocation waiting — and a turn of the gate for the caller's party. A token's lookup id,
 * which is not secret, never makes a value the token. Each instance has a queue of its own: give callers whose
 * values anyone may choose (leak reports) one apart from others'. Thread-safe.
 */
public final class TokenValues {

    /** Whether a value is the token. */
    public enum Match {
        TOKEN,
        NOT_TOKEN,
        /** A token stored with Argon2id, and no Argon2 turn came in time (or the caller would not wait for one). */
        BUSY
    }

    private final SecretHasher hasher;
    private final HashGate gate;
    private final KeyedTurns turns = new KeyedTurns();

    public TokenValues(SecretHasher hasher, HashGate gate) {
        this.hasher = hasher;
        this.gate = gate;
    }

    /**
     * Whether the value is the stored token. A token stored with Argon2id waits for its turns at most the gate's
     * timeout, in the gate's queue of {@code party}; not at all unless {@code mayWait}.
     */
    public Match match(StoredToken stored, String value, Object party, boolean mayWait) {
        String hash = stored.tokenHash();
        if (TokenDigest.isDigest(hash)) {
            return TokenDigest.matches(hash, value) ? Match.TOKEN : Match.NOT_TOKEN;
        }
        if (!mayWait) {
            return Match.BUSY;
        }
        long since = System.nanoTime();
        KeyedTurns.Both both = turns.enterWithGate(stored.lookupId(), gate, party, since + gate.timeoutNanos(), since);
        if (both == null) {
            return Match.BUSY;
        }
        try (both) {
            return hasher.verify(hash, value) ? Match.TOKEN : Match.NOT_TOKEN;
        }
    }
}
