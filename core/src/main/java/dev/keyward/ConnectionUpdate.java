package dev.keyward;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What to change of a connection: its name, its allowed IP ranges, or both, applied together or
 * not at all by {@link ConnectionService#update}. A setting not given stays as it is. Immutable;
 * built through {@link #builder()}. Values are checked by the service, not here.
 */
public final class ConnectionUpdate {

    private final String name;
    private final List<String> allowedIps;

    private ConnectionUpdate(Builder builder) {
        this.name = builder.name;
        this.allowedIps = builder.allowedIps == null ? null
                : Collections.unmodifiableList(new ArrayList<>(builder.allowedIps));
    }

    /** A builder changing nothing yet. */
    public static Builder builder() {
        return new Builder();
    }

    /** The new name, if it changes. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** The new allowed IP ranges, as given, if they change; an empty list allows any address. */
    public Optional<List<String>> allowedIps() {
        return Optional.ofNullable(allowedIps);
    }

    /** Counts the ranges only: they are unchecked input here, and a pasted secret must not reach a log. */
    @Override
    public String toString() {
        // The name as given, not yet checked: a secret pasted into it is cut out, as it must not reach a log.
        return "ConnectionUpdate[name=" + (name == null ? "unchanged" : CredentialFormat.redacted(name)) + ", allowedIps="
                + (allowedIps == null ? "unchanged" : allowedIps.size() + " range(s)") + "]";
    }

    /** Collects the changes of a {@link ConnectionUpdate}. Not thread-safe. */
    public static final class Builder {

        private String name;
        private Collection<String> allowedIps;

        private Builder() {
        }

        /** The new name; default {@code null}: unchanged. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * The new IPv4 and IPv6 CIDR ranges (see {@link CidrRange}), replacing the old ones; empty for
         * any address. Default {@code null}: unchanged.
         */
        public Builder allowedIps(Collection<String> allowedIps) {
            this.allowedIps = allowedIps;
            return this;
        }

        public ConnectionUpdate build() {
            return new ConnectionUpdate(this);
        }
    }
}
