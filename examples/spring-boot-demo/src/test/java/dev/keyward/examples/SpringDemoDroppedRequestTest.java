package dev.keyward.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keyward.examples.spring.SpringDemo;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A request the Spring Boot demo drops because its body never arrived in full is the client's doing: it
 * is logged in one line, not as a failure of the server with a stack trace, so that clients sending slow
 * requests cannot fill the log with them.
 */
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

        assertThat(LOGGED.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        assertThat(LOGGED.list).filteredOn(e -> e.getThrowableProxy() != null)
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }
}
