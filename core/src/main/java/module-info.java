/**
 * Keyward: issue, regenerate and verify REST API credentials for the organizations of a
 * multi-tenant platform. {@code dev.keyward} is the API, {@code dev.keyward.spi} what
 * stores, audit listeners and observers implement, {@code dev.keyward.memory} an in-memory store;
 * {@code dev.keyward.internal} is not exported.
 */
module dev.keyward {
    requires transitive org.slf4j;
    requires com.fasterxml.jackson.databind;
    requires com.github.benmanes.caffeine;
    requires io.github.bucket4j.core;
    requires de.mkammerer.argon2.nolibs;

    exports dev.keyward;
    exports dev.keyward.spi;
    exports dev.keyward.memory;
}
