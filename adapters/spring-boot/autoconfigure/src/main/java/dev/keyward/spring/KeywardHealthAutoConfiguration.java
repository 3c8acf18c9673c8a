package dev.keyward.spring;

import dev.keyward.Keyward;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * With Actuator's health support on the class path, a {@link KeywardHealthIndicator} named
 * {@code keyward}: store reachable, revocations pushed or polled. Backs off when the application
 * defines a bean named {@code keywardHealthIndicator}.
 */
@AutoConfiguration(after = KeywardAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(Keyward.class)
public class KeywardHealthAutoConfiguration {

    /** The health of Keyward's store and revocation delivery. */
    @Bean
    @ConditionalOnMissingBean(name = "keywardHealthIndicator")
    public KeywardHealthIndicator keywardHealthIndicator(Keyward keyward) {
        return new KeywardHealthIndicator(keyward);
    }
}
