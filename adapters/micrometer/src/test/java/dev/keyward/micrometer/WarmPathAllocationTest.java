package dev.keyward.micrometer;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationType;
import dev.keyward.Keyward;
import dev.keyward.RequestHeaders;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.AuditAction;
import dev.keyward.spi.AuditCode;
import dev.keyward.spi.AuditOutcome;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The meters add no allocation to a warm verification: a flood of grants makes no garbage of theirs. */
class WarmPathAllocationTest {

    private static final int ROUNDS = 200_000;

    @Test
    void warmVerificationWithMetersAllocatesNoMoreThanWithout() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "the JVM counts allocations per thread");
        MutableClock clock = MutableClock.startingNow();
        try (Keyward plain = Fixtures.keyward(new InMemoryStore(), clock).build();
                Keyward metered = Fixtures.keyward(new InMemoryStore(), clock)
                        .observer(KeywardMetrics.of(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))).build()) {
            RequestHeaders plainKey = key(plain);
            RequestHeaders meteredKey = key(metered);
            // Both warm, both compiled: the two share every class but the observer.
            for (int i = 0; i < 3; i++) {
                bytesPerVerification(threads, plain, plainKey);
                bytesPerVerification(threads, metered, meteredKey);
            }

            // The least of five rounds each, taken in turn: a round during which the JIT recompiles a method runs
            // code that allocates what the compiled code does not (a clean CI run once read 2.9 bytes so).
            double without = Double.MAX_VALUE;
            double with = Double.MAX_VALUE;
            for (int round = 0; round < 5; round++) {
                without = Math.min(without, bytesPerVerification(threads, plain, plainKey));
                with = Math.min(with, bytesPerVerification(threads, metered, meteredKey));
            }

            assertThat(with - without).as("bytes per verification with meters (%.1f) minus without (%.1f)", with,
                    without).isLessThan(2.0);
        }
    }

    /**
     * Refused introspections and revocations are counted as management actions, as fast as callers send them:
     * after the first of a kind, counting one looks nothing up and makes no garbage.
     */
    @Test
    void floodOfOneManagementOutcomeAllocatesNothingAfterTheFirst() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "the JVM counts allocations per thread");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        KeywardMetrics metrics = KeywardMetrics.of(registry);
        long thread = Thread.currentThread().getId();
        double perCall = Double.MAX_VALUE;
        for (int round = 0; round < 4; round++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < ROUNDS; i++) {
                metrics.managementAction(AuditAction.INTROSPECT_TOKEN, AuditOutcome.REFUSED, AuditCode.INVALID_CREDENTIALS, null);
            }
            perCall = (threads.getThreadAllocatedBytes(thread) - before) / (double) ROUNDS;
        }

        assertThat(perCall).as("bytes per refused introspection counted").isLessThan(2.0);
        assertThat(registry.get("keyward.management").tags("action", "INTROSPECT_TOKEN", "outcome", "REFUSED", "code",
                "INVALID_CREDENTIALS").counter().count()).isEqualTo(4.0 * ROUNDS);
    }

    private static RequestHeaders key(Keyward keyward) {
        return RequestHeaders.of("Accesskey", keyward.connections().create(ADMIN, ACME, "Reporting",
                AuthenticationType.ACCESS_KEY).secret().reveal());
    }

    private static double bytesPerVerification(com.sun.management.ThreadMXBean threads, Keyward keyward,
            RequestHeaders headers) {
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        int granted = 0;
        for (int i = 0; i < ROUNDS; i++) {
            granted += keyward.authenticator().authenticate(headers, ApiFamily.REST).granted() ? 1 : 0;
        }
        long after = threads.getThreadAllocatedBytes(thread);
        assertThat(granted).isEqualTo(ROUNDS);
        return (after - before) / (double) ROUNDS;
    }
}
