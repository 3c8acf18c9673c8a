package dev.keyward;

/**
 * The family of API a request is addressed to. Access keys authenticate both;
 * M2M OAuth bearer tokens authenticate {@link #REST} only.
 */
public enum ApiFamily {
    /** The REST APIs. */
    REST,
    /** The Event APIs (publishing events), closed to M2M OAuth bearer tokens. */
    EVENT
}
