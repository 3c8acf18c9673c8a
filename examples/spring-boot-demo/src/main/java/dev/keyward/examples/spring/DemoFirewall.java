package dev.keyward.examples.spring;

import dev.keyward.examples.RequestPaths;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall, and the path rule the JDK demo routes by ({@link RequestPaths}):
 * Spring's matchers, Keyward's among them, decode a path before they match it, so a path that
 * percent-encodes what never needs it is refused before any of them sees it. Refusals are answered
 * by the {@code RequestRejectedHandler} (404). Thread-safe.
 */
final class DemoFirewall implements HttpFirewall {

    private final StrictHttpFirewall strict = new StrictHttpFirewall();

    @Override
    public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
        if (!RequestPaths.routable(request.getRequestURI())) {
            throw new RequestRejectedException("the path percent-encodes a character that never needs it");
        }
        return strict.getFirewalledRequest(request);
    }

    @Override
    public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
        return strict.getFirewalledResponse(response);
    }
}
