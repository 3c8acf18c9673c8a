package dev.keyward.examples.spring;

import dev.keyward.Principal;
import dev.keyward.examples.PrincipalJson;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The demo's protected endpoints. Keyward's configurer has authenticated the request before it
 * gets here, or answered it with the denial; the principal comes from the security context.
 */
@RestController
class ApiController {

    @GetMapping("/v1/ping")
    void ping(@AuthenticationPrincipal Principal principal, HttpServletResponse response) throws IOException {
        Replies.json(response, 200, PrincipalJson.of(principal));
    }

    @PostMapping("/v1/eventManager/event")
    void event(@AuthenticationPrincipal Principal principal, HttpServletResponse response) throws IOException {
        Replies.json(response, 200, PrincipalJson.of(principal));
    }
}
