package dev.keyward.benchmarks;

import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationResult;
import dev.keyward.ConnectionId;
import dev.keyward.Keyward;
import dev.keyward.OrganizationId;
import dev.keyward.RequestHeaders;
import dev.keyward.TokenResponse;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.StoredToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
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

/**
 * Bearer tokens without Argon2: issuing one to a client whose secret is remembered, beside its floor
 * — one in-memory store insert of a token plus one SHA-256 — and a token's cold check (the cache
 * off: one store read and one SHA-256) beside one SHA-256. On the in-memory store.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class Tokens {

    private Keyward keyward;
    private RequestHeaders tokenRequest;
    private Keyward cold;
    private RequestHeaders bearer;
    private InMemoryStore floorStore;
    private OrganizationId floorOrganization;
    private ConnectionId floorConnection;
    private MessageDigest sha256;
    private String token;
    private long issued;

    @Setup(Level.Trial)
    public void setUp() throws NoSuchAlgorithmException {
        InMemoryStore store = new InMemoryStore();
        keyward = Keyward.builder().store(store).build();
        tokenRequest = Setups.tokenRequest(keyward, "issuing");
        token = Setups.bearerToken(keyward, tokenRequest);
        cold = Keyward.builder().store(store).cacheMaximumSize(0).build();
        bearer = RequestHeaders.of("Authorization", "Bearer " + token);
        floorStore = new InMemoryStore();
        Keyward floorKeyward = Keyward.builder().store(floorStore).build();
        floorOrganization = OrganizationId.of("floor");
        Setups.tokenRequest(floorKeyward, "floor");
        floorConnection = floorStore.listConnections(floorOrganization).get(0).connection().id();
        sha256 = MessageDigest.getInstance("SHA-256");
    }

    /** The client's secret is remembered; the token is digested and stored. Expired tokens are purged as it goes. */
    @Benchmark
    public TokenResponse issueToken() {
        TokenResponse response = keyward.tokenEndpoint().handle("POST", tokenRequest, Setups.FORM);
        if (response.status() != 200) {
            throw new IllegalStateException("token refused: " + response.status());
        }
        return response;
    }

    /** One SHA-256 of a token and one in-memory insert of a token row: what issuing cannot do without. */
    @Benchmark
    public byte[] issueFloor() {
        byte[] digest = sha256.digest(token.getBytes(StandardCharsets.US_ASCII));
        Instant now = Instant.now();
        StoredToken row = StoredToken.builder().lookupId(String.format("F%011d", issued++))
                .organizationId(floorOrganization).connectionId(floorConnection).tokenHash("$sha256$floor")
                .issuedAt(now).expiresAt(now.plus(Duration.ofDays(1))).build();
        floorStore.inOrganization(floorOrganization, tx -> {
            tx.insertToken(row);
            return null;
        });
        return digest;
    }

    /** With the cache off every check is cold: one store read (token and connection) and one SHA-256. */
    @Benchmark
    public AuthenticationResult bearerCold() {
        AuthenticationResult result = cold.authenticator().authenticate(bearer, ApiFamily.REST);
        if (!result.granted()) {
            throw new IllegalStateException("cold token check denied: " + result);
        }
        return result;
    }

    @Benchmark
    public byte[] sha256Floor() {
        return sha256.digest(token.getBytes(StandardCharsets.US_ASCII));
    }
}
