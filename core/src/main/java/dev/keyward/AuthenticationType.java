package dev.keyward;

/** How a connection's clients authenticate. */
public enum AuthenticationType {
    /** One long-lived key sent in the {@code Accesskey} header; at most one per organization by default. */
    ACCESS_KEY,
    /** M2M OAuth client credentials exchanged for bearer tokens; at most 15 per organization by default. */
    OAUTH
}
