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
 *
 * <p>Methods are left to the routes and header values to what reads them, as in the JDK demo. A route
 * that does not serve a method answers 405 with {@code Allow}, and Keyward's endpoints answer every
 * method themselves; the strict firewall would refuse all but seven, as if the path were no route. A
 * header value is judged where it is read: the actor against the demo users, the host by the loopback
 * check, a credential by Keyward, which takes only the credential alphabet. The strict firewall would
 * check a value when it is read, inside a controller or one of Keyward's endpoints, and its refusal
 * there is no answer of the demo's: an unknown actor is 401, a malformed credential Keyward's own
 * refusal.
 */
final class DemoFirewall implements HttpFirewall {

    private final StrictHttpFirewall strict = new StrictHttpFirewall();

    DemoFirewall() {
        strict.setUnsafeAllowAnyHttpMethod(true);
        strict.setAllowedHeaderValues(value -> true);
    }

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
