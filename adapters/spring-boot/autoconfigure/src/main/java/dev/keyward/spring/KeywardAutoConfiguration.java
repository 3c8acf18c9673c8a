package dev.keyward.spring;

import dev.keyward.DenialBody;
import dev.keyward.Keyward;
import dev.keyward.jdbc.JdbcStore;
import dev.keyward.servlet.ClientAddresses;
import dev.keyward.spi.AuditListener;
import dev.keyward.spi.KeywardObserver;
import dev.keyward.spi.KeywardStore;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/**
 * Keyward in a Spring Boot application: a {@link Keyward} built from {@code keyward.*} over the
 * application's {@link KeywardStore} — a {@link JdbcStore} on its {@link DataSource} (its only one or
 * its primary one), migrated at start, when keyward-jdbc is present and the application defines no
 * store of its own; on PostgreSQL
 * that store listens for revocations on a connection of its own ({@link PushConnections}). A
 * {@link Clock}, {@link AuditListener} or {@link DenialBody} bean, if the application has exactly
 * one, is handed to Keyward too; so is every {@link KeywardObserver} bean, such as the meters of
 * {@link KeywardMetricsAutoConfiguration}; then every {@link KeywardBuilderCustomizer} bean, in order, sets
 * what no property can. Where the Servlet API is, a {@link ClientAddresses} from
 * {@code keyward.trusted-proxies}. Every bean here backs off when the application defines its own.
 * Without any store the application does not start.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties(KeywardProperties.class)
public class KeywardAutoConfiguration {

    /** Keyward itself; closed with the application context. */
    @Bean
    @ConditionalOnMissingBean
    public Keyward keyward(KeywardProperties properties, ObjectProvider<KeywardStore> store, ObjectProvider<Clock> clock,
            ObjectProvider<AuditListener> auditListener, ObjectProvider<DenialBody> denialBody,
            ObjectProvider<KeywardObserver> observers, ObjectProvider<KeywardBuilderCustomizer> customizers) {
        Keyward.Builder builder = Keyward.builder().store(store.getIfAvailable(() -> {
            throw new MissingKeywardStoreException();
        }));
        clock.ifUnique(builder::clock);
        auditListener.ifUnique(builder::auditListener);
        denialBody.ifUnique(builder::denialBody);
        builder.observer(KeywardObserver.composite(observers.orderedStream().toList()));
        KeywardBuilderSettings.apply(properties, builder);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /**
     * Where the client address of a servlet request comes from; only where the Servlet API is, so that an
     * application without it can still have its Keyward.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "jakarta.servlet.http.HttpServletRequest")
    static class Servlet {

        /** From {@code keyward.trusted-proxies}. */
        @Bean
        @ConditionalOnMissingBean
        ClientAddresses keywardClientAddresses(KeywardProperties properties) {
            return KeywardBuilderSettings.clientAddresses(properties);
        }
    }

    /** The JDBC store over the application's data source: its only one, or its primary one. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JdbcStore.class)
    @ConditionalOnSingleCandidate(DataSource.class)
    static class Jdbc {

        /** Spring Boot's, which reads a pool's URL and credentials: without it, nodes poll. */
        private static final String DATA_SOURCE_BUILDER = "org.springframework.boot.jdbc.DataSourceBuilder";

        @Bean
        @ConditionalOnMissingBean(KeywardStore.class)
        JdbcStore keywardStore(DataSource dataSource, KeywardProperties properties) {
            JdbcStore.Builder builder = JdbcStore.builder(dataSource);
            Duration statementTimeout = properties.getJdbc().getStatementTimeout();
            KeywardBuilderSettings.check("keyward.jdbc.statement-timeout", statementTimeout,
                    () -> builder.statementTimeout(statementTimeout));
            if (properties.getJdbc().isPush() && ClassUtils.isPresent(DATA_SOURCE_BUILDER, null)) {
                PushConnections.derivedFrom(dataSource).ifPresent(builder::pushConnections);
            }
            JdbcStore store = builder.build();
            if (properties.getJdbc().isMigrate()) {
                store.migrate();
            }
            return store;
        }
    }
}
