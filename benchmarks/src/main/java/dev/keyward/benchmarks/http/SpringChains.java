package dev.keyward.benchmarks.http;

import dev.keyward.Keyward;
import dev.keyward.spring.KeywardConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The two Spring Security chains compared: the same defaults and the same stateless set-up,
 * one permitting every request, the other with Keyward's configurer on {@code /ping}.
 */
final class SpringChains {

    private SpringChains() {
    }

    static HttpSecurity common(HttpSecurity http) throws Exception {
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    static class PermitAll {
        @Bean
        SecurityFilterChain chain(HttpSecurity http) throws Exception {
            return common(http).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    static class WithKeyward {
        @Bean
        SecurityFilterChain chain(HttpSecurity http, Keyward keyward) throws Exception {
            return common(http).with(KeywardConfigurer.keyward(), k -> k.keyward(keyward).restApis("/ping")).build();
        }
    }
}
