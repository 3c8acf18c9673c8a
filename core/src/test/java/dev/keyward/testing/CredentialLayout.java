package dev.keyward.testing;

import dev.keyward.internal.CredentialCodec;

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

    /** Where the checksum of a credential starts. */
    public static int checksumStart(String credential) {
        return credential.length() - CredentialCodec.CHECKSUM_LENGTH;
    }
}
