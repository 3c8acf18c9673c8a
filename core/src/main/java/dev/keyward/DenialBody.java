package dev.keyward;

/**
 * Writes the JSON body of a denied request. The host may supply its own through
 * {@link Keyward.Builder#denialBody(DenialBody)}, for instance to use its own error codes;
 * it must be thread-safe, quick, and must not throw (if it does, the standard body is used).
 */
@FunctionalInterface
public interface DenialBody {

    /** The body for this denial; {@code requestId} is the host's or a generated one, never null. */
    String render(DenialCode code, String requestId);

    /**
     * The default: {@code {"result":false,"errorCode":"INVALID_CREDENTIALS","errorDesc":"Unauthorized",
     * "requestId":"…"}}, with the code's name and {@linkplain DenialCode#description() description}.
     */
    static DenialBody standard() {
        return StandardDenialBody.INSTANCE;
    }
}
