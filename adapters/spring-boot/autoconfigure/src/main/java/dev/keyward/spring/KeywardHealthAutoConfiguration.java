package dev.keyward.spring;

import dev.keyward.Keyward;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With Actuator's health support on the class path, a {@link KeywardHealthIndicator} named
 * {@code keyward}: store reachable, revocations pushed or polled. Switched off, as Boot's own
 * indicators are, by {@code management.health.keyward.enabled=false} (or
 * {@code management.health.defaults.enabled=false}). Backs off when the application defines a bean
 * named {@code keywardHealthIndicator}.
 */
@AutoConfiguration(after = KeywardAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(Keyward.class)
public class KeywardHealthAutoConfiguration {

    /** Apart, so that the switch's condition, from Actuator's health support, is read only where that support is. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator("keyward")
    static class Indicator {

        /** The health of Keyward's store and revocation delivery. */
        @Bean
        @ConditionalOnMissingBean(name = "keywardHealthIndicator")
        KeywardHealthIndicator keywardHealthIndicator(Keyward keyward) {
            return new KeywardHealthIndicator(keyward);
        }
    }
}
