package dev.keyward.spring.secured;

import dev.keyward.AuthenticationType;
import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import dev.keyward.Principal;
import dev.keyward.servlet.ClientAddresses;
import dev.keyward.spring.KeywardConfigurer;
import dev.keyward.servlet.KeywardFilter;
import dev.keyward.spi.AuditEvent;
import dev.keyward.spi.AuditListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.web.error.ErrorPage;
import org.springframework.boot.web.error.ErrorPageRegistrar;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** A host application as the README shows it: its API behind Keyward, everything else its own business. */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
class SecuredApplication {

    /** Every audit event, to count how often a request was checked. */
    static final List<AuditEvent> AUDIT = new CopyOnWriteArrayList<>();

    @Bean
    AuditListener auditListener() {
        return AUDIT::add;
    }

    /** Requests that reached the Event API's handler. */
    static final AtomicInteger EVENTS = new AtomicInteger();

    /** Every header value Spring Security's firewall checked. */
    static final List<String> FIREWALL_CHECKED = new CopyOnWriteArrayList<>();

    /** The default firewall, noting what it checks. */
    @Bean
    HttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderValues(value -> {
            FIREWALL_CHECKED.add(value);
            return StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(value);
        });
        return firewall;
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/v1/**").authenticated()
                        .anyRequest().permitAll())
                .with(KeywardConfigurer.keyward(), keyward -> keyward
                        .restApis("/v1/**")
                        .eventApis("/v1/eventManager/**"))
                .build();
    }

    /** Thrown by a handler that fails; its error page is the Event API. */
    static final class FailedOnPurpose extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @Bean
    ErrorPageRegistrar errorPages() {
        return registry -> registry.addErrorPages(new ErrorPage(FailedOnPurpose.class, "/v1/eventManager/event"));
    }

    @RestController
    static class Api {

        /** A REST API that fails, answered with the error page at the Event API. */
        @PostMapping("/v1/fails")
        String apiFails() {
            throw new FailedOnPurpose();
        }

        /** The host's own page that fails, answered with the error page at the Event API. */
        @GetMapping("/public/fails")
        String publicFails() {
            throw new FailedOnPurpose();
        }

        /** The host's own page that fails otherwise, answered by Spring Boot's own error page. */
        @GetMapping("/public/broken")
        String publicBroken() {
            throw new IllegalStateException("broken on purpose");
        }

        @GetMapping("/v1/ping")
        String ping(@AuthenticationPrincipal Principal principal, HttpServletRequest request) {
            Principal attribute = (Principal) request.getAttribute(KeywardFilter.PRINCIPAL_ATTRIBUTE);
            InetAddress client = (InetAddress) request.getAttribute(ClientAddresses.ATTRIBUTE);
            return principal.organizationId().value() + " " + principal.connectionId().value() + " "
                    + principal.authenticationType() + " " + attribute.equals(principal) + " " + client.getHostAddress();
        }

        /** Answered on another thread, then dispatched through the security chain a second time. */
        @GetMapping("/v1/later")
        Callable<String> later(@AuthenticationPrincipal Principal principal) {
            return () -> "later for " + principal.connectionId().value();
        }

        /** The host's own page that starts a session. */
        @GetMapping("/public/session")
        String session(HttpServletRequest request) {
            return request.getSession(true).getId();
        }

        /** The host's own page, handing the request on to the API. */
        @GetMapping("/public/to-ping")
        void publicToPing(HttpServletRequest request, HttpServletResponse response) throws Exception {
            request.getRequestDispatcher("/v1/ping").forward(request, response);
        }

        /** The host's own page, putting a principal of its own making where Keyward leaves one, then forwarding to the API. */
        @GetMapping("/public/planted-to-ping")
        void plantedToPing(HttpServletRequest request, HttpServletResponse response) throws Exception {
            request.setAttribute(KeywardFilter.PRINCIPAL_ATTRIBUTE, new Principal(OrganizationId.of("org-planted"),
                    ConnectionId.of("planted"), "Planted", AuthenticationType.ACCESS_KEY));
            request.getRequestDispatcher("/v1/ping").forward(request, response);
        }

        /** An API handing the request on to another. */
        @GetMapping("/v1/to-ping")
        void apiToPing(HttpServletRequest request, HttpServletResponse response) throws Exception {
            request.getRequestDispatcher("/v1/ping").forward(request, response);
        }

        /** A REST API handing the request on to the Event API. */
        @PostMapping("/v1/to-event")
        void apiToEvent(HttpServletRequest request, HttpServletResponse response) throws Exception {
            request.getRequestDispatcher("/v1/eventManager/event").forward(request, response);
        }

        /** The host's own page, dispatching its async answer to the API. */
        @GetMapping("/public/async-ping")
        void publicAsyncPing(HttpServletRequest request) {
            request.startAsync().dispatch("/v1/ping");
        }

        /** A REST API dispatching its async answer to the Event API. */
        @PostMapping("/v1/async-event")
        void apiAsyncEvent(HttpServletRequest request) {
            request.startAsync().dispatch("/v1/eventManager/event");
        }

        /** A REST API whose answer includes the Event API's. */
        @PostMapping("/v1/include-event")
        void apiIncludingEvent(HttpServletRequest request, HttpServletResponse response) throws Exception {
            request.getRequestDispatcher("/v1/eventManager/event").include(request, response);
        }

        @PostMapping("/v1/eventManager/event")
        String event(@AuthenticationPrincipal Principal principal) {
            EVENTS.incrementAndGet();
            return "event from " + principal.connectionId().value();
        }

        @PostMapping("/public/echo")
        String echo() {
            return "public";
        }
    }
}
