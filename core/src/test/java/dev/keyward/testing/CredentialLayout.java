package dev.keyward.testing;

import dev.keyward.CredentialPrefixes;
import dev.keyward.internal.CredentialCodec;
import dev.keyward.internal.CredentialKind;
import java.security.SecureRandom;

/** Reads the parts of a generated credential for tests, from the codec's own layout constants. */
public final class CredentialLayout {

    private CredentialLayout() {
    }

    /** Where the body (lookup id, random part, checksum) of a credential starts: after its prefix. */
    public static int bodyStart(String credential) {
        return credential.length() - CredentialCodec.BODY_LENGTH;
    }

    /** The lookup id a credential embeds. */
    public static String lookupIdOf(String credential) {
        int start = bodyStart(credential);
        return credential.substring(start, start + CredentialCodec.LOOKUP_ID_LENGTH);
    }

    /**
     * A credential of the same kind and lookup id with another random part and its own valid checksum
     * (default prefixes): it passes every cheap check and reads the store, and only the hash check
     * refuses it — a wrong secret as a guesser who knows a lookup id would send it.
     */
    public static String withAnotherSecret(CredentialKind kind, String credential) {
        return new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom()).issue(kind, lookupIdOf(credential));
    }

    /** Where the checksum of a credential starts. */
    public static int checksumStart(String credential) {
        return credential.length() - CredentialCodec.CHECKSUM_LENGTH;
    }
}
