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
     * @param rateLimit where its organization stands against its traffic limits, or {@code null} when
     *                  none applies; its {@link #headers()} are for the host to add to its answer
     */
    record Granted(Principal principal, RateLimitStatus rateLimit) implements AuthenticationResult {

        public Granted {
            Objects.requireNonNull(principal, "principal");
        }

        /** A grant to which no traffic limit applies. */
        public Granted(Principal principal) {
            this(principal, null);
        }

        /**
         * Headers for the host to add to its answer: {@code RateLimit-Policy} and {@code RateLimit} when
         * a traffic limit applies (so clients can slow down before they are refused), else none.
         */
        public Map<String, String> headers() {
            return rateLimit == null ? Map.of() : rateLimit.headers();
        }

        /** This grant with the organization's traffic status. */
        Granted withRateLimit(RateLimitStatus status) {
            return new Granted(principal, status);
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
     * @param rateLimit       for {@link DenialCode#RATE_LIMITED}, where the organization stands against
     *                        its traffic limits; else {@code null}
     */
    record Denied(DenialCode code, int httpStatus, String wwwAuthenticate, String requestId, String body,
            RateLimitStatus rateLimit) implements AuthenticationResult {

        public Denied {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(body, "body");
        }

        /** A denial that concerns no traffic limit. */
        public Denied(DenialCode code, int httpStatus, String wwwAuthenticate, String requestId, String body) {
            this(code, httpStatus, wwwAuthenticate, requestId, body, null);
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
         * {@code WWW-Authenticate} when a challenge applies, {@code Retry-After} on a 503, and on a 429
         * {@code Retry-After}, {@code RateLimit-Policy} and {@code RateLimit}.
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
            if (rateLimit != null) {
                headers.putAll(rateLimit.headers());
            }
            return Map.copyOf(headers);
        }
    }
}
