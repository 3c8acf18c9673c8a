package dev.keyward.examples;

/**
 * A successful answer of the admin plane: the status and the value to send as JSON, or none
 * (204). Errors are thrown as {@link HttpError} or {@link dev.keyward.KeywardException}.
 */
public record AdminAnswer(int status, Object json) {

    static AdminAnswer noContent() {
        return new AdminAnswer(204, null);
    }
}
