package dev.keyward.benchmarks;

import dev.keyward.AuthenticationType;
import dev.keyward.Connection;
import dev.keyward.IssuedCredentials;
import dev.keyward.Keyward;
import dev.keyward.OrganizationId;
import dev.keyward.RequestHeaders;
import dev.keyward.TokenResponse;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.KeywardStore;
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

/**
 * Issuing a token and creating and regenerating a connection, each of which hashes one new
 * secret with Argon2id at the default parameters; their floor, one raw argon2-jvm hash, is
 * {@link ColdVerification#argon2HashFloor()}. On the in-memory store and on a JDBC store over
 * in-memory H2.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(2)
public class Management {

    @Param({"memory", "h2"})
    public String store;

    private Keyward keyward;
    private RequestHeaders tokenRequest;
    private OrganizationId regenerated;
    private Connection regeneratedConnection;
    private long organizations;

    @Setup(Level.Trial)
    public void setUp() {
        KeywardStore backing = store.equals("h2") ? Setups.h2Store() : new InMemoryStore();
        keyward = Keyward.builder().store(backing).build();
        tokenRequest = Setups.tokenRequest(keyward, "client");
        regenerated = OrganizationId.of("rotating");
        regeneratedConnection = keyward.connections()
                .create(Setups.SUPER, regenerated, "Rotating", AuthenticationType.ACCESS_KEY).connection();
    }

    /** Each invocation creates an Access Key connection in a new organization (one is allowed per organization). */
    @Benchmark
    public IssuedCredentials createConnection() {
        return keyward.connections().create(Setups.SUPER, OrganizationId.of("org-" + organizations++), "Reporting",
                AuthenticationType.ACCESS_KEY);
    }

    @Benchmark
    public IssuedCredentials regenerateConnection() {
        return keyward.connections().regenerate(Setups.SUPER, regenerated, regeneratedConnection.id());
    }

    /** The client's secret is verified warm; the new token is hashed and stored. */
    @Benchmark
    public TokenResponse issueToken() {
        TokenResponse response = keyward.tokenEndpoint().handle("POST", tokenRequest, Setups.FORM);
        if (response.status() != 200) {
            throw new IllegalStateException("token refused: " + response.status());
        }
        return response;
    }
}
