package dev.keyward;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A generated secret — an access key or an OAuth client secret — handed out exactly once.
 *
 * <p>Only {@link #reveal()} gives the value; {@link #toString()} shows the non-secret hint,
 * so a secret that ends up in a log line or an exception message leaks nothing. Equality
 * is compared in constant time. Immutable and thread-safe.
 */
public final class Secret {

    private final String value;
    private final String hint;

    Secret(String value, String hint) {
        this.value = Objects.requireNonNull(value, "value");
        this.hint = Objects.requireNonNull(hint, "hint");
    }

    /** The secret itself. Show it to the user once; never log or store it. */
    public String reveal() {
        return value;
    }

    /** The non-secret hint: prefix and last four characters. */
    public String hint() {
        return hint;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret that
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.US_ASCII), that.value.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public int hashCode() {
        return hint.hashCode();
    }

    @Override
    public String toString() {
        return "Secret[" + hint + "]";
    }
}
