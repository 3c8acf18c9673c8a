package dev.keyward;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What to create: a name, an authentication type and, optionally, when its secret expires and
 * which addresses its credentials may be presented from.
 * Immutable; built through {@link #builder(String, AuthenticationType)}, so settings added in later
 * releases arrive as builder methods with defaults. Values are checked by
 * {@link ConnectionService#create(Actor, OrganizationId, NewConnection)}, not here, so a refusal
 * always comes as a {@link KeywardException} from the call that would have acted.
 */
public final class NewConnection {

    private final String name;
    private final AuthenticationType authenticationType;
    private final Instant expiresAt;
    private final List<String> allowedIps;

    private NewConnection(Builder builder) {
        this.name = builder.name;
        this.authenticationType = builder.authenticationType;
        this.expiresAt = builder.expiresAt;
        this.allowedIps = builder.allowedIps == null ? null
                : Collections.unmodifiableList(new ArrayList<>(builder.allowedIps));
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

    /** The CIDR ranges its credentials may be presented from, as given; empty for any address. */
    public List<String> allowedIps() {
        return allowedIps == null ? List.of() : allowedIps;
    }

    /** Whether the ranges were given as null, which {@code create} refuses. */
    boolean allowedIpsMissing() {
        return allowedIps == null;
    }

    /** Counts the ranges only: they are unchecked input here, and a pasted secret must not reach a log. */
    @Override
    public String toString() {
        // The name as given, not yet checked: a secret pasted into it is cut out, as it must not reach a log.
        return "NewConnection[name=" + (name == null ? null : CredentialFormat.redacted(name)) + ", authenticationType=" + authenticationType + ", expiresAt="
                + expiresAt + ", allowedIps=" + allowedIps().size() + " range(s)]";
    }

    /** Collects the settings of a {@link NewConnection}. Not thread-safe. */
    public static final class Builder {

        private final String name;
        private final AuthenticationType authenticationType;
        private Instant expiresAt;
        private Collection<String> allowedIps = List.of();

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

        /**
         * The IPv4 and IPv6 CIDR ranges its credentials may be presented from (see {@link CidrRange});
         * default empty: any address.
         */
        public Builder allowedIps(Collection<String> allowedIps) {
            this.allowedIps = allowedIps;
            return this;
        }

        public NewConnection build() {
            return new NewConnection(this);
        }
    }
}
