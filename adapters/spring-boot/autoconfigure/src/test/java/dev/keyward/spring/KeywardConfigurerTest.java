package dev.keyward.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.Keyward;
import dev.keyward.memory.InMemoryStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** What the configurer refuses when the chain is built. */
class KeywardConfigurerTest {

    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    static class TokenEndpointOnlyWithAnApi {
        @Bean
        SecurityFilterChain chain(HttpSecurity http) throws Exception {
            Keyward keyward = Keyward.builder().store(new InMemoryStore()).build();
            return http.with(KeywardConfigurer.keyward(), k -> k.keyward(keyward).tokenEndpointOnly().restApis("/v1/**"))
                    .build();
        }
    }

    @Test
    @DisplayName("tokenEndpointOnly() with an API named as well: the application does not start, and says why")
    void tokenEndpointOnlyAndAnApiThenRefused() {
        new WebApplicationContextRunner().withUserConfiguration(TokenEndpointOnlyWithAnApi.class)
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("tokenEndpointOnly()"));
    }
}
