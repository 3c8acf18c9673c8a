package dev.keyward.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keyward.examples.spring.SpringDemo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.slf4j.LoggerFactory;

/**
 * A request the Spring Boot demo drops because its body never arrived in full, or an answer it cannot send
 * because the client stopped reading it or went away, is the client's doing: it is logged in one line, not as
 * a failure of the server with a stack trace, so that such clients cannot fill the log. Nor does the log
 * repeat a credential a client put in a path.
 */
@Isolated("Spring Boot resets the logging of the whole JVM when an application starts: another test starting"
        + " one meanwhile would take the appender off")
class SpringDemoDroppedRequestTest {

    @TempDir
    static Path dataDir;

    private static RunningDemo demo;
    private static final ListAppender<ILoggingEvent> LOGGED = new ListAppender<>();

    @BeforeAll
    static void start() {
        demo = SpringDemo.start(new DemoOptions("127.0.0.1", 0, null, null, null, dataDir));
        LOGGED.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(LOGGED);
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(LOGGED);
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void bodyThatNeverArrivesIsDroppedWithoutAnErrorOrStackTraceLogged() throws Exception {
        String start = "{\"name\":\"Never finished";
        String cutShort = "POST /admin/orgs/acme/connections HTTP/1.1\r\nHost: localhost\r\nX-Actor: admin\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + (start.length() + 100) + "\r\n\r\n" + start;
        for (int i = 0; i < 3; i++) {
            try (RawConnection connection = new RawConnection(demo.uri())) {
                connection.write(cutShort);
                assertThat(connection.closedByServerWithin(Duration.ofSeconds(15))).isTrue();
            }
        }

        assertThat(logged()).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(line -> line.startsWith("POST /admin/orgs/acme/connections: the client went away"));
        assertThat(logged()).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        assertThat(logged()).filteredOn(e -> e.getThrowableProxy() != null)
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }

    @Test
    void answerTheClientStopsReadingOrResetsIsLoggedInOneLine() throws Exception {
        // The console's script, its largest answer, a thousand times on one connection: far more than the
        // sockets' buffers hold.
        String script = "GET /console.js HTTP/1.1\r\nHost: localhost\r\n\r\n".repeat(1_000);
        try (RawConnection stalled = new RawConnection(demo.uri(), 1024)) {
            stalled.write(script);
            assertThat(stalled.droppedByServerWhileUnreadBefore(System.nanoTime() + Duration.ofSeconds(15).toNanos()))
                    .isTrue();
        }
        RawConnection killed = new RawConnection(demo.uri(), 1024);
        killed.write(script);
        killed.reset();

        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (clientDoingLines() < 2 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // polling for the lines, not a wait for time
        }
        assertThat(clientDoingLines()).isEqualTo(2);
        assertThat(logged()).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        assertThat(logged()).filteredOn(e -> e.getThrowableProxy() != null)
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }

    /**
     * A key a character too many, in a path: refused where a management call gets it, left out of Spring's own
     * line for a path no route has, and cut out of the demo's line for a request whose body never came.
     */
    @Test
    void credentialInAPathIsNotRepeatedInTheLog() throws Exception {
        String json = "{\"name\":\"Logged\",\"authenticationType\":\"ACCESS_KEY\"}";
        String key;
        try (RawConnection connection = new RawConnection(demo.uri())) {
            RawConnection.Answer created = connection.exchange("POST /admin/orgs/logs/connections HTTP/1.1\r\n"
                    + "Host: localhost\r\nX-Actor: admin\r\nContent-Type: application/json\r\nContent-Length: "
                    + json.length() + "\r\n\r\n" + json);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            key = JsonBodies.JSON.readTree(created.body()).get("accessKey").asText();
            assertThat(connection.exchange("GET /v1/" + key + " HTTP/1.1\r\nHost: localhost\r\n\r\n").status())
                    .isEqualTo(404);
            assertThat(connection.exchange("GET /admin/orgs/logs/connections/" + key + "x HTTP/1.1\r\n"
                    + "Host: localhost\r\nX-Actor: admin\r\n\r\n").status()).isEqualTo(400);
        }
        String path = "/admin/orgs/logs/connections/" + key + "x/regenerate";
        try (RawConnection connection = new RawConnection(demo.uri())) {
            connection.write("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Actor: admin\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"gracePeriodSeconds\"");
            assertThat(connection.closedByServerWithin(Duration.ofSeconds(15))).isTrue();
        }

        String body = key.substring(5);
        assertThat(logged()).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(line -> line.startsWith("POST /admin/orgs/logs/connections/kwak_[redacted]/regenerate:"))
                .noneMatch(line -> line.contains(body.substring(0, 20)) || line.contains(body.substring(20)));
    }

    /** The lines logged as the client's doing when an answer could not be sent. */
    private static long clientDoingLines() {
        return logged().stream().filter(e -> e.getLevel() == Level.INFO
                && e.getFormattedMessage().startsWith("GET /console.js: the client went away")).count();
    }

    private static List<ILoggingEvent> logged() {
        synchronized (LOGGED) {
            // The appender adds under its own lock, from Tomcat's threads.
            return List.copyOf(LOGGED.list);
        }
    }
}
