package dev.keyward.spi;

/** How an audited action ended. */
public enum AuditOutcome {
    /** Done, or for a verification: granted. */
    SUCCESS,
    /** Refused by a rule, or for a verification: denied. */
    REFUSED,
    /** Failed on a fault such as a store failure. */
    FAILED
}
