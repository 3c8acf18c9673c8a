package dev.keyward.examples.spring;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.coyote.Adapter;
import org.apache.coyote.Constants;
import org.apache.coyote.Processor;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.coyote.http11.Http11Processor;
import org.apache.tomcat.util.net.AbstractEndpoint.Handler.SocketState;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's HTTP/1.1 connector with a deadline for every request, as the JDK demo has: a request
 * has {@link #MAX_REQUEST_TIME} from its first byte to arrive in full, line, headers and body;
 * past it, its connection is dropped.
 *
 * <p>Tomcat has no such setting. Its connection, keep-alive and upload timeouts each bound one
 * wait for a client's next bytes, counted afresh after every read: a client sending a byte every
 * few seconds would keep its request going for as long as it liked, holding one of the
 * {@code max-connections} slots while its headers come in, and a worker thread as well while its
 * body is read, or swallowed after the answer.
 *
 * <p>Four times a second, each connection whose request is still coming in has its read timeout
 * cut so that the wait for its next bytes ends at the request's deadline, never before it and
 * never later than the connection timeout would. Tomcat's own handling of a read timeout does the
 * rest: a late body fails to read, is answered 408 and its connection closed; a body still being
 * swallowed after the answer ends its connection; a connection gone quiet inside its headers is
 * closed. Headers that keep coming after the deadline are dropped as they come (see
 * {@link DeadlineProcessor#service}). Once a request has arrived nothing is cut short, however
 * long the server works on it: with nothing left to read, a read timeout changes nothing (at
 * most, a kept-alive connection whose answer came after the deadline may then be closed).
 *
 * <p>Tomcat's processors know a request's start and stage and which connection they serve, but
 * show the connection only to a subclass: hence a protocol of the demo's own, which Tomcat is
 * given by class name, making processors that show it. A connection's read timeout is public.
 * These are Tomcat's connector classes, not the servlet API: a Tomcat upgrade may change them,
 * and the demo contract's tests of slow requests are what say this class still holds.
 */
public class RequestDeadlineProtocol extends Http11NioProtocol {

    /** As the JDK demo's {@code HttpServerSetup.MAX_REQUEST_TIME}. */
    static final Duration MAX_REQUEST_TIME = Duration.ofSeconds(5);

    private static final Duration CHECK_INTERVAL = Duration.ofMillis(250);

    // Weak: Tomcat drops processors its cache has no room for, and so does this set.
    private final Set<DeadlineProcessor> processors = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));
    private ScheduledFuture<?> checks;

    @Override
    protected Processor createProcessor() {
        DeadlineProcessor processor = new DeadlineProcessor(this, getAdapter());
        processors.add(processor);
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

    private void checkDeadlines() {
        List<DeadlineProcessor> current;
        synchronized (processors) {
            current = List.copyOf(processors);
        }
        try {
            for (DeadlineProcessor processor : current) {
                processor.keepReadsWithinDeadline(getConnectionTimeout());
            }
        } catch (RuntimeException e) {
            // A task of the executor that throws is never run again.
            getLog().error("Could not check the deadlines of requests in progress", e);
        }
    }

    /** Tomcat's processor, saying which connection it serves. */
    static final class DeadlineProcessor extends Http11Processor {

        DeadlineProcessor(AbstractHttp11Protocol<?> protocol, Adapter adapter) {
            super(protocol, adapter);
        }

        /**
         * Drops the connection when more of a request's line and headers arrive after its deadline. Tomcat's
         * poller looks for timed-out connections only when it wakes, and bytes arriving once a second can
         * keep it waking just as they arrive: a read timeout alone does not end such a request.
         */
        @Override
        public SocketState service(SocketWrapperBase<?> socketWrapper) throws IOException {
            // Between requests the start is unset: here it is set only while a request is part read.
            long started = request.getStartTimeNanos();
            if (started != -1 && System.nanoTime() - started > MAX_REQUEST_TIME.toNanos()) {
                return SocketState.CLOSED;
            }
            return super.service(socketWrapper);
        }

        /**
         * If a request is coming in on this processor's connection, cuts the connection's read timeout so
         * that the wait for its next bytes ends at the request's deadline. Runs beside the thread that
         * serves the connection, reading what that thread writes without a lock: a value a moment stale
         * moves the end by one check at most.
         */
        void keepReadsWithinDeadline(int connectionTimeout) {
            long started = request.getStartTimeNanos();
            int stage = request.getRequestProcessor().getStage();
            // The start read again after the stage: if it changed, the stage may be another request's.
            if (started == -1 || request.getStartTimeNanos() != started
                    || !(getSocketWrapper() instanceof NioEndpoint.NioSocketWrapper connection)) {
                return;
            }
            long left = TimeUnit.NANOSECONDS.toMillis(started + MAX_REQUEST_TIME.toNanos() - System.nanoTime());
            long allowed;
            switch (stage) {
                // Line and headers, read without blocking as bytes come (a processor waiting for the rest of
                // them is in stage ENDED, one reading a kept-alive connection's next request in KEEPALIVE):
                // the poller times the wait from the last read.
                case Constants.STAGE_PARSE, Constants.STAGE_KEEPALIVE, Constants.STAGE_ENDED ->
                        allowed = left + System.currentTimeMillis() - connection.getLastRead();
                // The body, read by a worker that blocks, each read timed from its own start. The poller
                // watches that read too, timing it from the last byte; had it ended the wait before the
                // deadline, the worker would not hear of bytes that came after. So the connection counts
                // as read just now.
                case Constants.STAGE_PREPARE, Constants.STAGE_SERVICE, Constants.STAGE_ENDINPUT -> {
                    connection.updateLastRead();
                    allowed = left;
                }
                // The request has arrived; the answer is being finished.
                default -> {
                    return;
                }
            }
            if (connectionTimeout > 0) {
                allowed = Math.min(allowed, connectionTimeout);
            }
            connection.setReadTimeout(Math.max(allowed, 1));
        }
    }
}
