package dev.keyward.examples.spring;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.coyote.Adapter;
import org.apache.coyote.Constants;
import org.apache.coyote.Processor;
import org.apache.coyote.Request;
import org.apache.coyote.Response;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.coyote.http11.Http11Processor;
import org.apache.tomcat.util.net.AbstractEndpoint.Handler.SocketState;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's HTTP/1.1 connector with a deadline for every request, as the JDK demo has: a request
 * has {@link #MAX_REQUEST_TIME} from its first byte to arrive in full, blank lines before it, line,
 * headers and body; past it, its connection is dropped.
 *
 * <p>Tomcat has no such setting. Its connection, keep-alive and upload timeouts each bound one
 * wait for a client's next bytes, counted afresh after every read: a client sending a byte every
 * few seconds would keep its request going for as long as it liked, holding one of the
 * {@code max-connections} slots while its headers come in, and a worker thread as well while its
 * body is read, or swallowed after the answer.
 *
 * <p>The time of a request's first byte is kept by connection, not by Tomcat's request: Tomcat
 * lets go of its request, and of the time it started, each time it has read only blank lines. It
 * is noted when a connection with none noted has bytes to read, or when a request that came with
 * the previous one is served, and forgotten when a request has ended, its body read or swallowed
 * and its answer sent.
 *
 * <p>The wait for a connection's next bytes is cut so that it ends at the request's deadline, never
 * before it and never later than the connection timeout would: when the request is handed to the
 * servlets, since Tomcat's blocking read of a body takes the read timeout once, when it starts;
 * and four times a second while the request is in progress. Tomcat's own handling of a read
 * timeout does the rest: a late body fails to read, is answered 408 (400 where it is read as form
 * parameters) and its connection closed; a body still being swallowed after the answer ends its
 * connection; a connection gone quiet before or inside its headers is closed. Bytes that keep coming before the end of the headers after the
 * deadline are dropped as they come (see {@link DeadlineProcessor#service}). Once a request has
 * arrived nothing is cut short, however long the server works on it: with nothing left to read, a
 * read timeout changes nothing. When a request ends, the connection's read timeout is the
 * connection timeout again, for the next request on it.
 *
 * <p>These are Tomcat's connector classes, not the servlet API, which Tomcat is given by class
 * name: a Tomcat upgrade may change them, and the demo contract's tests of slow requests are what
 * say this class still holds. Requests served asynchronously are not ended here: the demo has
 * none.
 */
public class RequestDeadlineProtocol extends Http11NioProtocol {

    /** As the JDK demo's {@code HttpServerSetup.MAX_REQUEST_TIME}. */
    static final Duration MAX_REQUEST_TIME = Duration.ofSeconds(5);

    private static final Duration CHECK_INTERVAL = Duration.ofMillis(250);

    // By connection, the System.nanoTime() of its request's first byte. Weak: Tomcat makes a socket
    // wrapper for each connection and drops it once closed. Its lock also orders a cut read timeout
    // against the end of its request, so that a cut meant for one request never outlives it.
    private final Map<SocketWrapperBase<?>, Long> firstBytes = Collections.synchronizedMap(new WeakHashMap<>());
    private ScheduledFuture<?> checks;

    @Override
    protected Processor createProcessor() {
        DeadlineAdapter adapter = new DeadlineAdapter(getAdapter());
        DeadlineProcessor processor = new DeadlineProcessor(adapter);
        adapter.processor = processor;
        return processor;
    }

    @Override
    public void start() throws Exception {
        super.start();
        long interval = CHECK_INTERVAL.toMillis();
        checks = getUtilityExecutor().scheduleWithFixedDelay(this::checkDeadlines, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws Exception {
        if (checks != null) {
            checks.cancel(false);
            checks = null;
        }
        super.stop();
    }

    /** The time of the first byte of the request on the connection, noted as now if none is noted. */
    private long firstByte(SocketWrapperBase<?> connection) {
        return firstBytes.computeIfAbsent(connection, c -> System.nanoTime());
    }

    private static long millisLeft(long firstByte) {
        return TimeUnit.NANOSECONDS.toMillis(firstByte + MAX_REQUEST_TIME.toNanos() - System.nanoTime());
    }

    private void checkDeadlines() {
        try {
            synchronized (firstBytes) {
                for (Iterator<Map.Entry<SocketWrapperBase<?>, Long>> i = firstBytes.entrySet().iterator(); i.hasNext();) {
                    Map.Entry<SocketWrapperBase<?>, Long> request = i.next();
                    if (request.getKey().isClosed()) {
                        i.remove();
                    } else {
                        waitUntilDeadline(request.getKey(), request.getValue());
                    }
                }
            }
        } catch (RuntimeException e) {
            // A task of the executor that throws is never run again.
            getLog().error("Could not check the deadlines of requests in progress", e);
        }
    }

    /**
     * Cuts the connection's read timeout so that the wait for its next bytes ends at the request's deadline.
     * Tomcat's poller times a wait from the connection's last read; a worker reading a body blocks, timing
     * each read from its own start. So the connection counts as read just now: had the poller ended the
     * wait before the worker's, the worker would not hear of bytes that came after.
     */
    private void waitUntilDeadline(SocketWrapperBase<?> connection, long firstByte) {
        if (!(connection instanceof NioEndpoint.NioSocketWrapper nio)) {
            return;
        }
        long allowed = millisLeft(firstByte);
        int connectionTimeout = getConnectionTimeout();
        if (connectionTimeout > 0) {
            allowed = Math.min(allowed, connectionTimeout);
        }
        nio.updateLastRead();
        nio.setReadTimeout(Math.max(allowed, 1));
    }

    /** Forgets the ended request's first byte and gives the connection's next request the connection timeout. */
    private void requestEnded(SocketWrapperBase<?> connection) {
        synchronized (firstBytes) {
            firstBytes.remove(connection);
            connection.setReadTimeout(Math.max(getConnectionTimeout(), 0));
        }
    }

    /** Tomcat's processor, keeping each request on its connection within its deadline. */
    final class DeadlineProcessor extends Http11Processor {

        DeadlineProcessor(Adapter adapter) {
            super(RequestDeadlineProtocol.this, adapter);
        }

        /**
         * Drops the connection when more bytes arrive after the deadline of the request they belong to. Tomcat's
         * poller looks for timed-out connections only when it wakes, and bytes arriving once a second can keep
         * it waking just as they arrive: a read timeout alone does not end such a request.
         */
        @Override
        public SocketState service(SocketWrapperBase<?> socketWrapper) throws IOException {
            if (millisLeft(firstByte(socketWrapper)) < 0) {
                return SocketState.CLOSED;
            }
            return super.service(socketWrapper);
        }

        /**
         * Also ends the request on the connection once Tomcat has ended it: Tomcat's loop over the requests of a
         * connection asks this, and only this, in stage KEEPALIVE, once a request's body has been read or
         * swallowed and its answer sent, before it reads the next.
         */
        @Override
        public boolean isAsync() {
            if (request.getRequestProcessor().getStage() == Constants.STAGE_KEEPALIVE && getSocketWrapper() != null) {
                requestEnded(getSocketWrapper());
            }
            return super.isAsync();
        }

        /** Cuts the wait for the body of the request about to be served to the time left to its deadline. */
        void serving() {
            SocketWrapperBase<?> connection = getSocketWrapper();
            synchronized (firstBytes) {
                // A request that came with the previous one has had none noted since that one ended.
                waitUntilDeadline(connection, firstByte(connection));
            }
        }
    }

    /** Tomcat's adapter to the servlets, telling the processor first that a request is about to be served. */
    private static final class DeadlineAdapter implements Adapter {

        private final Adapter servlets;
        private DeadlineProcessor processor;

        DeadlineAdapter(Adapter servlets) {
            this.servlets = servlets;
        }

        @Override
        public void service(Request req, Response res) throws Exception {
            processor.serving();
            servlets.service(req, res);
        }

        @Override
        public boolean prepare(Request req, Response res) throws Exception {
            return servlets.prepare(req, res);
        }

        @Override
        public boolean asyncDispatch(Request req, Response res, SocketEvent status) throws Exception {
            return servlets.asyncDispatch(req, res, status);
        }

        @Override
        public void log(Request req, Response res, long time) {
            servlets.log(req, res, time);
        }

        @Override
        public void checkRecycled(Request req, Response res) {
            servlets.checkRecycled(req, res);
        }

        @Override
        public String getDomain() {
            return servlets.getDomain();
        }
    }
}
