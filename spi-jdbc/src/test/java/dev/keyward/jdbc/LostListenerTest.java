package dev.keyward.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.spi.RevocationWatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A listener that can no longer deliver wake-ups stops claiming push at once, so the node reads the log at its poll
 * interval. A listener whose thread ends for good — here an {@link Error} from the wake-up it runs, as a driver running out
 * of memory would end it — no longer claims push: the node then polls the log at its poll interval instead of
 * waiting for wake-ups that never come, reading it only at its long safety interval.
 */
class LostListenerTest {

    @Test
    void listenerThreadEndedByAnErrorThenTheWatchSaysPoll() throws Exception {
        DataSource database = Databases.postgres("listener_end");
        JdbcStore.create(database).migrate();
        AtomicReference<Thread> listener = new AtomicReference<>();
        RevocationWatch watch = PostgresRevocationListener.start(database, database, () -> {
            listener.set(Thread.currentThread());
            throw new LinkageError("a wake-up that fails as a broken class path does");
        });
        try {
            assertThat(watch.mode()).isEqualTo(RevocationWatch.Mode.PUSH);

            try (Connection jdbc = database.getConnection();
                    PreparedStatement notify = jdbc.prepareStatement(RevocationChannel.NOTIFY)) {
                notify.setString(1, RevocationChannel.NAME);
                notify.setString(2, "1");
                notify.execute();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (listener.get() == null && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(listener.get()).as("the wake-up ran, and failed").isNotNull();
            listener.get().join(TimeUnit.SECONDS.toMillis(30));
            assertThat(listener.get().isAlive()).isFalse();

            // At once: the connection was heard from just now (the notification), so only the thread's end says it.
            assertThat(watch.mode()).as("after the listener's thread ended").isEqualTo(RevocationWatch.Mode.POLL);
        } finally {
            watch.close();
        }
    }

    /**
     * A listening connection cut without a word — no reset, nothing more heard, as when a peer or the network
     * between vanishes — stops being trusted within about a second, where the node trusted it for five seconds
     * of quiet plus a two-second check before, reading the log only at its long safety interval meanwhile.
     */
    @Test
    void listeningConnectionGoneSilentThenTheWatchSaysPollWithinASecondOrSo() throws Exception {
        DataSource database = Databases.postgres("listener_silent");
        JdbcStore.create(database).migrate();
        try (SilentProxy proxy = new SilentProxy(EmbeddedPostgresServer.port())) {
            DataSource direct = EmbeddedPostgresServer.throughPort(database, proxy.port());
            RevocationWatch watch = PostgresRevocationListener.start(direct, database, () -> { });
            try {
                assertThat(watch.mode()).isEqualTo(RevocationWatch.Mode.PUSH);

                proxy.silence();
                long silenced = System.nanoTime();
                long deadline = silenced + TimeUnit.SECONDS.toNanos(30);
                while (watch.mode() == RevocationWatch.Mode.PUSH && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - silenced);

                System.out.println("a silent listening connection stopped being trusted after " + millis + " ms");
                assertThat(watch.mode()).isEqualTo(RevocationWatch.Mode.POLL);
                assertThat(millis).as("ms until push is no longer claimed").isLessThan(2_500);

                // Nor claimed again while the check fails (2 s) and a new connection through the silence fails to
                // log in (2 s): watched without a pause, not for one instant.
                long watchedUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                boolean claimedAgain = false;
                while (System.nanoTime() < watchedUntil && !claimedAgain) {
                    claimedAgain = watch.mode() == RevocationWatch.Mode.PUSH;
                }
                assertThat(claimedAgain).as("push claimed again while nothing could be delivered").isFalse();
            } finally {
                watch.close();
            }
        }
    }
}
