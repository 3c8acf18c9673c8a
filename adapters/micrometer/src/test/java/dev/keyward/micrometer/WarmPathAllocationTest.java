package dev.keyward.micrometer;

import static dev.keyward.testing.Fixtures.ACME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationType;
import dev.keyward.internal.GuardedObserver;
import dev.keyward.spi.AuditAction;
import dev.keyward.spi.AuditCode;
import dev.keyward.spi.AuditOutcome;
import dev.keyward.spi.KeywardObserver;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The meters add no allocation to a warm verification: a flood of grants makes no garbage of theirs. */
class WarmPathAllocationTest {

    private static final int ROUNDS = 200_000;

    /**
     * What a warm verification tells the meters — a cache hit, a grant — through the guard every observer is
     * called through. Measured on those calls themselves: a verification measured whole with meters and without
     * differed by what the JIT inlined into it, once 19 bytes a call in a clean run, none of it the meters'.
     */
    @Test
    void warmVerificationsMetersAllocateNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "the JVM counts allocations per thread");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        KeywardObserver observer = GuardedObserver.of(KeywardMetrics.of(registry));
        long thread = Thread.currentThread().getId();
        double perCall = Double.MAX_VALUE;
        for (int round = 0; round < 4; round++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < ROUNDS; i++) {
                observer.cacheLookup(true);
                observer.granted(ApiFamily.REST, AuthenticationType.ACCESS_KEY, ACME);
            }
            perCall = (threads.getThreadAllocatedBytes(thread) - before) / (double) ROUNDS;
        }

        assertThat(perCall).as("bytes per warm verification told to the meters").isLessThan(2.0);
        assertThat(registry.get("keyward.verifications").tags("outcome", "granted", "family", "rest", "type",
                "access_key").counter().count()).isEqualTo(4.0 * ROUNDS);
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
}
