package dev.keyward.spring.basic;

import static org.springframework.security.config.Customizer.withDefaults;

import dev.keyward.Principal;
import dev.keyward.spring.KeywardConfigurer;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A host whose chain also has HTTP Basic for its own users, beside Keyward's APIs and token endpoint. */
@SpringBootApplication
class HttpBasicApplication {

    static final String USER = "operator";
    static final String PASSWORD = "operator-password";

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(User.withUsername(USER).password("{noop}" + PASSWORD).roles("USER").build());
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/v1/**", "/host/**").authenticated()
                        .anyRequest().permitAll())
                .httpBasic(withDefaults())
                .with(KeywardConfigurer.keyward(), keyward -> keyward.restApis("/v1/**"))
                .build();
    }

    @RestController
    static class Api {

        @GetMapping("/v1/ping")
        String ping(@AuthenticationPrincipal Principal principal) {
            return principal.connectionId().value();
        }

        /** A page of the host's own, behind its Basic login. */
        @GetMapping("/host/me")
        String me(Authentication authentication) {
            return authentication.getName();
        }
    }
}
