package dev.keyward.benchmarks;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationResult;
import dev.keyward.Keyward;
import dev.keyward.RequestHeaders;
import dev.keyward.memory.InMemoryStore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Cold verification — parse, one store read, one Argon2id verify at the default m=19456 KiB,
 * t=2, p=1 — beside one raw argon2-jvm verify of the same stored hash. The verification cache
 * is turned off ({@code cacheMaximumSize(0)}), so every invocation is cold; a counting store
 * proves it: one store read per verification.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class ColdVerification {

    private Keyward keyward;
    private CountingStore store;
    private RequestHeaders headers;
    private String accessKey;
    private String storedHash;
    private final Argon2 argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id, 16, 32);
    private long verifications;

    @Setup(Level.Trial)
    public void setUp() {
        store = new CountingStore(new InMemoryStore());
        keyward = Keyward.builder().store(store).cacheMaximumSize(0).build();
        accessKey = Setups.accessKey(keyward, "acme");
        headers = RequestHeaders.of("Accesskey", accessKey);
        storedHash = store.hashOf(accessKey);
        WarmVerification.require(argon2.verify(storedHash, accessKey.toCharArray()), "floor verifies");
        store.reads.set(0);
    }

    @TearDown(Level.Trial)
    public void checkCold(BenchmarkParams params) {
        if (params.getBenchmark().endsWith("coldAccessKey")) {
            WarmVerification.require(store.reads.get() == verifications, "one store read per verification");
        }
    }

    @Benchmark
    public boolean argon2JvmFloor() {
        return argon2.verify(storedHash, accessKey.toCharArray());
    }

    /** The floor of every management action that makes a secret: one Argon2id hash at the same parameters. */
    @Benchmark
    public String argon2HashFloor() {
        return argon2.hash(2, 19456, 1, accessKey.toCharArray());
    }

    @Benchmark
    public AuthenticationResult coldAccessKey() {
        AuthenticationResult result = keyward.authenticator().authenticate(headers, ApiFamily.REST);
        verifications++;
        if (!result.granted()) {
            throw new IllegalStateException("cold verification denied: " + result);
        }
        return result;
    }
}
