package dev.keyward.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.jdbc.ListeningNode.Kind;
import dev.keyward.jdbc.ListeningNode.Report;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link PushRevocationContract} with node B in a JVM of its own ({@link ListeningNode#main}): its own
 * Keyward, pool and listening connection on the same database; node A is the test's JVM. B watches for
 * each denial itself, verifying the credential in a loop from before A revokes, and reports the
 * {@link System#nanoTime()} at which it first saw the denial; the latency is that reading minus A's
 * {@code System.nanoTime()} right after its call returned, so no exchange between the JVMs is timed.
 * On Linux, {@code System.nanoTime()} reads {@code CLOCK_MONOTONIC}, one clock for every process of
 * the machine (B is started by the test, in its time namespace), so readings of the two JVMs compare;
 * the first test below checks it.
 */
class SeparateProcessesPushRevocationTest extends PushRevocationContract {

    private static final int CLOCK_READINGS = 100;

    private RemoteNode nodeB;

    @Override
    OtherNode startNodeB(DataSource database) throws IOException {
        NodeJvm jvm = NodeJvm.start(ListeningNode.class, NodeJvm.url(database));
        nodeB = new RemoteNode(jvm);
        assertThat(jvm.readLine()).as(jvm.toString()).isEqualTo("READY");
        return nodeB;
    }

    @Override
    String whereBRuns() {
        return "B in its own JVM";
    }

    @Test
    @DisplayName("the two JVMs read one clock: B's System.nanoTime() falls between A's readings before and after asking")
    void bothJvmsReadOneMonotonicClock() {
        for (int i = 0; i < CLOCK_READINGS; i++) {
            long before = System.nanoTime();
            long onB = nodeB.clock();
            long after = System.nanoTime();
            assertThat(onB).isBetween(before, after);
        }
    }

    /** Node B in its JVM, spoken to in the lines {@link ListeningNode} answers. */
    private static final class RemoteNode implements OtherNode {

        private final NodeJvm jvm;

        RemoteNode(NodeJvm jvm) {
            this.jvm = jvm;
        }

        @Override
        public long denialAfter(Kind kind, String credential, Runnable revoke, long timeoutMillis) {
            assertThat(ask("WATCH " + kind + " " + credential + " " + timeoutMillis)).as("B before the revocation")
                    .isEqualTo("WATCHING");
            try {
                revoke.run();
            } catch (RuntimeException | AssertionError e) {
                next(); // B's end of the watch, so that later answers are read in turn
                throw e;
            }
            long start = System.nanoTime();
            return nanoTimeIn(next(), "DENIED") - start;
        }

        @Override
        public long untilPush(long timeoutMillis) {
            long start = System.nanoTime();
            return nanoTimeIn(ask("PUSH " + timeoutMillis), "PUSH") - start;
        }

        @Override
        public Report report(long position) {
            return Report.parse(ask("REPORT " + position));
        }

        long clock() {
            return nanoTimeIn(ask("CLOCK"), "CLOCK");
        }

        /** Sends the command and returns B's answer. */
        private String ask(String command) {
            try {
                jvm.send(command);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return next();
        }

        private String next() {
            try {
                String answer = jvm.readLine();
                assertThat(answer).as("B's answer; " + jvm).isNotNull();
                return answer;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private long nanoTimeIn(String answer, String word) {
            assertThat(answer).as(jvm.toString()).startsWith(word + " ");
            return Long.parseLong(answer.substring(word.length() + 1));
        }

        @Override
        public void close() throws Exception {
            try {
                assertThat(jvm.awaitExit(30)).as(jvm.toString()).isZero();
            } finally {
                jvm.close();
            }
        }
    }
}
