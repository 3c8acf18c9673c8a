package dev.keyward.examples;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Requests sent the way a client that means to hold the server's connections sends them: each on
 * a connection of its own, a start at once, then one more byte a second from a single thread,
 * never reaching the end. A byte is never sent faster than that, and a connection the server has
 * closed gets no more.
 */
final class Trickle implements AutoCloseable {

    private static final Duration PAUSE = Duration.ofSeconds(1);

    /** A request: what is sent at once, and the rest of it, sent a byte at a time. */
    record Request(String atOnce, String rest) {
    }

    private record Sender(RawConnection connection, byte[] rest) {
    }

    private final List<Sender> senders = new ArrayList<>();
    private final Thread thread = new Thread(this::run, "trickle");
    private volatile boolean running = true;
    private long started;

    /** Opens a connection for each request, sends what each sends at once and starts the trickle of the rest. */
    static Trickle start(URI server, List<Request> requests) throws IOException {
        Trickle trickle = new Trickle();
        try {
            for (Request request : requests) {
                trickle.senders.add(new Sender(new RawConnection(server), request.rest().getBytes(StandardCharsets.UTF_8)));
            }
            trickle.started = System.nanoTime();
            for (int i = 0; i < requests.size(); i++) {
                trickle.senders.get(i).connection().write(requests.get(i).atOnce());
            }
        } catch (IOException | RuntimeException e) {
            trickle.close();
            throw e;
        }
        trickle.thread.setDaemon(true);
        trickle.thread.start();
        return trickle;
    }

    /** Sends nothing for this long: a pause of the client's, what a test sends, not a wait for something. */
    static void pause(Duration pause) {
        long end = System.nanoTime() + pause.toNanos();
        for (long left = pause.toNanos(); left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** The time (of {@link System#nanoTime()}) just before the first byte of any request was sent. */
    long started() {
        return started;
    }

    List<RawConnection> connections() {
        return senders.stream().map(Sender::connection).toList();
    }

    private void run() {
        boolean[] dropped = new boolean[senders.size()];
        for (int i = 0; running; i++) {
            // The pause is what the test sends, not a wait for something to happen.
            long next = System.nanoTime() + PAUSE.toNanos();
            for (long left = PAUSE.toNanos(); running && left > 0; left = next - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
            for (int s = 0; s < senders.size() && running; s++) {
                dropped[s] = dropped[s] || !sent(senders.get(s), i);
            }
        }
    }

    /** Sends the byte at the index, if the request has one; false if the server has dropped the connection. */
    private static boolean sent(Sender sender, int index) {
        if (index >= sender.rest().length) {
            return true;
        }
        try {
            sender.connection().write(new byte[] {sender.rest()[index]});
            return true;
        } catch (IOException droppedByServer) {
            return false;
        }
    }

    private static void closeQuietly(RawConnection connection) {
        try {
            connection.close();
        } catch (IOException ignored) {
            // closing a socket already broken
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread.isAlive()) {
            LockSupport.unpark(thread);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        senders.forEach(sender -> closeQuietly(sender.connection()));
    }
}
