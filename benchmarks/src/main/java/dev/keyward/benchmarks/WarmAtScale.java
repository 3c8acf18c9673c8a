package dev.keyward.benchmarks;

import dev.keyward.ApiFamily;
import dev.keyward.Argon2Parameters;
import dev.keyward.AuthenticationResult;
import dev.keyward.Keyward;
import dev.keyward.RequestHeaders;
import dev.keyward.memory.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
 * The warm path as a busy node meets it: many credentials remembered, each request for another one, in an
 * order no cache line predicts. {@link WarmVerification} asks for one key again and again, whose entry, shared
 * connection and allowance never leave the processor's cache; here each request may find them in main memory.
 * The floor is the same: one HMAC-SHA256 of the header value, over the same values in the same order, so it
 * meets the same spread of memory for its input (each value's bytes; the verification meets each value's
 * text, one object more).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class WarmAtScale {

    /** How many access keys the node remembers, each of an organization of its own. */
    @Param({"10000", "100000"})
    public int remembered;

    private Keyward keyward;
    private RequestHeaders[] requests;
    private byte[][] values;
    private String[] keys;
    /** The keys in the order they are asked for: every one once a round, shuffled. */
    private int[] order;
    private int next;
    private Mac mac;
    private final SteppedClock clock = new SteppedClock();

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        // The cheapest Argon2 there is, so that remembering this many keys takes seconds, not an hour: the
        // warm path runs none, whatever the parameters.
        keyward = Keyward.builder().store(new InMemoryStore()).argon2(new Argon2Parameters(8, 1, 1))
                .cacheMaximumSize(remembered + 1_000).revocationCheckInterval(Duration.ofHours(1)).clock(clock)
                .build();
        requests = new RequestHeaders[remembered];
        values = new byte[remembered][];
        keys = new String[remembered];
        for (int i = 0; i < remembered; i++) {
            String key = Setups.accessKey(keyward, "organization-" + i);
            requests[i] = RequestHeaders.of("Accesskey", key);
            values[i] = key.getBytes(StandardCharsets.US_ASCII);
            keys[i] = key;
            WarmVerification.require(keyward.authenticator().authenticate(requests[i], ApiFamily.REST).granted(),
                    "key " + i + " granted");
        }
        order = new int[remembered];
        for (int i = 0; i < remembered; i++) {
            order[i] = i;
        }
        Random shuffle = new Random(42);
        for (int i = remembered - 1; i > 0; i--) {
            int j = shuffle.nextInt(i + 1);
            int kept = order[i];
            order[i] = order[j];
            order[j] = kept;
        }
        mac = Mac.getInstance("HmacSHA256");
        byte[] macKey = new byte[32];
        new SecureRandom().nextBytes(macKey);
        mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
    }

    private int nextIndex() {
        int index = order[next];
        next = next + 1 == order.length ? 0 : next + 1;
        return index;
    }

    @Benchmark
    public AuthenticationResult warmAccessKeySpread() {
        return keyward.authenticator().authenticate(requests[nextIndex()], ApiFamily.REST);
    }

    /**
     * The same keys in the same order, each request's headers made as it arrives, as a host's adapter makes them
     * over the request it serves (the servlet adapter's are a view of the servlet request), rather than kept
     * made in advance: {@link #warmAccessKeySpread} meets in main memory, before any work of Keyward's, each of
     * a hundred thousand header maps made in advance, which no server keeps. The key's text is still met there.
     */
    @Benchmark
    public AuthenticationResult warmAccessKeyNewHeaders() {
        String key = keys[nextIndex()];
        RequestHeaders headers = name -> name.equalsIgnoreCase("Accesskey") ? List.of(key) : List.of();
        return keyward.authenticator().authenticate(headers, ApiFamily.REST);
    }

    /**
     * As {@link #warmAccessKeyNewHeaders}, each key used less than once a second: the node's clock moves 1,001 ms
     * on once a round (before the round's last key), so the cache's eviction policy hears of every hit, as on a
     * node whose many keys are each used now and then. In the other two, each key is used ten times a second
     * or more (about ten with 100,000 keys, hundreds with 10,000), and the policy hears of one of its hits a
     * second. The moved clock also has each connection's last use noted once a minute of it, a little more
     * work than a node whose keys are used this seldom in real time does; and should a run move the clock past
     * the hour after which a remembered key is read again (10,000 keys at under 250 ns a request), each key is
     * read again from the in-memory store once an hour of it, one read in 3,600 uses.
     */
    @Benchmark
    public AuthenticationResult warmAccessKeyNewHeadersSeldom() {
        String key = keys[nextIndex()];
        if (next == 0) {
            clock.nextSecond();
        }
        RequestHeaders headers = name -> name.equalsIgnoreCase("Accesskey") ? List.of(key) : List.of();
        return keyward.authenticator().authenticate(headers, ApiFamily.REST);
    }

    /** The system clock, moved on a second more at each {@link #nextSecond()}. */
    static final class SteppedClock extends Clock {
        private volatile long offsetMillis;

        void nextSecond() {
            offsetMillis += 1_001;
        }

        @Override
        public long millis() {
            return System.currentTimeMillis() + offsetMillis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @Benchmark
    public byte[] hmacFloorSpread() {
        return mac.doFinal(values[nextIndex()]);
    }
}
