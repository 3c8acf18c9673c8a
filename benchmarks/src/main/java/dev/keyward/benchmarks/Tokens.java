package dev.keyward.benchmarks;

import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationResult;
import dev.keyward.ConnectionId;
import dev.keyward.Keyward;
import dev.keyward.OrganizationId;
import dev.keyward.RequestHeaders;
import dev.keyward.TokenResponse;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.KeywardStore;
import dev.keyward.spi.StoredToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Bearer tokens without Argon2: issuing one to a client whose secret is remembered, beside its floor
 * — one store insert of a token plus one SHA-256 — and a token's cold check (the cache
 * off: one store read and one SHA-256) beside one SHA-256. On the in-memory store, and on a JDBC store
 * over in-memory H2, where the insert is a database's.
 *
 * <p>Issuance is measured twice. Below the live-token cap ({@link #issueToken}), as a client whose tokens
 * expire meets it: between calls, outside the timing, the row of its oldest token is deleted, as the
 * store's purge deletes an expired token, so each call stores its token beside as many live tokens as the
 * floor keeps rows. At the cap ({@link #issueTokenAtTheCap}), as a client that asks for token after token
 * meets it: each call also revokes the oldest live token, on every node, through the revocation log. The
 * log keeps its records for ten minutes, so over a run at this rate it grows by one record a call, and
 * so does the collector's work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class Tokens {

    /** The issuing connection's cap of live tokens (the default), and the number of rows the floor keeps. */
    static final int LIVE_TOKENS = 10;
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

    @Param({"memory", "h2"})
    public String store;

    private Keyward cold;
    private RequestHeaders bearer;
    private MessageDigest sha256;
    private String token;

    @Setup(Level.Trial)
    public void setUp() throws NoSuchAlgorithmException {
        // The cold node has a store of its own, so that issuing wakes no second node's follower.
        cold = Keyward.builder().store(newStore(store)).cacheMaximumSize(0).build();
        token = Setups.bearerToken(cold, Setups.tokenRequest(cold, "cold"));
        bearer = RequestHeaders.of("Authorization", "Bearer " + token);
        sha256 = MessageDigest.getInstance("SHA-256");
    }

    private static KeywardStore newStore(String kind) {
        return kind.equals("h2") ? Setups.h2Store() : new InMemoryStore();
    }

    /**
     * Below the cap: the client's secret is remembered; the token is digested and stored beside the
     * connection's other live tokens, and remembered. Expired tokens are purged as it goes. Timed call by
     * call, as its floor is, the oldest live token's row deleted between calls.
     */
    @Benchmark
    public TokenResponse issueToken(BelowTheCap client) {
        return client.issue();
    }

    /**
     * At the cap: as {@link #issueToken}, and the connection being at its cap of live tokens, its oldest is
     * revoked in the same unit of work, through the revocation log, and forgotten on this node.
     */
    @Benchmark
    public TokenResponse issueTokenAtTheCap(AtTheCap client) {
        return client.issue();
    }

    /** An issuing node of its own, with one OAuth client whose secret it remembers, capped at {@link #LIVE_TOKENS}. */
    @State(Scope.Thread)
    public static class Client {
        Keyward keyward;
        KeywardStore store;
        RequestHeaders tokenRequest;
        OrganizationId organization;
        ConnectionId connection;

        @Setup(Level.Trial)
        public void setUp(BenchmarkParams params) {
            store = newStore(params.getParam("store"));
            keyward = Keyward.builder().store(store).maxLiveTokens(LIVE_TOKENS).build();
            organization = OrganizationId.of("issuing");
            tokenRequest = Setups.tokenRequest(keyward, organization.value());
            connection = store.listConnections(organization).get(0).connection().id();
            Setups.bearerToken(keyward, tokenRequest); // the client's secret is now remembered
        }

        /** One token request, which must be granted. */
        TokenResponse issue() {
            TokenResponse response = keyward.tokenEndpoint().handle("POST", tokenRequest, Setups.FORM);
            if (response.status() != 200) {
                throw new IllegalStateException("token refused: " + response.status());
            }
            return response;
        }
    }

    /** A client at its cap: nothing is done between calls, which JMH times one by one as it does the floor's. */
    @State(Scope.Thread)
    public static class AtTheCap extends Client {
        @Setup(Level.Invocation)
        public void between() {
            // Nothing to do between calls: present only so that JMH times each call, as it does the floor's.
        }
    }

    /**
     * A client below its cap: between calls, when the next token would meet the cap, the row of its oldest
     * live token is deleted, as an expired one is purged; no revocation is recorded.
     */
    @State(Scope.Thread)
    public static class BelowTheCap extends Client {
        @Setup(Level.Invocation)
        public void makeRoom() {
            store.inOrganization(organization, tx -> {
                List<StoredToken> live = tx.liveTokens(connection, Instant.now());
                if (live.size() >= LIVE_TOKENS) {
                    tx.deleteToken(live.get(0).lookupId());
                }
                return null;
            });
        }
    }

    /**
     * One SHA-256 of a token and one store insert of a token row holding it: what issuing cannot do
     * without. The floor's store keeps a steady number of rows, as the issuing store does at the cap: the
     * row inserted {@link #LIVE_TOKENS} insertions ago is deleted before each insertion, outside the measured
     * call, so the floor's connection keeps as many tokens as the issuing one. Each row has a token of its
     * own, as each issued token does.
     */
    @Benchmark
    public String issueFloor(Floor floor) {
        int slot = floor.next();
        String hash = "$sha256$" + BASE64.encodeToString(sha256.digest(floor.tokens[slot]));
        Instant now = Instant.now();
        StoredToken row = StoredToken.builder().lookupId(floor.ids[slot]).organizationId(floor.organization)
                .connectionId(floor.connection).tokenHash(hash).issuedAt(now).expiresAt(now.plus(Duration.ofDays(1)))
                .build();
        floor.store.inOrganization(floor.organization, tx -> {
            tx.insertToken(row);
            return null;
        });
        return hash;
    }

    /**
     * The floor's store, of the kind the benchmark's parameter names, with one connection, and the lookup ids
     * and tokens the floor inserts, reused in turn: the one to insert next is free again.
     */
    @State(Scope.Thread)
    public static class Floor {
        final String[] ids = new String[LIVE_TOKENS];
        final byte[][] tokens = new byte[LIVE_TOKENS][];
        KeywardStore store;
        OrganizationId organization;
        ConnectionId connection;
        private int next;

        @Setup(Level.Trial)
        public void setUp(BenchmarkParams params) {
            store = newStore(params.getParam("store"));
            organization = OrganizationId.of("floor");
            Setups.tokenRequest(Keyward.builder().store(store).build(), "floor");
            connection = store.listConnections(organization).get(0).connection().id();
            for (int i = 0; i < LIVE_TOKENS; i++) {
                ids[i] = String.format("F%011d", i);
                tokens[i] = String.format("kwfloor_%040d", i).getBytes(StandardCharsets.US_ASCII);
            }
        }

        @Setup(Level.Invocation)
        public void free() {
            String id = ids[next];
            store.inOrganization(organization, tx -> tx.deleteToken(id));
        }

        int next() {
            int slot = next;
            next = (next + 1) % LIVE_TOKENS;
            return slot;
        }
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
