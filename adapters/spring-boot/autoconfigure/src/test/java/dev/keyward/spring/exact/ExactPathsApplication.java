package dev.keyward.spring.exact;

import dev.keyward.Principal;
import dev.keyward.spring.KeywardConfigurer;
import jakarta.servlet.Filter;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.UrlHandlerFilter;

/**
 * A host that names its APIs by exact path, leaves every other path open, and serves each path with a slash
 * at its end as the path without it (Spring's {@code UrlHandlerFilter}, a servlet filter after Spring Security).
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
class ExactPathsApplication {

    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .with(KeywardConfigurer.keyward(), keyward -> keyward
                        .restApis("/v1/ping")
                        .eventApis("/v1/eventManager/event"))
                .build();
    }

    @Bean
    Filter trailingSlashes() {
        return UrlHandlerFilter.trailingSlashHandler("/v1/**").wrapRequest().build();
    }

    @RestController
    static class Api {

        @GetMapping("/v1/ping")
        String ping(@AuthenticationPrincipal Principal principal) {
            return "ping " + (principal == null ? "unauthenticated" : principal.connectionId().value());
        }

        @PostMapping("/v1/eventManager/event")
        String event(@AuthenticationPrincipal Principal principal) {
            return "event " + (principal == null ? "unauthenticated" : principal.connectionId().value());
        }
    }
}
