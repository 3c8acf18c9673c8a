package dev.keyward.testing;

import dev.keyward.internal.Argon2idHasher;
import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.StoredToken;

/** Bearer tokens as an earlier release stored them: with an Argon2id hash (at the cheap test cost), not a digest. */
public final class TokensFromBefore {

    private TokensFromBefore() {
    }

    /** Stores the issued token again with an Argon2id hash of it in place of its digest; returns the token. */
    public static String storeWithArgon2(KeywardStore store, String token) {
        StoredToken digested = store.findToken(CredentialLayout.lookupIdOf(token)).orElseThrow();
        String argon2 = new Argon2idHasher(Fixtures.CHEAP_ARGON2).hash(token);
        store.inOrganization(digested.organizationId(), tx -> {
            tx.deleteToken(digested.lookupId());
            tx.insertToken(digested.toBuilder().tokenHash(argon2).build());
            return null;
        });
        return token;
    }
}
