package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.AuditListener;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KeywardBuilderTest {

    @Test
    void buildWithOnlyAStoreThenDocumentedDefaults() {
        KeywardConfig config = Keyward.builder().store(new InMemoryStore()).build().config();

        assertThat(config.accessKeyLimit()).isEqualTo(1);
        assertThat(config.oauthLimit()).isEqualTo(15);
        assertThat(config.argon2()).isEqualTo(new Argon2Parameters(19456, 2, 1));
        assertThat(config.prefixes()).isEqualTo(CredentialPrefixes.DEFAULTS);
        assertThat(config.tokenTimeToLive()).isEqualTo(Duration.ofSeconds(86_400));
        assertThat(config.cacheMaximumSize()).isEqualTo(100_000);
        assertThat(config.revocationCheckInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.revocationPollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.maxConcurrentHashes()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(config.accessKeyHeader()).isEqualTo("Accesskey");
        assertThat(config.clock()).isEqualTo(Clock.systemUTC());
        assertThat(config.auditListener()).hasToString("AuditListener.slf4j[summaryInterval=PT10S]")
                .as("summary windows of each instance's own").isNotSameAs(Keyward.builder().store(new InMemoryStore())
                        .build().config().auditListener());
        assertThat(config.random()).as("each instance draws from a SecureRandom of its own")
                .isNotSameAs(Keyward.builder().store(new InMemoryStore()).build().config().random());
        assertThat(config.realm()).isEqualTo("keyward");
        assertThat(config.hashQueueTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.denialBody()).isSameAs(DenialBody.standard());
    }

    @Test
    void buildWithoutStoreThenRefused() {
        assertThatThrownBy(() -> Keyward.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("store");
    }

    @Test
    void settersRefuseBadValuesAtOnceNamingTheSetting() {
        Keyward.Builder builder = Keyward.builder();
        assertThatThrownBy(() -> builder.accessKeyLimit(0)).hasMessageContaining("accessKeyLimit");
        assertThatThrownBy(() -> builder.oauthLimit(-1)).hasMessageContaining("oauthLimit");
        assertThatThrownBy(() -> builder.oauthLimit(1001)).hasMessageContaining("oauthLimit");
        assertThatThrownBy(() -> builder.tokenTimeToLive(Duration.ofSeconds(59))).hasMessageContaining("tokenTimeToLive");
        assertThatThrownBy(() -> builder.tokenTimeToLive(null)).hasMessageContaining("tokenTimeToLive");
        assertThatThrownBy(() -> builder.tokenTimeToLive(Duration.ofDays(1).plusSeconds(1)))
                .as("a bearer token lives a day at most").hasMessageContaining("tokenTimeToLive");
        assertThatThrownBy(() -> builder.maxGracePeriod(Duration.ofDays(-1))).hasMessageContaining("maxGracePeriod");
        assertThatThrownBy(() -> builder.cacheMaximumSize(-1)).hasMessageContaining("cacheMaximumSize");
        assertThatThrownBy(() -> builder.revocationCheckInterval(Duration.ofHours(2)))
                .hasMessageContaining("revocationCheckInterval");
        assertThatThrownBy(() -> builder.maxConcurrentHashes(0)).hasMessageContaining("maxConcurrentHashes");
        assertThatThrownBy(() -> builder.denialBody(null)).hasMessageContaining("denialBody");
        assertThatThrownBy(() -> builder.hashQueueTimeout(Duration.ofMillis(-1))).hasMessageContaining("hashQueueTimeout");
        assertThatThrownBy(() -> builder.accessKeyHeader("Access Key")).hasMessageContaining("accessKeyHeader");
        assertThatThrownBy(() -> builder.accessKeyHeader("authorization")).hasMessageContaining("accessKeyHeader");
        assertThatThrownBy(() -> builder.realm("a\"b")).hasMessageContaining("realm");
        assertThatThrownBy(() -> builder.store(null)).hasMessageContaining("store");
        assertThatThrownBy(() -> builder.clock(null)).hasMessageContaining("clock");
        assertThatThrownBy(() -> builder.random(null)).hasMessageContaining("random");
        assertThatThrownBy(() -> builder.auditListener(null)).hasMessageContaining("auditListener");
        assertThatThrownBy(() -> builder.argon2(null)).hasMessageContaining("argon2");
    }

    @Test
    void prefixesThatAreMalformedOrAmbiguousThenRefused() {
        assertThatThrownBy(() -> new CredentialPrefixes("KW_", "kwci_", "kwcs_", "kwat_"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accessKey");
        assertThatThrownBy(() -> new CredentialPrefixes("kw_", "kw_ci_", "kwcs_", "kwat_"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clientId");
        assertThatThrownBy(() -> new CredentialPrefixes("kwak_", "kwak_", "kwcs_", "kwat_"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ambiguous");
        assertThatThrownBy(() -> new CredentialPrefixes("kwak_", "kwci_", null, "kwat_"))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("clientSecret");
    }

    @Test
    void tokenTimeToLiveOfADayAndOfAMinuteThenAccepted() {
        Keyward.Builder builder = Keyward.builder().store(new InMemoryStore());
        assertThat(builder.tokenTimeToLive(Duration.ofDays(1)).build().config().tokenTimeToLive())
                .isEqualTo(Duration.ofDays(1));
        assertThat(builder.tokenTimeToLive(Duration.ofMinutes(1)).build().config().tokenTimeToLive())
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void builderIsSnapshotThenLaterChangesDoNotLeak() {
        Keyward.Builder builder = Keyward.builder().store(new InMemoryStore()).oauthLimit(3);
        Keyward first = builder.build();
        builder.oauthLimit(7);

        assertThat(first.config().oauthLimit()).isEqualTo(3);
        assertThat(builder.build().config().oauthLimit()).isEqualTo(7);
    }
}
