package dev.keyward.spring;

import dev.keyward.ApiFamily;
import dev.keyward.servlet.ClientAddresses;
import dev.keyward.servlet.ServletRequestHeaders;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Objects;
import java.util.Set;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Pulls what Keyward needs out of a request to a protected API: the headers, the API family
 * (Event when the Event API matcher matches, else REST) and the client's address, which it also
 * leaves in the request attribute {@link ClientAddresses#ATTRIBUTE}. Never returns null: a
 * request without credentials is Keyward's to deny. Thread-safe.
 */
public final class KeywardAuthenticationConverter implements AuthenticationConverter {

    /** Spring Security's request wrappers that never change a header, by exact class: not their subclasses. */
    private static final Set<String> HEADERS_PASSED_THROUGH = Set.of(
            "org.springframework.security.web.servletapi.SecurityContextHolderAwareRequestWrapper",
            "org.springframework.security.web.servletapi.HttpServlet3RequestFactory$Servlet3SecurityContextHolderAwareRequestWrapper",
            "org.springframework.security.web.header.HeaderWriterFilter$HeaderWriterRequest");

    private final RequestMatcher eventApis;
    private final ClientAddresses clientAddresses;

    public KeywardAuthenticationConverter(RequestMatcher eventApis, ClientAddresses clientAddresses) {
        this.eventApis = Objects.requireNonNull(eventApis, "eventApis");
        this.clientAddresses = Objects.requireNonNull(clientAddresses, "clientAddresses");
    }

    @Override
    public KeywardAuthenticationRequest convert(HttpServletRequest request) {
        KeywardAuthenticationRequest converted = new KeywardAuthenticationRequest(
                ServletRequestHeaders.of(credentialHeaders(request)),
                eventApis.matches(request) ? ApiFamily.EVENT : ApiFamily.REST, clientAddresses.clientAddress(request));
        request.setAttribute(ClientAddresses.ATTRIBUTE, converted.clientAddress());
        return converted;
    }

    /**
     * Where the credential headers are read: beneath Spring Security's firewall, which changes no header
     * and only checks values, by a Unicode pattern match of every character, against what could split a
     * response or forge a log line. Keyward's own reading is stricter still (it accepts the credential
     * alphabet only, refuses anything else as malformed, and never echoes a value), so the firewall's check
     * of these two headers would only repeat it. Between the chain's filter and the firewall lie only
     * Spring Security's own wrappers that pass headers through, known by exact class name; past any other wrapper, the
     * host's, the headers are read through everything, as it sees them.
     */
    static HttpServletRequest credentialHeaders(HttpServletRequest request) {
        ServletRequest current = request;
        while (current instanceof HttpServletRequestWrapper wrapper) {
            if (wrapper instanceof FirewalledRequest) {
                return wrapper.getRequest() instanceof HttpServletRequest beneath ? beneath : request;
            }
            if (!HEADERS_PASSED_THROUGH.contains(wrapper.getClass().getName())) {
                return request;
            }
            current = wrapper.getRequest();
        }
        return request;
    }
}
