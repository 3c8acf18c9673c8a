package dev.keyward.examples.spring;

import static org.springframework.web.bind.annotation.RequestMethod.OPTIONS;

import dev.keyward.GitHubSecretScanning;
import dev.keyward.Keyward;
import dev.keyward.TokenResponse;
import dev.keyward.examples.JsonBodies;
import dev.keyward.servlet.ClientAddresses;
import dev.keyward.servlet.ServletRequestHeaders;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Keyward's stack-neutral endpoints for other systems — introspection for API gateways, revocation
 * for OAuth clients, GitHub's secret scanning alerts — as in the JDK demo: every method reaches the
 * endpoint, which judges it, OPTIONS, TRACE and those Spring has no name for included; the body is
 * read raw (never through {@code getParameter}), no more of it than a bound past the endpoint's own
 * limit, so Keyward sees the very bytes that were sent and refuses a body too long in its own format.
 */
@RestController
class InteropController {

    private static final String INTROSPECT = "/oauth/introspect";
    private static final String REVOKE = "/oauth/revoke";
    private static final String GITHUB = "/secret-scanning/github";

    private final Keyward keyward;
    private final ClientAddresses clientAddresses;

    InteropController(Keyward keyward, ClientAddresses clientAddresses) {
        this.keyward = keyward;
        this.clientAddresses = clientAddresses;
    }

    /** Every method: a mapping that names none matches them all, OPTIONS aside, which {@link #options} maps. */
    @RequestMapping(INTROSPECT)
    void introspect(HttpServletRequest request, HttpServletResponse response) throws IOException {
        write(response, keyward.introspectionEndpoint().handle(request.getMethod(), ServletRequestHeaders.of(request),
                form(request)));
    }

    @RequestMapping(REVOKE)
    void revoke(HttpServletRequest request, HttpServletResponse response) throws IOException {
        write(response, keyward.revocationEndpoint().handle(request.getMethod(), ServletRequestHeaders.of(request),
                form(request), clientAddresses.clientAddress(request)));
    }

    @RequestMapping(GITHUB)
    void githubAlert(HttpServletRequest request, HttpServletResponse response) throws IOException {
        write(response, keyward.githubSecretScanning().handle(request.getMethod(), ServletRequestHeaders.of(request),
                JsonBodies.readAtMost(request.getInputStream(), GitHubSecretScanning.MAX_BODY_LENGTH)));
    }

    /** OPTIONS, which Spring would answer itself for a mapping that names no method, reaches the endpoints too. */
    @RequestMapping(path = {INTROSPECT, REVOKE, GITHUB}, method = OPTIONS)
    void options(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (request.getRequestURI()) {
            case INTROSPECT -> introspect(request, response);
            case REVOKE -> revoke(request, response);
            default -> githubAlert(request, response);
        }
    }

    /** A form body: Keyward refuses those far shorter than the demos' cap itself, as invalid_request. */
    private static byte[] form(HttpServletRequest request) throws IOException {
        return JsonBodies.readAtMost(request.getInputStream(), JsonBodies.MAX_BODY_BYTES);
    }

    private static void write(HttpServletResponse response, TokenResponse answer) throws IOException {
        Replies.send(response, answer.status(), answer.headers(), answer.body().isEmpty() ? null : answer.body());
    }
}
