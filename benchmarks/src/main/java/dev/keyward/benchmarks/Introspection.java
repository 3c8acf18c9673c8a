package dev.keyward.benchmarks;

import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationResult;
import dev.keyward.Keyward;
import dev.keyward.RequestHeaders;
import dev.keyward.TokenResponse;
import dev.keyward.memory.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
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
 * An API gateway introspecting a bearer token this node has verified before (RFC 7662 through the
 * public {@code IntrospectionEndpoint}: the form read, the gateway's Basic credentials checked, the
 * answer written as JSON) beside the warm verification of the same token through the
 * {@code RequestAuthenticator}, in the same run. The budget: introspection at most twice the warm
 * verification.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class Introspection {

    private static final String GATEWAY_ID = "gateway";
    private static final String GATEWAY_SECRET = "gateway-secret-0123456789";

    private Keyward keyward;
    private RequestHeaders bearer;
    private RequestHeaders gateway;
    private byte[] form;

    @Setup(Level.Trial)
    public void setUp() {
        keyward = Keyward.builder().store(new InMemoryStore()).revocationCheckInterval(Duration.ofHours(1))
                .introspectionClient(GATEWAY_ID, GATEWAY_SECRET).build();
        String token = Setups.bearerToken(keyward, Setups.tokenRequest(keyward, "globex"));
        bearer = RequestHeaders.of("Authorization", "Bearer " + token);
        String basic = Base64.getEncoder().encodeToString((GATEWAY_ID + ":" + GATEWAY_SECRET)
                .getBytes(StandardCharsets.US_ASCII));
        gateway = RequestHeaders.of("Authorization", "Basic " + basic,
                "Content-Type", "application/x-www-form-urlencoded");
        form = ("token=" + token + "&token_type_hint=access_token").getBytes(StandardCharsets.US_ASCII);
        TokenResponse answer = introspectWarmToken();
        WarmVerification.require(answer.status() == 200 && answer.body().startsWith("{\"active\":true"),
                "token active");
        WarmVerification.require(warmBearerToken().granted(), "bearer token granted");
    }

    @Benchmark
    public AuthenticationResult warmBearerToken() {
        return keyward.authenticator().authenticate(bearer, ApiFamily.REST);
    }

    @Benchmark
    public TokenResponse introspectWarmToken() {
        return keyward.introspectionEndpoint().handle("POST", gateway, form);
    }
}
