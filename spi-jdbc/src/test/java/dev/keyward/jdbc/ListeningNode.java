package dev.keyward.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationResult;
import dev.keyward.Keyward;
import dev.keyward.RevocationStatus;
import dev.keyward.spi.KeywardObserver;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.Requests;
import dev.keyward.testing.Verification;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Node B of {@link PushRevocationContract}: a Keyward whose store reads and writes through a pool of
 * its own and listens for revocations on a connection of its own, counting the records of the
 * revocation log it applies, by kind. It runs in the test's JVM, or through {@link #main} in a JVM
 * of its own, where it answers the test's commands on standard input, one line each, on standard
 * output:
 * <ul>
 * <li>{@code WATCH <kind> <credential> <timeoutMillis>}: {@code NOT_GRANTED} if the credential of
 *     that {@link Kind} does not verify here; else {@code WATCHING}, then it verifies the credential
 *     again and again, 20 µs apart, until it is denied, and answers {@code DENIED <nanoTime>} with
 *     the {@link System#nanoTime()} read right after the first denial, or {@code TIMEOUT}.
 * <li>{@code PUSH <timeoutMillis>}: {@code PUSH <nanoTime>} as soon as revocations arrive by push,
 *     or {@code TIMEOUT}.
 * <li>{@code REPORT <position>}: the node's {@link Report}, once it has applied the log up to
 *     {@code position} (or after 5 s).
 * <li>{@code CLOCK}: {@code CLOCK <nanoTime>}.
 * </ul>
 * The argument of {@code main} is the database's URL. It prints {@code READY} once listening and
 * stops at the end of its input.
 */
public final class ListeningNode implements PushRevocationContract.OtherNode {

    /** What a credential sent to node B is. */
    enum Kind {
        ACCESS_KEY, BEARER_TOKEN
    }

    /**
     * What node B has applied of the revocation log since it started.
     *
     * @param delivery          how revocations reach it now
     * @param position          the sequence number of the last record applied
     * @param applied           how many records it applied
     * @param connectionRecords how many of them revoked every credential of a connection
     * @param tokenRecords      how many of them revoked one bearer token
     */
    record Report(RevocationStatus.Delivery delivery, long position, long applied, long connectionRecords,
            long tokenRecords) {

        String line() {
            return "REPORT " + delivery + " " + position + " " + applied + " " + connectionRecords + " "
                    + tokenRecords;
        }

        static Report parse(String line) {
            String[] fields = line.split(" ");
            assertThat(fields).as(line).hasSize(6).startsWith("REPORT");
            return new Report(RevocationStatus.Delivery.valueOf(fields[1]), Long.parseLong(fields[2]),
                    Long.parseLong(fields[3]), Long.parseLong(fields[4]), Long.parseLong(fields[5]));
        }
    }

    private static final long REPORT_WAIT_MILLIS = 5_000;

    private final HikariDataSource pool;
    private final Keyward node;
    private final Verification verification;
    private final AtomicLong connectionRecords = new AtomicLong();
    private final AtomicLong tokenRecords = new AtomicLong();

    /** A node on a pool over {@code database}, listening on a connection opened from {@code direct}. */
    ListeningNode(DataSource database, DataSource direct) {
        this(Databases.pool(database), direct);
    }

    /** A node on this pool, which it closes, listening on a connection opened from {@code direct}. */
    ListeningNode(HikariDataSource pool, DataSource direct) {
        this.pool = pool;
        JdbcStore store = JdbcStore.builder(pool).pushConnections(direct).build();
        node = Keyward.builder().store(store).argon2(Fixtures.CHEAP_ARGON2).observer(new KeywardObserver() {
            @Override
            public void revocationReceived(boolean token, long lagMillis) {
                (token ? tokenRecords : connectionRecords).incrementAndGet();
            }
        }).build();
        verification = new Verification(node);
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        try (ListeningNode node = new ListeningNode(NodeJvm.database(args[0]), NodeJvm.database(args[0]));
                BufferedReader commands = new BufferedReader(new InputStreamReader(System.in,
                        StandardCharsets.UTF_8))) {
            out.println("READY");
            out.flush();
            for (String command = commands.readLine(); command != null; command = commands.readLine()) {
                node.answer(command.split(" "), out);
                out.flush();
            }
        }
    }

    private void answer(String[] command, PrintStream out) {
        switch (command[0]) {
            case "WATCH" -> {
                Kind kind = Kind.valueOf(command[1]);
                if (!grants(kind, command[2])) {
                    out.println("NOT_GRANTED");
                    return;
                }
                out.println("WATCHING");
                out.flush();
                OptionalLong deniedAt = deniedAt(kind, command[2], deadline(command[3]));
                out.println(deniedAt.isPresent() ? "DENIED " + deniedAt.getAsLong() : "TIMEOUT");
            }
            case "PUSH" -> {
                OptionalLong pushing = pushingAt(deadline(command[1]));
                out.println(pushing.isPresent() ? "PUSH " + pushing.getAsLong() : "TIMEOUT");
            }
            case "REPORT" -> out.println(report(Long.parseLong(command[1])).line());
            case "CLOCK" -> out.println("CLOCK " + System.nanoTime());
            default -> out.println("UNKNOWN " + command[0]);
        }
    }

    private static long deadline(String timeoutMillis) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(timeoutMillis));
    }

    boolean grants(Kind kind, String credential) {
        return switch (kind) {
            case ACCESS_KEY -> node.authenticator().authenticate(Requests.accessKey(credential), ApiFamily.REST)
                    .granted();
            case BEARER_TOKEN -> verification.bearerVerifies(credential, ApiFamily.REST);
        };
    }

    /** The {@link System#nanoTime()} right after this node first denied the credential, unless the deadline came first. */
    OptionalLong deniedAt(Kind kind, String credential, long deadline) {
        return RevocationLatency.firstHeld(() -> !grants(kind, credential), deadline);
    }

    private OptionalLong pushingAt(long deadline) {
        return deliveringAt(RevocationStatus.Delivery.PUSH, deadline);
    }

    private OptionalLong deliveringAt(RevocationStatus.Delivery delivery, long deadline) {
        return RevocationLatency.firstHeld(() -> node.revocationStatus().delivery() == delivery, deadline);
    }

    /** Whether revocations reach this node by {@code delivery} within {@code timeoutMillis}. */
    boolean untilDelivery(RevocationStatus.Delivery delivery, long timeoutMillis) {
        return deliveringAt(delivery, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis)).isPresent();
    }

    /** The HTTP status this node answers a REST request bearing this access key with. */
    int accessKeyStatus(String accessKey) {
        AuthenticationResult result = node.authenticator().authenticate(Requests.accessKey(accessKey), ApiFamily.REST);
        return result instanceof AuthenticationResult.Denied denied ? denied.httpStatus() : 200;
    }

    @Override
    public long denialAfter(Kind kind, String credential, Runnable revoke, long timeoutMillis) {
        assertThat(grants(kind, credential)).as("granted on B before the revocation").isTrue();
        revoke.run();
        long start = System.nanoTime();
        long deniedAt = deniedAt(kind, credential, start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis))
                .orElseThrow(() -> new AssertionError("not denied on B within " + timeoutMillis + " ms"));
        return deniedAt - start;
    }

    @Override
    public long untilPush(long timeoutMillis) {
        long start = System.nanoTime();
        long pushing = pushingAt(start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis))
                .orElseThrow(() -> new AssertionError("B not listening again within " + timeoutMillis + " ms"));
        return pushing - start;
    }

    /** Waits until the log is applied up to {@code position} and every record applied is counted; then reports. */
    @Override
    public Report report(long position) {
        RevocationLatency.firstHeld(() -> {
            RevocationStatus status = node.revocationStatus();
            return status.position() >= position
                    && connectionRecords.get() + tokenRecords.get() == status.applied();
        }, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REPORT_WAIT_MILLIS));
        RevocationStatus status = node.revocationStatus();
        return new Report(status.delivery(), status.position(), status.applied(), connectionRecords.get(),
                tokenRecords.get());
    }

    @Override
    public void close() {
        node.close();
        pool.close();
    }
}
