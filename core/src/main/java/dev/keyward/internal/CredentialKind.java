package dev.keyward.internal;

/** The kinds of credential Keyward generates; each has its own prefix. */
public enum CredentialKind {
    /** The long-lived key sent in the {@code Accesskey} header. */
    ACCESS_KEY,
    /** The secret of an M2M OAuth client, exchanged for bearer tokens. */
    CLIENT_SECRET,
    /** A bearer token issued by the token endpoint. */
    BEARER_TOKEN
}
