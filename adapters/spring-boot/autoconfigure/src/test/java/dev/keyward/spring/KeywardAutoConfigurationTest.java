package dev.keyward.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.Actor;
import dev.keyward.ApiFamily;
import dev.keyward.Argon2Parameters;
import dev.keyward.AuthenticationType;
import dev.keyward.IssuedCredentials;
import dev.keyward.Keyward;
import dev.keyward.OrganizationId;
import dev.keyward.RequestHeaders;
import dev.keyward.RevocationStatus;
import dev.keyward.jdbc.JdbcStore;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.servlet.ClientAddresses;
import dev.keyward.spi.KeywardStore;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

class KeywardAutoConfigurationTest {

    static final String CHEAP_ARGON2 = "keyward.argon2.memory-kib=256";

    final ApplicationContextRunner withoutDatabase = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, KeywardAutoConfiguration.class))
            .withPropertyValues(CHEAP_ARGON2, "keyward.argon2.iterations=1", "keyward.argon2.parallelism=1");

    final ApplicationContextRunner withDatabase = withoutDatabase.withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

    static int keywardTables(DataSource dataSource) throws Exception {
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE LOWER(TABLE_NAME) LIKE 'keyward%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnStore {
        @Bean
        KeywardStore store() {
            return new InMemoryStore();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnKeyward {
        @Bean
        Keyward myKeyward() {
            return Keyward.builder().store(new InMemoryStore()).oauthLimit(3).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        @Bean
        @org.springframework.core.annotation.Order(2)
        KeywardBuilderCustomizer later() {
            return builder -> builder.accessKeyLimit(3);
        }

        @Bean
        @org.springframework.core.annotation.Order(1)
        KeywardBuilderCustomizer earlier() {
            return builder -> builder.accessKeyLimit(1).maxLiveTokens(4);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnClock {
        @Bean
        Clock clock() {
            return Clock.fixed(Instant.parse("2030-01-02T03:04:05Z"), ZoneOffset.UTC);
        }
    }

    /** Two data sources, neither of them primary. */
    @Configuration(proxyBeanMethods = false)
    static class TwoDataSources {
        @Bean
        DataSource first() {
            return h2();
        }

        @Bean
        DataSource second() {
            return h2();
        }

        static DataSource h2() {
            JdbcDataSource dataSource = new JdbcDataSource();
            dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            return dataSource;
        }
    }

    /** Two data sources, the first primary. */
    @Configuration(proxyBeanMethods = false)
    static class PrimaryAndOtherDataSource {
        @Bean
        @org.springframework.context.annotation.Primary
        DataSource primary() {
            return TwoDataSources.h2();
        }

        @Bean
        DataSource other() {
            return TwoDataSources.h2();
        }
    }

    @Nested
    @DisplayName("the store")
    class Store {

        @Test
        @DisplayName("two data sources, neither primary: no store is guessed, and start-up says Keyward has none")
        void twoDataSourcesWithoutPrimaryThenMissingStore() {
            withoutDatabase.withUserConfiguration(TwoDataSources.class).run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause().isInstanceOf(MissingKeywardStoreException.class)
                        .hasMessageContaining("none of them primary");
            });
        }

        @Test
        @DisplayName("two data sources, one primary: the store is on the primary one")
        void primaryDataSourceThenTheStoreIsOnIt() {
            withoutDatabase.withUserConfiguration(PrimaryAndOtherDataSource.class).run(context -> {
                assertThat(context).hasSingleBean(JdbcStore.class);
                assertThat(keywardTables(context.getBean("primary", DataSource.class))).isPositive();
                assertThat(keywardTables(context.getBean("other", DataSource.class))).isZero();
            });
        }

        @Test
        void dataSourceAndKeywardJdbcThenMigratedJdbcStoreThatWorks() {
            withDatabase.run(context -> {
                assertThat(context).hasSingleBean(JdbcStore.class).hasSingleBean(Keyward.class);
                assertThat(keywardTables(context.getBean(DataSource.class))).isPositive();
                Keyward keyward = context.getBean(Keyward.class);
                keyward.connections().create(Actor.admin("a"), OrganizationId.of("acme"), "Key", AuthenticationType.ACCESS_KEY);
                assertThat(context.getBean(JdbcStore.class).listConnections(OrganizationId.of("acme"))).hasSize(1);
            });
        }

        @Test
        @DisplayName("on H2 the store cannot push: a key regenerated on another node is denied here by polling the log")
        void h2ThenRevocationsArriveByPolling() {
            String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
            Duration poll = Duration.ofMillis(250);
            // The bound is the poll interval; the slack is for a loaded two-core machine.
            Duration bound = poll.plusSeconds(2);
            // Re-reading a remembered key takes an hour here, so only the revocation log can deny it in time.
            withoutDatabase.withPropertyValues("spring.datasource.url=" + url, "spring.datasource.username=sa",
                    "keyward.revocation-poll-interval=250ms", "keyward.revocation-check-interval=1h").run(context -> {
                Keyward node = context.getBean(Keyward.class);
                assertThat(node.revocationStatus().delivery()).isEqualTo(RevocationStatus.Delivery.POLL);
                assertThat(node.config().revocationPollInterval()).isEqualTo(poll);
                assertThat(node.config().revocationCheckInterval()).isEqualTo(Duration.ofHours(1));
                JdbcDataSource database = new JdbcDataSource();
                database.setURL(url);
                database.setUser("sa");
                try (Keyward other = Keyward.builder().store(JdbcStore.create(database))
                        .argon2(new Argon2Parameters(256, 1, 1)).build()) {
                    OrganizationId org = OrganizationId.of("acme");
                    IssuedCredentials key = other.connections().create(Actor.admin("a"), org, "Key",
                            AuthenticationType.ACCESS_KEY);
                    RequestHeaders old = RequestHeaders.of("Accesskey", key.secret().reveal());
                    assertThat(node.authenticator().authenticate(old, ApiFamily.REST).granted()).isTrue();
                    long applied = node.revocationStatus().applied();

                    other.connections().regenerate(Actor.admin("a"), org, key.connection().id(), Duration.ZERO);
                    long start = System.nanoTime();
                    long deadline = start + Duration.ofSeconds(30).toNanos();
                    while (node.authenticator().authenticate(old, ApiFamily.REST).granted()
                            && System.nanoTime() < deadline) {
                        LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
                    }
                    Duration took = Duration.ofNanos(System.nanoTime() - start);

                    assertThat(node.authenticator().authenticate(old, ApiFamily.REST).granted())
                            .as("the old key denied on this node after %s", took).isFalse();
                    assertThat(took).isLessThanOrEqualTo(bound);
                    assertThat(node.revocationStatus().applied()).as("records applied from the log")
                            .isGreaterThan(applied);
                }
            });
        }

        @Test
        @DisplayName("a pool on PostgreSQL gives the node a connection of its own to listen on: its URL, user and password")
        void postgresPoolThenADirectDataSourceWithItsUrlAndCredentials() {
            try (HikariDataSource pool = new HikariDataSource()) {
                pool.setJdbcUrl("jdbc:postgresql://db.internal:5432/app");
                pool.setUsername("app");
                pool.setPassword("s3cret");

                DataSource direct = PushConnections.derivedFrom(pool).orElseThrow();

                assertThat(direct).isInstanceOf(SimpleDriverDataSource.class).isNotInstanceOf(HikariDataSource.class);
                SimpleDriverDataSource simple = (SimpleDriverDataSource) direct;
                assertThat(simple.getUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/app");
                assertThat(simple.getUsername()).isEqualTo("app");
                assertThat(simple.getPassword()).isEqualTo("s3cret");
                // A new connection a peer accepts and never answers must not hold the listener for ever.
                assertThat(simple.getConnectionProperties()).containsEntry("loginTimeout", "10")
                        .containsEntry("socketTimeout", "15");
            }
        }

        @Test
        @DisplayName("a login and a socket timeout in the pool's URL stay the ones in force")
        void postgresPoolWithALoginTimeoutThenItStays() {
            try (HikariDataSource pool = new HikariDataSource()) {
                pool.setJdbcUrl("jdbc:postgresql://db.internal:5432/app?loginTimeout=3&socketTimeout=7");

                SimpleDriverDataSource direct = (SimpleDriverDataSource) PushConnections.derivedFrom(pool).orElseThrow();

                assertThat(direct.getUrl()).endsWith("?loginTimeout=3&socketTimeout=7");
                assertThat(direct.getConnectionProperties()).isNull();
            }
        }

        @Test
        @DisplayName("a pool on any other database gives none: nodes poll there")
        void otherDatabaseThenNoDirectDataSource() {
            try (HikariDataSource pool = new HikariDataSource()) {
                pool.setJdbcUrl("jdbc:h2:mem:other");
                assertThat(PushConnections.derivedFrom(pool)).isEmpty();
            }
        }

        @Test
        void migrationSwitchedOffThenSchemaLeftAlone() {
            withDatabase.withPropertyValues("keyward.jdbc.migrate=false").run(context -> {
                assertThat(context).hasSingleBean(JdbcStore.class);
                assertThat(keywardTables(context.getBean(DataSource.class))).isZero();
            });
        }

        @Test
        void statementTimeoutSetThenTheStoreBoundsStatementsByIt() {
            withDatabase.run(context -> assertThat(context.getBean(JdbcStore.class).toString())
                    .endsWith("statement timeout 10 s]"));
            withDatabase.withPropertyValues("keyward.jdbc.statement-timeout=3").run(context ->
                    assertThat(context.getBean(JdbcStore.class).toString()).endsWith("statement timeout 3 s]"));
            withDatabase.withPropertyValues("keyward.jdbc.statement-timeout=0s").run(context ->
                    assertThat(context.getBean(JdbcStore.class).toString()).endsWith("statement timeout none]"));
        }

        @Test
        void statementTimeoutOfNoWholeSecondsThenStartUpFailsSayingWhy() {
            withDatabase.withPropertyValues("keyward.jdbc.statement-timeout=1500ms").run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause()
                        .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                        .hasMessageContaining("keyward.jdbc.statement-timeout").hasMessageContaining("whole seconds");
            });
            withDatabase.withPropertyValues("keyward.jdbc.statement-timeout=-1s").run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause()
                        .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                        .hasMessageContaining("keyward.jdbc.statement-timeout").hasMessageContaining("between 0");
            });
        }

        @Test
        void applicationStoreThenJdbcStoreBacksOff() {
            withDatabase.withUserConfiguration(OwnStore.class).run(context -> {
                assertThat(context).doesNotHaveBean(JdbcStore.class).hasSingleBean(KeywardStore.class);
                assertThat(context.getBean(KeywardStore.class)).isInstanceOf(InMemoryStore.class);
                assertThat(keywardTables(context.getBean(DataSource.class))).isZero();
            });
        }

        @Test
        void noDataSourceAndNoStoreThenStartUpFailsSayingWhy() {
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KeywardAutoConfiguration.class)).run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause().isInstanceOf(MissingKeywardStoreException.class)
                        .hasMessageContaining("no KeywardStore bean").hasMessageContaining("DataSource");
            });
        }

        @Test
        void dataSourceButNoKeywardJdbcThenStartUpFailsRatherThanUsingMemory() {
            withDatabase.withClassLoader(new FilteredClassLoader(JdbcStore.class)).run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause().isInstanceOf(MissingKeywardStoreException.class);
            });
        }

        @Test
        void missingStoreFailureAnalysisSaysWhatToAdd() {
            FailureAnalysis analysis = new MissingKeywardStoreFailureAnalyzer().analyze(new MissingKeywardStoreException());

            assertThat(analysis.getDescription()).contains("Keyward has no store");
            assertThat(analysis.getAction()).contains("keyward-jdbc", "KeywardStore bean");
        }
    }

    @Nested
    @DisplayName("Keyward and its settings")
    class Settings {

        @Test
        void applicationKeywardThenOursBacksOff() {
            withDatabase.withUserConfiguration(OwnKeyward.class).run(context -> {
                assertThat(context).hasSingleBean(Keyward.class).hasBean("myKeyward");
                assertThat(context.getBean(Keyward.class).config().oauthLimit()).isEqualTo(3);
            });
        }

        /**
         * What no property can set comes from customizers, in their order, after the properties and beans: the
         * properties, the clock and the customizers' settings all reach the one Keyward.
         */
        @Test
        void customizersSetWhatNoPropertyCanAndKeepThePropertiesAndBeans() {
            withDatabase.withUserConfiguration(OwnClock.class, Customizers.class)
                    .withPropertyValues("keyward.oauth-limit=2", "keyward.realm=acme api").run(context -> {
                        var config = context.getBean(Keyward.class).config();
                        assertThat(config.oauthLimit()).isEqualTo(2);
                        assertThat(config.realm()).isEqualTo("acme api");
                        assertThat(config.clock().instant()).isEqualTo(Instant.parse("2030-01-02T03:04:05Z"));
                        assertThat(config.accessKeyLimit()).as("the later customizer's").isEqualTo(3);
                        assertThat(config.maxLiveTokens()).isEqualTo(4);
                    });
        }

        @Test
        void propertiesReachTheBuilder() {
            withDatabase.withPropertyValues("keyward.oauth-limit=2", "keyward.token-time-to-live=10m", "keyward.realm=acme api",
                    "keyward.max-credential-lifetime=90d", "keyward.last-used-resolution=5s").run(context -> {
                        var config = context.getBean(Keyward.class).config();
                        assertThat(config.oauthLimit()).isEqualTo(2);
                        assertThat(config.tokenTimeToLive()).isEqualTo(Duration.ofMinutes(10));
                        assertThat(config.realm()).isEqualTo("acme api");
                        assertThat(config.maxCredentialLifetime()).contains(Duration.ofDays(90));
                        assertThat(config.lastUsedResolution()).isEqualTo(Duration.ofSeconds(5));
                    });
        }

        @Test
        @DisplayName("a duration written without a unit is in seconds, the unit the property descriptions use")
        void unitLessDurationsAreSeconds() {
            withDatabase.withPropertyValues("keyward.token-time-to-live=86400", "keyward.max-grace-period=3600",
                    "keyward.revocation-check-interval=30", "keyward.revocation-poll-interval=2",
                    "keyward.hash-queue-timeout=3", "keyward.max-credential-lifetime=7776000",
                    "keyward.last-used-resolution=5").run(context -> {
                        var config = context.getBean(Keyward.class).config();
                        assertThat(config.tokenTimeToLive()).isEqualTo(Duration.ofDays(1));
                        assertThat(config.maxGracePeriod()).isEqualTo(Duration.ofHours(1));
                        assertThat(config.revocationCheckInterval()).isEqualTo(Duration.ofSeconds(30));
                        assertThat(config.revocationPollInterval()).isEqualTo(Duration.ofSeconds(2));
                        assertThat(config.hashQueueTimeout()).isEqualTo(Duration.ofSeconds(3));
                        assertThat(config.maxCredentialLifetime()).contains(Duration.ofDays(90));
                        assertThat(config.lastUsedResolution()).isEqualTo(Duration.ofSeconds(5));
                    });
        }

        @Test
        void trafficLimitPropertiesReachTheBuilder() {
            withDatabase.withPropertyValues("keyward.rate-limit=100", "keyward.daily-quota=50000",
                    "keyward.max-live-tokens=3", "keyward.token-rate-limit=20").run(context -> {
                        var config = context.getBean(Keyward.class).config();
                        assertThat(config.trafficLimits()).isEqualTo(new dev.keyward.TrafficLimits(100, 50_000));
                        assertThat(config.maxLiveTokens()).isEqualTo(3);
                        assertThat(config.tokenRateLimit()).isEqualTo(20);
                    });
        }

        @Test
        void applicationClockThenKeywardUsesIt() {
            withDatabase.withUserConfiguration(OwnClock.class).run(context -> {
                Keyward keyward = context.getBean(Keyward.class);
                var created = keyward.connections().create(Actor.admin("a"), OrganizationId.of("acme"), "Key",
                        AuthenticationType.ACCESS_KEY);
                assertThat(created.connection().createdAt()).isEqualTo(Instant.parse("2030-01-02T03:04:05Z"));
            });
        }

        @Test
        void badValueThenStartUpFailsNamingTheProperty() {
            for (String bad : new String[] {"keyward.access-key-limit=0", "keyward.realm=bad\"realm",
                    "keyward.token-time-to-live=1s", "keyward.access-key-header=Authorization",
                    "keyward.rate-limit=-1", "keyward.daily-quota=-5", "keyward.max-live-tokens=0",
                    "keyward.token-rate-limit=-1"}) {
                String property = bad.substring(0, bad.indexOf('='));
                withDatabase.withPropertyValues(bad).run(context -> {
                    assertThat(context).as(bad).hasFailed();
                    assertThat(context.getStartupFailure()).as(bad).rootCause()
                            .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                            .hasMessageContaining(property);
                });
            }
        }

        @Test
        void partialArgon2GroupThenStartUpFailsNamingTheMissingProperty() {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(KeywardAutoConfiguration.class))
                    .withUserConfiguration(OwnStore.class)
                    .withPropertyValues("keyward.argon2.memory-kib=65536").run(context -> {
                        assertThat(context).hasFailed();
                        assertThat(context.getStartupFailure()).rootCause()
                                .hasMessageContaining("keyward.argon2.iterations");
                    });
        }

        @Test
        void trustedProxiesThenClientAddressesTrustThem() {
            withDatabase.withPropertyValues("keyward.trusted-proxies=10.0.0.1,::1").run(context ->
                    assertThat(context.getBean(ClientAddresses.class).toString()).contains("10.0.0.1/32", "::1/128", "X-Forwarded-For"));
            withDatabase.withPropertyValues("keyward.trusted-proxies=proxy.example").run(context ->
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("keyward.trusted-proxies"));
        }

        @Test
        @DisplayName("an application without the Servlet API has its Keyward, and no client address source")
        void withoutTheServletApiThenKeywardAndNoClientAddresses() {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(KeywardAutoConfiguration.class))
                    .withUserConfiguration(OwnStore.class)
                    .withClassLoader(new FilteredClassLoader("jakarta.servlet"))
                    .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Keyward.class)
                            .doesNotHaveBean(ClientAddresses.class));
        }

        @Test
        @DisplayName("a platform that forwards headers, and the forward-headers strategy unset or empty: a warning")
        @ExtendWith(OutputCaptureExtension.class)
        void forwardingPlatformAndNoStrategyThenAWarning(CapturedOutput output) {
            KeywardAutoConfiguration.ForwardedAddressesCheck.warnOfAddressesForwardedUnasked(
                    new MockEnvironment().withProperty("spring.main.cloud-platform", "kubernetes"), true);
            KeywardAutoConfiguration.ForwardedAddressesCheck.warnOfAddressesForwardedUnasked(
                    new MockEnvironment().withProperty("spring.main.cloud-platform", "cloud_foundry")
                            .withProperty("server.forward-headers-strategy", ""), true);

            assertThat(output.getOut()).contains("WARN", "detected the cloud platform KUBERNETES",
                    "detected the cloud platform CLOUD_FOUNDRY", "server.forward-headers-strategy=none");
        }

        @Test
        @DisplayName("no warning with the strategy none or framework, or native or Tomcat's remote IP headers with its "
                + "proxies narrowed, or on no such platform")
        @ExtendWith(OutputCaptureExtension.class)
        void strategySetOrNoForwardingPlatformThenNoWarning(CapturedOutput output) {
            for (String strategy : List.of("none", "framework", "NONE")) {
                for (boolean tomcat : List.of(true, false)) {
                    KeywardAutoConfiguration.ForwardedAddressesCheck.warnOfAddressesForwardedUnasked(
                            new MockEnvironment().withProperty("spring.main.cloud-platform", "kubernetes")
                                    .withProperty("server.forward-headers-strategy", strategy), tomcat);
                }
            }
            for (String strategy : List.of("native", "none")) {
                KeywardAutoConfiguration.ForwardedAddressesCheck.warnOfAddressesForwardedUnasked(new MockEnvironment()
                        .withProperty("spring.main.cloud-platform", "kubernetes")
                        .withProperty("server.forward-headers-strategy", strategy)
                        .withProperty("server.tomcat.remoteip.remote-ip-header", "x-forwarded-for")
                        .withProperty("server.tomcat.remoteip.internal-proxies", "10.0.0.5/32"), true);
            }
            // Tomcat's settings, on another container, change nothing.
            KeywardAutoConfiguration.ForwardedAddressesCheck.warnOfAddressesForwardedUnasked(new MockEnvironment()
                    .withProperty("server.forward-headers-strategy", "none")
                    .withProperty("server.tomcat.remoteip.protocol-header", "x-forwarded-proto"), false);
            KeywardAutoConfiguration.ForwardedAddressesCheck.warnOfAddressesForwardedUnasked(
                    new MockEnvironment().withProperty("spring.main.cloud-platform", "none"), true);

            assertThat(output.getOut()).doesNotContain("detected the cloud platform")
                    .doesNotContain("forward-headers-strategy=native").doesNotContain("server.tomcat.remoteip.");
        }

        /**
         * Setting the strategy to {@code native} answers whether the container should rewrite client addresses,
         * not which peers it trusts to: Tomcat's default internal proxies are every private and loopback address,
         * and Jetty trusts any peer, so a client inside the network could name an address an allowlist admits.
         */
        @Test
        @DisplayName("the strategy native with the container's own trusted proxies: a warning, on any platform")
        @ExtendWith(OutputCaptureExtension.class)
        void nativeStrategyWithTheContainersTrustedProxiesThenAWarning(CapturedOutput output) {
            KeywardAutoConfiguration.ForwardedAddressesCheck.warnOfAddressesForwardedUnasked(
                    new MockEnvironment().withProperty("server.forward-headers-strategy", " native "), true);
            assertThat(output.getOut()).contains("WARN", "server.forward-headers-strategy=native with Tomcat's "
                    + "default internal proxies", "server.tomcat.remoteip.internal-proxies");

            KeywardAutoConfiguration.ForwardedAddressesCheck.warnOfAddressesForwardedUnasked(
                    new MockEnvironment().withProperty("spring.main.cloud-platform", "kubernetes")
                            .withProperty("server.forward-headers-strategy", "NATIVE")
                            .withProperty("server.tomcat.remoteip.internal-proxies", "10\\.0\\.0\\.5"), false);
            assertThat(output.getOut()).contains("header sent by any peer");
        }

        /**
         * Boot installs Tomcat's {@code RemoteIpValve} when either of its header settings is set, whatever the
         * forward-headers strategy (a protocol header is often set only to tell HTTPS behind a proxy): the valve
         * then takes {@code X-Forwarded-For} from Tomcat's default internal proxies too.
         */
        @Test
        @DisplayName("Tomcat's remote IP headers set with its own internal proxies: a warning, whatever the strategy")
        @ExtendWith(OutputCaptureExtension.class)
        void tomcatsRemoteIpHeadersWithItsOwnInternalProxiesThenAWarning(CapturedOutput output) {
            KeywardAutoConfiguration.ForwardedAddressesCheck.warnOfAddressesForwardedUnasked(new MockEnvironment()
                    .withProperty("server.forward-headers-strategy", "none")
                    .withProperty("server.tomcat.remoteip.protocol-header", "x-forwarded-proto"), true);
            assertThat(output.getOut()).contains("WARN", "server.tomcat.remoteip.protocol-header (which has Tomcat "
                    + "rewrite client addresses whatever the forward-headers strategy) with Tomcat's default internal "
                    + "proxies");

            KeywardAutoConfiguration.ForwardedAddressesCheck.warnOfAddressesForwardedUnasked(new MockEnvironment()
                    .withProperty("server.tomcat.remoteip.remote-ip-header", "x-real-ip"), true);
            assertThat(output.getOut()).contains("server.tomcat.remoteip.remote-ip-header (which");
        }

        @Test
        @DisplayName("an application that is no servlet web application, on a platform that forwards headers: no warning")
        @ExtendWith(OutputCaptureExtension.class)
        void notAServletWebApplicationThenNoWarning(CapturedOutput output) {
            withDatabase.withPropertyValues("spring.main.cloud-platform=kubernetes")
                    .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Keyward.class));

            assertThat(output.getOut()).doesNotContain("detected the cloud platform");
        }

        @Test
        void trustedProxyHeaderForwardedThenTheForwardedHeaderIsRead() {
            withDatabase.withPropertyValues("keyward.trusted-proxies=10.0.0.0/8", "keyward.trusted-proxy-header=forwarded")
                    .run(context -> assertThat(context.getBean(ClientAddresses.class).toString())
                            .contains("10.0.0.0/8", "Forwarded").doesNotContain("X-Forwarded-For"));
        }

        @Test
        void configurationMetadataDescribesEveryProperty() throws IOException {
            try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
                String metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(metadata).contains("\"keyward.access-key-limit\"", "\"keyward.max-credential-lifetime\"",
                        "\"keyward.argon2.memory-kib\"", "\"keyward.jdbc.migrate\"", "\"keyward.trusted-proxies\"",
                        "\"keyward.rate-limit\"", "\"keyward.daily-quota\"", "\"keyward.max-live-tokens\"",
                        "\"keyward.token-rate-limit\"", "\"keyward.jdbc.statement-timeout\"",
                        "Access Key connections allowed per organization");
            }
        }
    }
}
