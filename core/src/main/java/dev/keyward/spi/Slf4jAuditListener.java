package dev.keyward.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Writes audit events as key=value lines through SLF4J. Every management event gets its line. A
 * denied verification, or a refused token request, introspection, revocation or leak report (what anyone
 * can send, as fast as they like), gets one too, unless another with the same action,
 * outcome and code got one less than the summary interval earlier: then it is only counted, and the
 * count is written as one line — "N more denials with code X …" — with the first event after the
 * interval ended. So a flood of wrong credentials writes a few lines per code and interval, not one
 * per request. Times are the events' own, stamped by the instance's clock. Thread-safe.
 */
final class Slf4jAuditListener implements AuditListener {

    /** Where lines go: SLF4J, or a test's list. */
    interface Sink {
        void write(Level level, String format, Object... arguments);
    }

    private static final Logger LOG = LoggerFactory.getLogger("dev.keyward.audit");
    private static final Sink SLF4J = (level, format, arguments) -> LOG.atLevel(level).log(format, arguments);

    /** The summary interval of the listeners {@link AuditListener#slf4j()} returns. */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private record Kind(AuditAction action, AuditOutcome outcome, AuditCode code) {
    }

    /** The events of one kind counted since the last line written for it. */
    private static final class Window {
        Instant start;
        long suppressed;
    }

    private final long intervalMillis;
    private final Sink sink;
    private final ConcurrentMap<Kind, Window> windows = new ConcurrentHashMap<>();

    Slf4jAuditListener(Duration interval) {
        this(interval, SLF4J);
    }

    Slf4jAuditListener(Duration interval, Sink sink) {
        this.intervalMillis = Objects.requireNonNull(interval, "interval").toMillis();
        if (interval.isNegative()) {
            throw new IllegalArgumentException("summary interval must not be negative, was " + interval);
        }
        this.sink = sink;
    }

    @Override
    public void onEvent(AuditEvent e) {
        if (intervalMillis > 0) {
            closeEndedWindows(e.at());
            if (isDenial(e) && counted(e)) {
                return;
            }
        }
        Level level = e.outcome() == AuditOutcome.SUCCESS ? Level.INFO : Level.WARN;
        // actorKind last, so that the fields lines had before it keep their places for those who parse them.
        sink.write(level, "action={} outcome={} actor={} org={} connection={} type={} code={} at={} actorKind={}",
                e.action(), e.outcome(), quotedIfNeeded(e.actorId()), e.organizationId(), e.connectionId(),
                e.authenticationType(), e.code(), e.at(), e.actorKind());
    }

    /**
     * An actor id as a logfmt value: as it is when it is one word, else in double quotes with {@code "} and
     * {@code \\} escaped, so that an id such as {@code alice org=victim} reads as one value, not as fields of the
     * line. (Actor ids may hold spaces and any printable character; the other ids, which may not, are written as
     * they are.)
     */
    static String quotedIfNeeded(String value) {
        if (value == null || !value.isEmpty() && value.chars().noneMatch(c -> c == ' ' || c == '=' || c == '"'
                || c == '\\')) {
            return value;
        }
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * A refusal of what anyone can ask for, as fast as they like: a request's verification, a token, an
     * introspection, a revocation at the revocation endpoint, a leak report.
     */
    private static boolean isDenial(AuditEvent e) {
        return e.outcome() != AuditOutcome.SUCCESS && switch (e.action()) {
            case VERIFY_REQUEST, ISSUE_TOKEN, INTROSPECT_TOKEN, REVOKE_TOKEN, RECEIVE_LEAK_REPORT -> true;
            default -> false;
        };
    }

    /** Whether the event falls in an open window of its kind and was counted; else it opens one. */
    private boolean counted(AuditEvent e) {
        Window window = windows.computeIfAbsent(new Kind(e.action(), e.outcome(), e.code()), k -> new Window());
        synchronized (window) {
            if (window.start != null && ended(window, e.at()) && window.suppressed > 0) {
                summarise(e.action(), e.outcome(), e.code(), window);
            }
            if (window.start == null || ended(window, e.at())) {
                window.start = e.at();
                window.suppressed = 0;
                return false;
            }
            window.suppressed++;
            return true;
        }
    }

    /** Writes the counts of windows that have ended, so a flood that stops is still reported. */
    private void closeEndedWindows(Instant now) {
        windows.forEach((kind, window) -> {
            synchronized (window) {
                if (window.start != null && window.suppressed > 0 && ended(window, now)) {
                    summarise(kind.action(), kind.outcome(), kind.code(), window);
                    window.start = null;
                    window.suppressed = 0;
                }
            }
        });
    }

    private boolean ended(Window window, Instant now) {
        return now.toEpochMilli() - window.start.toEpochMilli() >= intervalMillis;
    }

    private void summarise(AuditAction action, AuditOutcome outcome, AuditCode code, Window window) {
        sink.write(Level.WARN, "{} more denials with code {} in the {} s after {} (action={} outcome={})",
                window.suppressed, code, intervalMillis / 1000.0, window.start, action, outcome);
        window.suppressed = 0;
    }

    @Override
    public String toString() {
        return "AuditListener.slf4j[summaryInterval=" + Duration.ofMillis(intervalMillis) + "]";
    }
}
