package dev.keyward.spring;

import dev.keyward.Keyward;
import dev.keyward.micrometer.KeywardMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Keyward's meters in the application's {@link MeterRegistry} — with Actuator, the registry Boot
 * exports — when keyward-micrometer is on the class path: a {@link KeywardMetrics} bean, which
 * {@link KeywardAutoConfiguration} hands to Keyward as its observer. Organization ids become tags
 * only with {@code keyward.metrics.organization-tag-limit}; a value the metrics builder refuses stops
 * start-up naming the property. Backs off when the application defines
 * its own {@link KeywardMetrics}.
 */
@AutoConfiguration(before = KeywardAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, KeywardMetrics.class, Keyward.class})
@ConditionalOnBean(MeterRegistry.class)
@EnableConfigurationProperties(KeywardProperties.class)
public class KeywardMetricsAutoConfiguration {

    /** The meters, registered in the application's registry. */
    @Bean
    @ConditionalOnMissingBean
    public KeywardMetrics keywardMetrics(MeterRegistry registry, KeywardProperties properties) {
        KeywardMetrics.Builder builder = KeywardMetrics.builder(registry)
                .histograms(properties.getMetrics().isHistograms());
        int limit = properties.getMetrics().getOrganizationTagLimit();
        if (limit != 0) {
            KeywardBuilderSettings.check("keyward.metrics.organization-tag-limit", limit,
                    () -> builder.organizationTag(limit));
        }
        return builder.build();
    }
}
