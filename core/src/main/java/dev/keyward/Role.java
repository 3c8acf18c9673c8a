package dev.keyward;

/** The administrative role the host application grants a user. */
public enum Role {
    /** No administrative role: may manage nothing. */
    NONE,
    /** May manage Access Key connections. */
    ADMIN,
    /** May manage every connection, M2M OAuth ones included. */
    SUPER_ADMIN
}
