package dev.keyward.spring.tokenonly;

import dev.keyward.spring.KeywardConfigurer;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** A host that adds Keyward to its chain without naming an API: only the token endpoint is answered. */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
class TokenOnlyApplication {

    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .with(KeywardConfigurer.keyward(), keyward -> { })
                .build();
    }
}
