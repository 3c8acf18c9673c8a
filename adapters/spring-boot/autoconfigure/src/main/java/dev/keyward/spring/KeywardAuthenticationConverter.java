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
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Pulls what Keyward needs out of a request to a protected API: the headers, the API family
 * (Event when the Event API matcher matches, else REST) and the client's address, which it also
 * leaves in the request attribute {@link ClientAddresses#ATTRIBUTE}. Never returns null: a
 * request without credentials is Keyward's to deny. Thread-safe.
 */
public final class KeywardAuthenticationConverter implements AuthenticationConverter {

    /** Spring Security's own firewalls' request wrappers, by exact class: they check header values and change none. */
    static final Set<String> SPRING_FIREWALLS = Set.of(
            "org.springframework.security.web.firewall.StrictHttpFirewall$StrictFirewalledRequest",
            "org.springframework.security.web.firewall.RequestWrapper");

    /** Spring Security's request wrappers that never touch a header, by exact class: not their subclasses. */
    static final Set<String> HEADERS_PASSED_THROUGH = Set.of(
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
                family(request), clientAddresses.clientAddress(request));
        request.setAttribute(ClientAddresses.ATTRIBUTE, converted.clientAddress());
        return converted;
    }

    /** The API family of a request: Event when the Event API matcher matches, else REST. */
    ApiFamily family(HttpServletRequest request) {
        return eventApis.matches(request) ? ApiFamily.EVENT : ApiFamily.REST;
    }

    /**
     * Where the credential headers are read: beneath Spring Security's own firewall, which changes no header
     * and checks each value it hands out against a pattern of assigned, non-control characters. For the
     * credentials Keyward takes, its own reading is stricter: only the credential alphabet, anything else
     * refused as malformed, no value ever echoed or logged. An {@code Authorization} header of another scheme
     * is not Keyward's and is ignored; it meets the firewall when the application reads it. The way down
     * steps only through Spring Security's own wrappers that never touch a header, known by exact class
     * name; at any other wrapper (a saved request's, a firewall of the host's, the host's own) the headers
     * are read through everything, as the application sees them.
     */
    static HttpServletRequest credentialHeaders(HttpServletRequest request) {
        ServletRequest current = request;
        while (current instanceof HttpServletRequestWrapper wrapper) {
            String type = wrapper.getClass().getName();
            if (SPRING_FIREWALLS.contains(type)) {
                return wrapper.getRequest() instanceof HttpServletRequest beneath ? beneath : request;
            }
            if (!HEADERS_PASSED_THROUGH.contains(type)) {
                return request;
            }
            current = wrapper.getRequest();
        }
        return request;
    }
}
