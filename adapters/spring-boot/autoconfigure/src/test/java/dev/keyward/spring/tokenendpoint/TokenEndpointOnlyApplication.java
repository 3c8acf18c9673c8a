package dev.keyward.spring.tokenendpoint;

import dev.keyward.spring.KeywardConfigurer;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** A chain that answers Keyward's token endpoint only, and says it is meant so. */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
class TokenEndpointOnlyApplication {

    @Bean
    SecurityFilterChain tokens(HttpSecurity http) throws Exception {
        return http
                .securityMatcher("/oauth/token")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .with(KeywardConfigurer.keyward(), KeywardConfigurer::tokenEndpointOnly)
                .build();
    }
}
