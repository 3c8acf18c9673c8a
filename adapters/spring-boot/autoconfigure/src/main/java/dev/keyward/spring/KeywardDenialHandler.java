package dev.keyward.spring;

import dev.keyward.servlet.Answers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/** Answers a denied request exactly as Keyward denied it: status, every header, body. Thread-safe. */
final class KeywardDenialHandler implements AuthenticationFailureHandler {

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        if (exception instanceof KeywardDeniedException denied) {
            Answers.write(response, denied.denial());
        } else {
            // Only the Keyward provider runs in this filter's manager; anything else is a fault.
            response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        }
    }
}
