package dev.keyward.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerationException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import org.apache.catalina.connector.ClientAbortException;
import org.junit.jupiter.api.Test;
import org.springframework.web.method.annotation.ExceptionHandlerMethodResolver;

/** Which of the demo's handlers answers a failure to read or write: the client's doing, or the server's. */
class DemoErrorsTest {

    private final ExceptionHandlerMethodResolver handlers = new ExceptionHandlerMethodResolver(DemoErrors.class);

    @Test
    void bodyReadPastItsDeadlineOrClientGoneIsTheClientsDoing() {
        assertThat(handlers.resolveMethod(new ClientAbortException(new SocketTimeoutException())).getName())
                .isEqualTo("notArrived");
    }

    @Test
    void requestTomcatCouldNotReadIsTheClientsDoing() {
        assertThat(handlers.resolveMethod(new org.apache.coyote.BadRequestException("bad chunk")).getName())
                .isEqualTo("unreadable");
    }

    @Test
    void answerThatCouldNotBeWrittenOrOtherInputOutputFailureIsTheServers() {
        assertThat(handlers.resolveMethod(new JsonGenerationException("no serializer", (Throwable) null)).getName())
                .isEqualTo("unexpected");
        assertThat(handlers.resolveMethod(new IOException("disk full")).getName()).isEqualTo("unexpected");
    }
}
