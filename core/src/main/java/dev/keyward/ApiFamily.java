package dev.keyward;

/**
 * The family of API a request is addressed to. Access keys authenticate both;
 * M2M OAuth bearer tokens authenticate {@link #REST} only.
 */
public enum ApiFamily {
    /** The REST APIs. */
    REST,
    /** The Event APIs (publishing events), closed to M2M OAuth bearer tokens. */
    EVENT;

    /**
     * Whether a credential of this type may call an API of this family: an access key may call either,
     * an M2M OAuth bearer token the REST APIs only.
     */
    public boolean admits(AuthenticationType type) {
        return this == REST || type == AuthenticationType.ACCESS_KEY;
    }
}
