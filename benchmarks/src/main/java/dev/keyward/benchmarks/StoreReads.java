package dev.keyward.benchmarks;

import dev.keyward.Keyward;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.StoredConnection;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The store read of the cold path (one read by lookup id): the in-memory store and H2 in memory. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class StoreReads {

    @Param({"memory", "h2"})
    public String store;

    private KeywardStore backing;
    private String lookupId;

    @Setup(Level.Trial)
    public void setUp() {
        backing = store.equals("h2") ? Setups.h2Store() : new InMemoryStore();
        Keyward keyward = Keyward.builder().store(backing).build();
        lookupId = CountingStore.lookupId(Setups.accessKey(keyward, "acme"));
    }

    @Benchmark
    public Optional<StoredConnection> findConnectionByLookupId() {
        return backing.findConnectionByLookupId(lookupId);
    }
}
