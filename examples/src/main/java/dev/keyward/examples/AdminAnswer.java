package dev.keyward.examples;

/**
 * A successful answer of the admin plane: the status and the value to send as JSON, or none
 * (204). Errors are thrown as {@link HttpError} or {@link dev.keyward.KeywardException}.
 */
public record AdminAnswer(int status, Object json) {

    static AdminAnswer noContent() {
        return new AdminAnswer(204, null);
    }

    /** The status only: the value of a create or a regenerate holds the secret, shown once, to its caller alone. */
    @Override
    public String toString() {
        return "AdminAnswer[status=" + status + (json == null ? "" : ", json=…") + "]";
    }
}
