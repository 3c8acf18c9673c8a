package dev.keyward.examples.spring;

import com.zaxxer.hikari.HikariDataSource;
import dev.keyward.Keyward;
import dev.keyward.examples.AdminApi;
import dev.keyward.examples.DemoDatabase;
import dev.keyward.examples.DemoKeyward;
import dev.keyward.examples.DemoOptions;
import dev.keyward.examples.HttpError;
import dev.keyward.examples.LoopbackHosts;
import dev.keyward.spi.KeywardObserver;
import io.micrometer.core.instrument.config.MeterFilter;
import dev.keyward.spi.KeywardStore;
import dev.keyward.spring.KeywardConfigurer;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.InetAddress;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The demo's beans: the database from the shared options, Keyward as both demos build it (the
 * starter supplies the migrated JDBC store), the shared admin plane, and the security chain with
 * Keyward's configurer on the two protected endpoints.
 */
@Configuration(proxyBeanMethods = false)
class DemoConfiguration {

    @Bean
    HikariDataSource dataSource(DemoOptions options) {
        return DemoDatabase.open(options);
    }

    /** Keyward as both demos build it, telling the starter's meters (Actuator's registry) what it does. */
    @Bean
    Keyward keyward(DemoOptions options, KeywardStore store, ObjectProvider<KeywardObserver> observers) {
        return DemoKeyward.build(options, store, KeywardObserver.composite(observers.orderedStream().toList()));
    }

    /**
     * {@code /metrics} shows Keyward's meters only, as the JDK demo's does: Boot's own (JVM, Tomcat,
     * HTTP requests) are not part of the demo's contract.
     */
    @Bean
    MeterFilter keywardMetersOnly() {
        return MeterFilter.denyUnless(id -> id.getName().startsWith("keyward."));
    }

    @Bean
    AdminApi adminApi(Keyward keyward) {
        return new AdminApi(keyward.connections());
    }

    @Bean
    SecurityFilterChain demoSecurity(HttpSecurity http) throws Exception {
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        return http
                // The admin plane names its demo user in a header, never a cookie: no CSRF, no session.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout.disable())
                // Every answer is Cache-Control: no-store, as in the JDK demo: the demo's own say so, and
                // those Spring makes itself (OPTIONS) get it here. X-XSS-Protection: 0 only switches off
                // a filter that browsers no longer have; nosniff and X-Frame-Options: DENY stay.
                .headers(headers -> headers.cacheControl(cache -> cache.disable())
                        .addHeaderWriter(new StaticHeadersWriter("Cache-Control", "no-store"))
                        .xssProtection(xss -> xss.disable()))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .with(KeywardConfigurer.keyward(), keyward -> keyward
                        .restApis(path.matcher(HttpMethod.GET, "/v1/ping"), path.matcher(HttpMethod.HEAD, "/v1/ping"))
                        .eventApis(path.matcher(HttpMethod.POST, "/v1/eventManager/event")))
                .build();
    }

    /** Paths the firewall refuses, such as {@code /v1//ping}, are no route of the demo: 404, as in the JDK demo. */
    @Bean
    RequestRejectedHandler requestRejected() {
        return (request, response, rejected) -> Replies.error(response, HttpError.notFound());
    }

    /**
     * The admin plane and console answer only requests naming a host, and sent from a page at an origin, that
     * no rebound page could have, as in the JDK demo ({@link LoopbackHosts}). A request whose target, in absolute
     * form, names another host than its {@code Host} header Tomcat refuses with 400 before any filter, so the
     * header names the target's host.
     */
    @Bean
    Filter loopbackHostsOnly(DemoOptions options) {
        LoopbackHosts hosts = new LoopbackHosts(options.allowedHosts());
        return (request, response, chain) -> {
            HttpServletRequest http = (HttpServletRequest) request;
            try {
                // An address literal: no name is looked up.
                hosts.check(http.getRequestURI(), http.getHeader("Host"), http.getHeader("Origin"),
                        InetAddress.getByName(http.getLocalAddr()));
            } catch (HttpError refused) {
                Replies.error((HttpServletResponse) response, refused);
                return;
            }
            chain.doFilter(request, response);
        };
    }

    @Bean
    Filter preflightsAsOptions() {
        return new PreflightsAsOptions();
    }

    @Bean
    HttpFirewall firewall() {
        return new DemoFirewall();
    }

    /**
     * Tomcat answers a path with an encoded {@code /} or {@code \} with an HTML 400 of its own before
     * the application sees it; passed through as sent, the firewall refuses it as it refuses the other
     * encodings the demos keep out of paths. TRACE reaches the routes too, which refuse it
     * ({@link DemoDispatcherServlet}): Tomcat would answer 405 on every path, routes or not.
     */
    @Bean
    TomcatConnectorCustomizer requestsReachTheRoutes() {
        return connector -> {
            connector.setEncodedSolidusHandling("passthrough");
            connector.setEncodedReverseSolidusHandling("passthrough");
            connector.setAllowTrace(true);
        };
    }

    /** In place of Boot's, set as Boot sets its own when no {@code spring.mvc} property says otherwise, as here. */
    @Bean(name = DispatcherServletAutoConfiguration.DEFAULT_DISPATCHER_SERVLET_BEAN_NAME)
    DispatcherServlet dispatcherServlet() {
        return new DemoDispatcherServlet();
    }

    /** A request has five seconds from its first byte to arrive in full, as in the JDK demo. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> requestDeadline() {
        return factory -> factory.setProtocol(RequestDeadlineProtocol.class.getName());
    }

    @Bean
    Housekeeping housekeeping(Keyward keyward) {
        return new Housekeeping(keyward);
    }

    /** Deletes expired tokens once a minute, as the JDK demo does. */
    record Housekeeping(Keyward keyward) {
        @Scheduled(initialDelay = 60_000, fixedDelay = 60_000)
        void purge() {
            DemoKeyward.purge(keyward);
        }
    }
}
