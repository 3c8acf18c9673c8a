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

            double without = bytesPerVerification(threads, plain, plainKey);
            double with = bytesPerVerification(threads, metered, meteredKey);

            assertThat(with - without).as("bytes per verification with meters (%.1f) minus without (%.1f)", with,
                    without).isLessThan(2.0);
        }
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
