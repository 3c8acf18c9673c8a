package dev.keyward;

import java.util.Objects;

/**
 * A management call was refused or failed; {@link #code()} says which, stably.
 * Messages never contain a secret, hash or token.
 */
public class KeywardException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public KeywardException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public KeywardException(ErrorCode code, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** Shorthand for a refusal with {@link ErrorCode#INVALID_INPUT}. */
    public static KeywardException invalidInput(String message) {
        return new KeywardException(ErrorCode.INVALID_INPUT, message);
    }

    /** The stable code of this refusal or fault. */
    public ErrorCode code() {
        return code;
    }

    /** The HTTP status a host should answer with. */
    public int httpStatus() {
        return code.httpStatus();
    }
}
