package dev.keyward.testing;

import dev.keyward.CredentialPrefixes;
import dev.keyward.internal.Argon2idHasher;
import dev.keyward.internal.CredentialCodec;
import dev.keyward.internal.SecretVerifier;
import dev.keyward.spi.KeywardStore;
import java.security.SecureRandom;
import java.time.Clock;

/** Checks secrets against a store the way the cold verification path does. */
public final class Verification {

    private final CredentialCodec codec = new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom());
    private final SecretVerifier verifier;

    public Verification(KeywardStore store, Clock clock) {
        this.verifier = new SecretVerifier(store, new Argon2idHasher(Fixtures.CHEAP_ARGON2), clock);
    }

    /** Whether the secret is currently a valid access key or client secret of some connection. */
    public boolean verifies(String secret) {
        CredentialCodec.ParsedCredential parsed = codec.parse(secret);
        return parsed != null && verifier.verify(parsed).isPresent();
    }
}
