package dev.keyward.spring;

import dev.keyward.Keyward;

/**
 * Sets on the auto-configured {@link Keyward.Builder} what no {@code keyward.*} property can: the
 * introspection client, the GitHub secret-scanning key, organization limits, a last-used executor, your
 * own hasher. Define one or more as beans; they are called in their {@link org.springframework.core.Ordered
 * order}, after the properties and the {@code Clock}, {@code AuditListener}, {@code DenialBody} and
 * observer beans have been applied, so what a customizer sets wins. Unlike a {@link Keyward} bean of your
 * own, which replaces the auto-configured one and with it every property and bean it would have applied,
 * the meters among them, a customizer keeps all of those; but what it sets replaces what was set before it:
 * a customizer that calls {@code builder.observer(...)} replaces the observer beans, the meters among them
 * (define another {@code KeywardObserver} bean instead, and every one is handed over together).
 */
@FunctionalInterface
public interface KeywardBuilderCustomizer {

    /** Sets what this application needs on the builder, which has the properties and beans applied. */
    void customize(Keyward.Builder builder);
}
