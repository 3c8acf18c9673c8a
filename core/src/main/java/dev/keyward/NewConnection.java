package dev.keyward;

import java.time.Instant;
import java.util.Optional;

/**
 * What to create: a name, an authentication type and, optionally, when its secret expires.
 * Immutable; built through {@link #builder(String, AuthenticationType)}, so settings added in later
 * releases arrive as builder methods with defaults. Values are checked by
 * {@link ConnectionService#create(Actor, OrganizationId, NewConnection)}, not here, so a refusal
 * always comes as a {@link KeywardException} from the call that would have acted.
 */
public final class NewConnection {

    private final String name;
    private final AuthenticationType authenticationType;
    private final Instant expiresAt;

    private NewConnection(Builder builder) {
        this.name = builder.name;
        this.authenticationType = builder.authenticationType;
        this.expiresAt = builder.expiresAt;
    }

    /** A connection of this name and type, with every other setting at its default. */
    public static NewConnection of(String name, AuthenticationType type) {
        return builder(name, type).build();
    }

    /** A builder for a connection of this name and type. */
    public static Builder builder(String name, AuthenticationType type) {
        return new Builder(name, type);
    }

    /** The name, as given. */
    public String name() {
        return name;
    }

    /** How its clients authenticate. */
    public AuthenticationType authenticationType() {
        return authenticationType;
    }

    /** When its secret should expire; empty for the host's default (never, or its maximum lifetime). */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    @Override
    public String toString() {
        return "NewConnection[name=" + name + ", authenticationType=" + authenticationType + ", expiresAt="
                + expiresAt + "]";
    }

    /** Collects the settings of a {@link NewConnection}. Not thread-safe. */
    public static final class Builder {

        private final String name;
        private final AuthenticationType authenticationType;
        private Instant expiresAt;

        private Builder(String name, AuthenticationType authenticationType) {
            this.name = name;
            this.authenticationType = authenticationType;
        }

        /**
         * When the secret expires: in the future and, under a maximum lifetime, no later than it
         * allows. Default {@code null}: never, or the maximum lifetime when the host sets one.
         */
        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        public NewConnection build() {
            return new NewConnection(this);
        }
    }
}
