package dev.keyward.spi;

import dev.keyward.ErrorCode;
import dev.keyward.KeywardException;

/** A store could not do what it was asked; the message says what, and nothing was changed. */
public class StoreException extends KeywardException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(ErrorCode.STORE_FAILURE, message, cause);
    }
}
