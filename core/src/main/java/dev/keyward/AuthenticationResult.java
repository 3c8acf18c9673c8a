package dev.keyward;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of authenticating one request: {@link Granted} with the principal, or
 * {@link Denied} with everything the host needs to answer. Neither holds nor prints the
 * credential that was presented. Immutable.
 */
public sealed interface AuthenticationResult {

    /** Whether the request may proceed. */
    boolean granted();

    /**
     * The request carried a valid credential for its API family.
     *
     * @param principal who the request acts for
     */
    record Granted(Principal principal) implements AuthenticationResult {

        public Granted {
            Objects.requireNonNull(principal, "principal");
        }

        @Override
        public boolean granted() {
            return true;
        }
    }

    /**
     * The request is refused; answer with {@link #httpStatus()}, {@link #headers()} and {@link #body()}.
     *
     * @param code            the stable reason, see {@link DenialCode}
     * @param httpStatus      the HTTP status to answer with
     * @param wwwAuthenticate the {@code WWW-Authenticate} challenge, or {@code null} when none applies (503)
     * @param requestId       the host's request id, or a generated one
     * @param body            the JSON body, as the configured {@link DenialBody} wrote it
     */
    record Denied(DenialCode code, int httpStatus, String wwwAuthenticate, String requestId, String body)
            implements AuthenticationResult {

        public Denied {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(body, "body");
        }

        @Override
        public boolean granted() {
            return false;
        }

        /** The {@code WWW-Authenticate} challenge, if one applies. */
        public Optional<String> challenge() {
            return Optional.ofNullable(wwwAuthenticate);
        }

        /**
         * The response headers to send: {@code Content-Type}, {@code Cache-Control: no-store},
         * {@code WWW-Authenticate} when a challenge applies and {@code Retry-After} on a 503.
         */
        public Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json;charset=UTF-8");
            headers.put("Cache-Control", "no-store");
            if (wwwAuthenticate != null) {
                headers.put("WWW-Authenticate", wwwAuthenticate);
            }
            if (httpStatus == 503) {
                headers.put("Retry-After", "1");
            }
            return Map.copyOf(headers);
        }
    }
}
