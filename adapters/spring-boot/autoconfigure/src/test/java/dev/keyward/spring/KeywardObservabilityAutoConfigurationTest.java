package dev.keyward.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.Actor;
import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationType;
import dev.keyward.Keyward;
import dev.keyward.OrganizationId;
import dev.keyward.RequestHeaders;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.micrometer.KeywardMetrics;
import dev.keyward.spi.ForwardingStore;
import dev.keyward.spi.KeywardObserver;
import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.StoreException;
import dev.keyward.spi.StoredConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class KeywardObservabilityAutoConfigurationTest {

    private static final OrganizationId ACME = OrganizationId.of("acme");

    final ApplicationContextRunner withoutStore = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KeywardAutoConfiguration.class,
                    KeywardMetricsAutoConfiguration.class, KeywardHealthAutoConfiguration.class))
            .withPropertyValues(KeywardAutoConfigurationTest.CHEAP_ARGON2, "keyward.argon2.iterations=1",
                    "keyward.argon2.parallelism=1");

    final ApplicationContextRunner keyward = withoutStore.withUserConfiguration(KeywardAutoConfigurationTest.OwnStore.class);

    /** Keyward with Actuator's metrics: Boot makes the registry. */
    final ApplicationContextRunner withActuator = keyward.withConfiguration(AutoConfigurations.of(
            MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class));

    @Configuration(proxyBeanMethods = false)
    static class OwnRegistry {
        @Bean
        MeterRegistry registry() {
            return new SimpleMeterRegistry();
        }
    }

    static double missingCredentials(MeterRegistry registry) {
        return registry.get("keyward.verifications").tags("code", "MISSING_CREDENTIALS", "family", "rest", "type", "none")
                .counter().count();
    }

    @Nested
    @DisplayName("metrics")
    class Metrics {

        @Test
        void actuatorRegistryThenKeywardCountsIntoIt() {
            withActuator.run(context -> {
                assertThat(context).hasSingleBean(KeywardMetrics.class);
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                Keyward keyward = context.getBean(Keyward.class);

                keyward.authenticator().authenticate(RequestHeaders.of(), ApiFamily.REST);

                assertThat(keyward.config().observer()).isNotSameAs(KeywardObserver.NONE);
                assertThat(missingCredentials(registry)).isEqualTo(1);
                assertThat(registry.get("keyward.cache.size").gauge().value()).isZero();
            });
        }

        @Test
        void applicationRegistryThenBindingUsesIt() {
            keyward.withUserConfiguration(OwnRegistry.class).run(context -> {
                context.getBean(Keyward.class).authenticator().authenticate(RequestHeaders.of(), ApiFamily.REST);

                assertThat(missingCredentials(context.getBean(MeterRegistry.class))).isEqualTo(1);
            });
        }

        @Test
        void noRegistryThenNoBindingAndKeywardObservesNothing() {
            keyward.run(context -> {
                assertThat(context).doesNotHaveBean(KeywardMetrics.class).hasSingleBean(Keyward.class);
                assertThat(context.getBean(Keyward.class).config().observer()).isSameAs(KeywardObserver.NONE);
            });
        }

        @Test
        void withoutKeywardMicrometerThenNoBinding() {
            withActuator.withClassLoader(new FilteredClassLoader(KeywardMetrics.class)).run(context -> {
                assertThat(context).hasNotFailed().doesNotHaveBean(KeywardMetrics.class).hasSingleBean(Keyward.class);
            });
        }

        @Test
        void organizationTagsOnlyWhenConfiguredAndBounded() {
            withActuator.withPropertyValues("keyward.metrics.organization-tag-limit=1").run(context -> {
                Keyward keyward = context.getBean(Keyward.class);
                String key = keyward.connections().create(Actor.admin("a"), ACME, "Key", AuthenticationType.ACCESS_KEY)
                        .secret().reveal();

                keyward.authenticator().authenticate(RequestHeaders.of("Accesskey", key), ApiFamily.REST);

                assertThat(context.getBean(MeterRegistry.class).get("keyward.verifications")
                        .tags("outcome", "granted", "family", "rest", "type", "access_key", "organization", "acme").counter().count()).isEqualTo(1);
            });
            withActuator.run(context -> assertThat(context.getBean(MeterRegistry.class).getMeters())
                    .allSatisfy(m -> assertThat(m.getId().getTag("organization")).isNull()));
        }

        @Test
        void badOrganizationTagLimitThenStartUpFailsNamingTheProperty() {
            for (String bad : new String[] {"-1", "10001"}) {
                withActuator.withPropertyValues("keyward.metrics.organization-tag-limit=" + bad).run(context -> {
                    assertThat(context).as(bad).hasFailed();
                    assertThat(context.getStartupFailure()).as(bad).rootCause()
                            .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                            .hasMessageContaining("keyward.metrics.organization-tag-limit");
                });
            }
        }

        @Test
        void applicationMetricsThenOursBacksOff() {
            withActuator.withBean("mine", KeywardMetrics.class, () -> KeywardMetrics.of(new SimpleMeterRegistry()))
                    .run(context -> assertThat(context).hasSingleBean(KeywardMetrics.class).hasBean("mine"));
        }
    }

    @Nested
    @DisplayName("health")
    class HealthIndicatorTests {

        @Test
        void reachableStoreThenUpWithHowRevocationsArrive() {
            keyward.run(context -> {
                Health health = context.getBean(KeywardHealthIndicator.class).health();

                assertThat(health.getStatus()).isEqualTo(Status.UP);
                assertThat(health.getDetails()).containsEntry("store", "reachable").containsEntry("revocations", "push")
                        .containsKey("revocationLogPosition");
            });
        }

        @Test
        void jdbcStoreOnH2ThenUpAndPolling() {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                            KeywardAutoConfiguration.class, KeywardHealthAutoConfiguration.class))
                    .withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
                    .run(context -> {
                        Health health = context.getBean(KeywardHealthIndicator.class).health();

                        assertThat(health.getStatus()).isEqualTo(Status.UP);
                        assertThat(health.getDetails()).containsEntry("revocations", "poll");
                    });
        }

        @Test
        void failingStoreThenDownWithTheFailureTypeOnly() {
            withoutStore.withBean("failing", KeywardStore.class, FailingStore::new).run(context -> {
                Health health = context.getBean(KeywardHealthIndicator.class).health();

                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat(health.getDetails()).containsEntry("store", "unreachable")
                        .containsEntry("error", StoreException.class.getName());
                assertThat(health.getDetails().toString()).doesNotContain("jdbc:secret");
            });
        }

        @Test
        @DisplayName("management.health.keyward.enabled=false switches the indicator off, as for Boot's own")
        void switchedOffThenNoIndicator() {
            keyward.withPropertyValues("management.health.keyward.enabled=false")
                    .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Keyward.class)
                            .doesNotHaveBean(KeywardHealthIndicator.class));
            keyward.withPropertyValues("management.health.defaults.enabled=false")
                    .run(context -> assertThat(context).doesNotHaveBean(KeywardHealthIndicator.class));
        }

        @Test
        void withoutActuatorHealthThenNoIndicator() {
            keyward.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
                    .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(KeywardHealthIndicator.class));
        }
    }

    /** A store whose reads fail, with a message a health page must not show. */
    static final class FailingStore extends ForwardingStore {
        FailingStore() {
            super(new InMemoryStore());
        }

        @Override
        public Optional<StoredConnection> findConnectionByLookupId(String lookupId) {
            throw new StoreException("could not reach jdbc:secret@db", null);
        }
    }
}
