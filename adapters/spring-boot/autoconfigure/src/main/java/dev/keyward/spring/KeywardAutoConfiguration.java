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
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

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

    /**
     * A warning at start when the embedded servlet container takes each request's remote address from the
     * {@code X-Forwarded-For} or {@code Forwarded} header of a peer it trusts before Keyward sees the
     * request, and trusts peers nobody named: allowed IP ranges are then checked against an address a
     * client may choose. That is:
     * <ul>
     *   <li>when Spring Boot, having detected a cloud platform that forwards headers (Kubernetes, Cloud
     *       Foundry, Heroku, Azure App Service, Amazon ECS and the others it knows) and with
     *       {@code server.forward-headers-strategy} unset or empty, turns the rewriting on;</li>
     *   <li>when the strategy is set to {@code native}, or (on Tomcat, whatever the strategy)
     *       {@code server.tomcat.remoteip.protocol-header} or {@code remote-ip-header} is set, which has Boot
     *       install Tomcat's {@code RemoteIpValve} all the same, and the peers trusted are still the
     *       container's defaults: on Tomcat, with {@code server.tomcat.remoteip.internal-proxies} not set, every
     *       private, link-local, shared (100.64.0.0/10) and loopback address; on another container, which Boot
     *       does not let narrow them, any peer.</li>
     * </ul>
     * Whatever {@link ClientAddresses} the application has, since the container's rewriting is beneath them
     * all; not where no embedded server serves the application (a war in a container of its own), which
     * Boot's setting does not reach.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = ForwardedAddressesCheck.EMBEDDED_SERVER_CONTEXT)
    static class ForwardedAddressesCheck {

        static final String EMBEDDED_SERVER_CONTEXT =
                "org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext";
        /** The web server Boot runs on Tomcat. */
        static final String TOMCAT_WEB_SERVER = "org.springframework.boot.tomcat.TomcatWebServer";
        private static final Logger LOG = LoggerFactory.getLogger(KeywardAutoConfiguration.class);
        private static final String TOMCAT_DEFAULT_PEERS = "any private, link-local, shared (100.64.0.0/10) or "
                + "loopback address";

        ForwardedAddressesCheck(Environment environment, ApplicationContext context) {
            ClassLoader loader = context.getClassLoader();
            if (ClassUtils.isPresent(EMBEDDED_SERVER_CONTEXT, loader)
                    && ClassUtils.resolveClassName(EMBEDDED_SERVER_CONTEXT, loader).isInstance(context)) {
                warnOfAddressesForwardedUnasked(environment, runsOnTomcat(context, loader));
            }
        }

        /**
         * Whether the server the context started is Tomcat's: the one that runs, not the first on the class
         * path, since Boot may choose another when several are there.
         */
        private static boolean runsOnTomcat(ApplicationContext context, ClassLoader loader) {
            try {
                Object server = ClassUtils.resolveClassName(EMBEDDED_SERVER_CONTEXT, loader).getMethod("getWebServer")
                        .invoke(context);
                return server != null && ClassUtils.isPresent(TOMCAT_WEB_SERVER, loader)
                        && ClassUtils.resolveClassName(TOMCAT_WEB_SERVER, loader).isInstance(server);
            } catch (ReflectiveOperationException | RuntimeException unreadable) {
                return false;
            }
        }

        /**
         * @param tomcat whether the embedded container is Tomcat, whose trusted peers Boot lets narrow; when it
         *               is not known, false, which warns of a {@code native} strategy whatever the peers
         */
        static void warnOfAddressesForwardedUnasked(Environment environment, boolean tomcat) {
            Binder binder = Binder.get(environment);
            String strategy = binder.bind("server.forward-headers-strategy", String.class).orElse("").trim();
            if (strategy.equalsIgnoreCase("native")) {
                warnOfDefaultTrustedPeers(binder, tomcat, "server.forward-headers-strategy=native");
                return;
            }
            if (tomcat) {
                for (String header : List.of("protocol-header", "remote-ip-header")) {
                    String property = "server.tomcat.remoteip." + header;
                    if (StringUtils.hasText(binder.bind(property, String.class).orElse(""))) {
                        warnOfDefaultTrustedPeers(binder, true, property + " (which has Tomcat rewrite client "
                                + "addresses whatever the forward-headers strategy)");
                        return;
                    }
                }
            }
            if (StringUtils.hasText(strategy)) {
                return;
            }
            CloudPlatform platform = CloudPlatform.getActive(environment);
            if (platform != null && platform.isUsingForwardHeaders()) {
                LOG.warn("Spring Boot detected the cloud platform {} and lets the servlet container take each "
                        + "request's client address from the X-Forwarded-For or Forwarded header sent by a peer it "
                        + "trusts (Tomcat: " + TOMCAT_DEFAULT_PEERS + "; Jetty: any address); connections' "
                        + "allowed IP ranges are checked against that address, which a client may choose. Set "
                        + "server.forward-headers-strategy=none for the socket's address (with "
                        + "keyward.trusted-proxies naming your proxies), or =native to keep this, with the "
                        + "container's trusted proxies narrowed to yours", platform);
            }
        }

        private static void warnOfDefaultTrustedPeers(Binder binder, boolean tomcat, String cause) {
            if (!tomcat) {
                LOG.warn("{} lets the servlet container take each request's client address from the "
                        + "X-Forwarded-For or Forwarded header sent by any peer; connections' allowed IP ranges are "
                        + "checked against that address, which a client may choose. Set "
                        + "server.forward-headers-strategy=none for the socket's address, with "
                        + "keyward.trusted-proxies naming your proxies", cause);
                return;
            }
            if (binder.bind("server.tomcat.remoteip.internal-proxies", String.class).isBound()) {
                return;
            }
            LOG.warn("{} with Tomcat's default internal proxies lets " + TOMCAT_DEFAULT_PEERS + " name each "
                    + "request's client address in X-Forwarded-For; connections' allowed IP ranges are checked "
                    + "against that address, which any client inside your network may choose. Narrow "
                    + "server.tomcat.remoteip.internal-proxies to your proxies' addresses, or let Tomcat take the "
                    + "socket's address (server.forward-headers-strategy=none, no server.tomcat.remoteip headers) "
                    + "with keyward.trusted-proxies naming your proxies", cause);
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
