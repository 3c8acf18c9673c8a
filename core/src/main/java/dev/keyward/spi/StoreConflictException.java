package dev.keyward.spi;

/**
 * A unique key the store keeps was already taken — a connection's name key within its
 * organization, or a lookup id — and nothing was written. A store reports it and decides
 * nothing: the management service reads again and refuses with its own code (such as
 * {@code NAME_TAKEN}) when its checks explain the conflict, and lets this failure through
 * when they do not.
 */
public class StoreConflictException extends StoreException {

    private static final long serialVersionUID = 1L;

    public StoreConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
