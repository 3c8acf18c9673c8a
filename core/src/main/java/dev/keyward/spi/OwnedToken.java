package dev.keyward.spi;

import java.util.Objects;

/**
 * A token together with the connection it was issued to, as one read by the token's lookup id
 * returns them ({@link KeywardStore#findOwnedToken}). Immutable; its {@code toString()} shows no
 * hash. Made only through {@link #of}, so it can grow without breaking stores.
 */
public final class OwnedToken {

    private final StoredToken token;
    private final StoredConnection owner;

    private OwnedToken(StoredToken token, StoredConnection owner) {
        this.token = Objects.requireNonNull(token, "token");
        this.owner = Objects.requireNonNull(owner, "owner");
        if (!token.connectionId().equals(owner.connection().id())
                || !token.organizationId().equals(owner.connection().organizationId())) {
            throw new IllegalArgumentException("the token was not issued to this connection");
        }
    }

    /**
     * The token and its owner.
     *
     * @throws IllegalArgumentException when the token was issued to another connection
     */
    public static OwnedToken of(StoredToken token, StoredConnection owner) {
        return new OwnedToken(token, owner);
    }

    /** The token. */
    public StoredToken token() {
        return token;
    }

    /** The connection it was issued to. */
    public StoredConnection owner() {
        return owner;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OwnedToken that && token.equals(that.token) && owner.equals(that.owner);
    }

    @Override
    public int hashCode() {
        return Objects.hash(token, owner);
    }

    @Override
    public String toString() {
        return "OwnedToken[" + token + ", owner=" + owner + "]";
    }
}
