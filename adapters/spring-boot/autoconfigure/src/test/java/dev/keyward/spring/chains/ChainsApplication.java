package dev.keyward.spring.chains;

import static org.springframework.security.config.Customizer.withDefaults;

import dev.keyward.Principal;
import dev.keyward.spring.KeywardConfigurer;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.UrlHandlerFilter;

/**
 * A host as the README advises: Keyward's APIs and its token endpoint in a chain of their own, the host's users
 * with HTTP Basic in another; an Event API named by its exact path, and Spring's {@code UrlHandlerFilter} routing
 * a path with a trailing slash to the same handler after the chains have seen it.
 */
@SpringBootApplication
class ChainsApplication {

    static final String USER = "operator";
    static final String PASSWORD = "operator-password";

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(User.withUsername(USER).password("{noop}" + PASSWORD).roles("USER").build());
    }

    @Bean
    @Order(1)
    SecurityFilterChain keywardApis(HttpSecurity http) throws Exception {
        return http
                .securityMatcher("/v1/**", "/oauth/token")
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .with(KeywardConfigurer.keyward(), keyward -> keyward
                        .restApis("/v1/**")
                        .eventApis("/v1/eventManager/event"))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain hostPages(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .httpBasic(withDefaults())
                .build();
    }

    /**
     * Hands {@code /v1/eventManager/event/} to the handler of {@code /v1/eventManager/event}, as Spring's filter
     * does, after the security chain (a filter bean's default order), which sees the path as sent.
     */
    @Bean
    FilterRegistrationBean<UrlHandlerFilter> trailingSlashes() {
        return new FilterRegistrationBean<>(UrlHandlerFilter.trailingSlashHandler("/v1/**").wrapRequest().build());
    }

    @RestController
    static class Api {

        @GetMapping("/v1/ping")
        String ping(@AuthenticationPrincipal Principal principal) {
            return principal.connectionId().value();
        }

        @PostMapping("/v1/eventManager/event")
        String event(@AuthenticationPrincipal Principal principal) {
            return "event from " + principal.connectionId().value();
        }

        /** A page of the host's own, behind its Basic login. */
        @GetMapping("/host/me")
        String me(Authentication authentication) {
            return authentication.getName();
        }
    }
}
