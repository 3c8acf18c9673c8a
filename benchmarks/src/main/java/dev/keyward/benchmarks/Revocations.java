package dev.keyward.benchmarks;

import dev.keyward.Keyward;
import dev.keyward.OrganizationId;
import dev.keyward.RequestHeaders;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.Revocation;
import dev.keyward.spi.StoredConnection;
import java.time.Instant;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a revocation made elsewhere costs a node that remembers many credentials: one record of a connection
 * revoked (as a regeneration, a deletion or a leak report on another node writes it) is appended to the
 * in-memory store's log, which wakes every node on the committing thread, so the call measured includes the
 * node reading the record and ceasing to trust what it remembers of that connection. The node remembers no
 * credential, or 100,000 bearer tokens of other connections (its cache's default size): a revocation
 * concerns one connection, and what the node remembers of others must not make it dearer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class Revocations {

    private static final int TOKENS_PER_CONNECTION = 1_000;

    @Param({"0", "100000"})
    public int remembered;

    private InMemoryStore store;
    private Keyward node;
    private StoredConnection revoked;

    @Setup(Level.Trial)
    public void setUp() {
        store = new InMemoryStore();
        node = Keyward.builder().store(store).maxLiveTokens(TOKENS_PER_CONNECTION).build();
        for (int c = 0; c < remembered / TOKENS_PER_CONNECTION; c++) {
            RequestHeaders client = Setups.tokenRequest(node, "remembering-" + c);
            for (int t = 0; t < TOKENS_PER_CONNECTION; t++) {
                Setups.bearerToken(node, client); // remembered by the issuing node at once
            }
        }
        Setups.accessKey(node, "revoked");
        revoked = store.listConnections(OrganizationId.of("revoked")).get(0);
    }

    /**
     * Between iterations, outside the timing, the log's records so far are purged, as the nodes' follower
     * purges them once past their retention: so that the log's growth over a run, one record a call, is not
     * what is measured.
     */
    @Setup(Level.Iteration)
    public void purgeTheLog() {
        while (store.purgeRevocations(Instant.now().plusSeconds(3_600), 1_000_000) > 0) {
            // until only the latest record is left, which a purge never takes
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        node.close();
    }

    /** One connection revoked elsewhere, applied by this node before the committing call returns. */
    @Benchmark
    public long applyConnectionRevocation() {
        Revocation record = Revocation.builder().organizationId(revoked.connection().organizationId())
                .connectionId(revoked.connection().id()).connectionLookupId(revoked.lookupId())
                .revokedAt(Instant.now()).build();
        store.inOrganization(revoked.connection().organizationId(), tx -> {
            tx.recordRevocation(record);
            return null;
        });
        return node.revocationStatus().applied();
    }
}
