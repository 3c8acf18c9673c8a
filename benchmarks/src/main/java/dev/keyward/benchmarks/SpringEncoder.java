package dev.keyward.benchmarks;

import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationResult;
import dev.keyward.Keyward;
import dev.keyward.RequestHeaders;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.KeywardStore;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * What a Spring user reaches for: {@link Argon2PasswordEncoder} (Bouncy Castle, pure Java) at
 * Keyward's parameters — 16-byte salt, 32-byte hash, p=1, m=19456 KiB, t=2 — matching the very
 * hash Keyward stored. And the naive integration built on it: a filter that reads the header,
 * reads the row and runs the encoder on every request, with no cache. Its speed only settles
 * after about 12 s of warm-up, so the warm-up here is 14 s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 7, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class SpringEncoder {

    private final Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, 1, 19456, 2);
    private KeywardStore store;
    private RequestHeaders headers;
    private String accessKey;
    private String storedHash;

    @Setup(Level.Trial)
    public void setUp() {
        CountingStore counting = new CountingStore(new InMemoryStore());
        store = counting;
        Keyward keyward = Keyward.builder().store(store).build();
        accessKey = Setups.accessKey(keyward, "acme");
        headers = RequestHeaders.of("Accesskey", accessKey);
        storedHash = counting.hashOf(accessKey);
        AuthenticationResult granted = keyward.authenticator().authenticate(headers, ApiFamily.REST);
        WarmVerification.require(granted.granted() && encoder.matches(accessKey, storedHash),
                "Spring's encoder and Keyward agree on the stored hash");
    }

    @Benchmark
    public boolean springMatches() {
        return encoder.matches(accessKey, storedHash);
    }

    /** Headers in, one row read, one Argon2 verify: what every request costs without a cache. */
    @Benchmark
    public boolean naiveFilter() {
        List<String> values = headers.values("Accesskey");
        if (values.size() != 1) {
            return false;
        }
        String presented = values.get(0).strip();
        return presented.length() > 17
                && store.findConnectionByLookupId(CountingStore.lookupId(presented))
                        .map(row -> encoder.matches(presented, row.secretHash()))
                        .orElse(false);
    }
}
