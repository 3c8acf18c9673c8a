package dev.keyward.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.AuthenticationType;
import dev.keyward.ConnectionId;
import dev.keyward.OrganizationId;
import dev.keyward.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.event.Level;
import org.slf4j.helpers.MessageFormatter;

@DisplayName("The default audit listener summarises floods of identical denials")
class Slf4jAuditListenerTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AuditListener listener = new Slf4jAuditListener(Duration.ofSeconds(10),
            (level, format, arguments) -> lines.add(level + " " + MessageFormatter.arrayFormat(format, arguments)
                    .getMessage()));

    AuditEvent denial(AuditCode code) {
        return new AuditEvent(clock.instant(), AuditAction.VERIFY_REQUEST, AuditOutcome.REFUSED, null, null, null,
                null, code);
    }

    AuditEvent management(AuditOutcome outcome) {
        return new AuditEvent(clock.instant(), AuditAction.CREATE_CONNECTION, outcome, "alice",
                OrganizationId.of("acme"), ConnectionId.of("c1"), AuthenticationType.ACCESS_KEY,
                outcome == AuditOutcome.SUCCESS ? null : AuditCode.NAME_TAKEN, AuditActorKind.USER);
    }

    @Test
    void floodOfOneCodeWritesItsFirstDenialThenOneSummaryLine() {
        for (int i = 0; i < 1_000; i++) {
            listener.onEvent(denial(AuditCode.INVALID_CREDENTIALS));
            clock.advance(Duration.ofMillis(5));
        }
        assertThat(lines).hasSize(1).first().asString().startsWith("WARN action=VERIFY_REQUEST outcome=REFUSED")
                .contains("code=INVALID_CREDENTIALS");

        clock.advance(Duration.ofSeconds(10));
        listener.onEvent(denial(AuditCode.INVALID_CREDENTIALS));

        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("WARN 999 more denials with code INVALID_CREDENTIALS in the 10.0 s after "
                + "2026-01-01T00:00:00Z");
        assertThat(lines.get(2)).contains("action=VERIFY_REQUEST").contains("at=2026-01-01T00:00:15Z");
    }

    @Test
    void eachCodeSummarisedOnItsOwn() {
        for (int i = 0; i < 10; i++) {
            listener.onEvent(denial(AuditCode.INVALID_CREDENTIALS));
            listener.onEvent(denial(AuditCode.MISSING_CREDENTIALS));
        }
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("code=INVALID_CREDENTIALS");
        assertThat(lines.get(1)).contains("code=MISSING_CREDENTIALS");
    }

    @Test
    void floodThatStopsIsReportedWithTheNextEventOfAnyKind() {
        for (int i = 0; i < 5; i++) {
            listener.onEvent(denial(AuditCode.OVERLOADED));
        }
        clock.advance(Duration.ofSeconds(11));

        listener.onEvent(management(AuditOutcome.SUCCESS));

        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("WARN 4 more denials with code OVERLOADED");
        assertThat(lines.get(2)).startsWith("INFO action=CREATE_CONNECTION outcome=SUCCESS actor=alice")
                .endsWith(" actorKind=USER");
    }

    @Test
    void everyManagementEventWrittenEvenWhenRepeated() {
        for (int i = 0; i < 50; i++) {
            listener.onEvent(management(AuditOutcome.REFUSED));
            listener.onEvent(management(AuditOutcome.SUCCESS));
        }

        assertThat(lines).hasSize(100);
        assertThat(lines.stream().filter(l -> l.startsWith("WARN action=CREATE_CONNECTION outcome=REFUSED"))).hasSize(50);
    }

    @Test
    void refusedTokenRequestsSummarisedAsDenials() {
        for (int i = 0; i < 20; i++) {
            listener.onEvent(new AuditEvent(clock.instant(), AuditAction.ISSUE_TOKEN, AuditOutcome.REFUSED, null, null,
                    null, null, AuditCode.INVALID_CREDENTIALS));
        }

        assertThat(lines).hasSize(1).first().asString().contains("action=ISSUE_TOKEN");
    }

    /** Three endpoints anyone can call: a flood of refused calls to each writes a line per code, not per call. */
    @ParameterizedTest
    @EnumSource(value = AuditAction.class, names = {"INTROSPECT_TOKEN", "REVOKE_TOKEN", "RECEIVE_LEAK_REPORT"})
    void refusedCallsOfOpenEndpointsSummarisedAsDenials(AuditAction action) {
        for (int i = 0; i < 300; i++) {
            listener.onEvent(new AuditEvent(clock.instant(), action, AuditOutcome.REFUSED, null, null, null, null,
                    AuditCode.INVALID_CREDENTIALS));
        }
        listener.onEvent(new AuditEvent(clock.instant(), action, AuditOutcome.SUCCESS, null, null, null, null, null));

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("action=" + action, "outcome=REFUSED");
        assertThat(lines.get(1)).contains("action=" + action, "outcome=SUCCESS");
    }

    /** An actor id with spaces or an equals sign is one quoted value: it cannot pose as fields of the line. */
    @Test
    void actorIdThatLooksLikeFieldsIsQuoted() {
        listener.onEvent(new AuditEvent(clock.instant(), AuditAction.CREATE_CONNECTION, AuditOutcome.SUCCESS,
                "alice org=victim connection=forged", OrganizationId.of("acme"), ConnectionId.of("c1"),
                AuthenticationType.ACCESS_KEY, null));
        listener.onEvent(new AuditEvent(clock.instant(), AuditAction.CREATE_CONNECTION, AuditOutcome.SUCCESS,
                "say \"hi\" \\o/", OrganizationId.of("acme"), ConnectionId.of("c1"), AuthenticationType.ACCESS_KEY, null));

        assertThat(lines.get(0)).contains("actor=\"alice org=victim connection=forged\" org=acme connection=c1");
        assertThat(lines.get(1)).contains("actor=\"say \\\"hi\\\" \\\\o/\" org=acme");
        assertThat(Slf4jAuditListener.quotedIfNeeded("alice")).isEqualTo("alice");
        assertThat(Slf4jAuditListener.quotedIfNeeded("José Müller")).isEqualTo("\"José Müller\"");
    }

    @Test
    void zeroIntervalWritesEveryDenial() {
        List<String> all = new CopyOnWriteArrayList<>();
        AuditListener everyLine = new Slf4jAuditListener(Duration.ZERO, (level, format, arguments) -> all.add(format));
        for (int i = 0; i < 30; i++) {
            everyLine.onEvent(denial(AuditCode.INVALID_CREDENTIALS));
        }

        assertThat(all).hasSize(30);
    }

    @Test
    void negativeIntervalRefused() {
        assertThatThrownBy(() -> AuditListener.slf4j(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("summary interval");
    }

    @Test
    void defaultListenerLevels() {
        listener.onEvent(management(AuditOutcome.SUCCESS));
        listener.onEvent(denial(AuditCode.INVALID_CREDENTIALS));

        assertThat(lines).extracting(l -> l.substring(0, l.indexOf(' '))).containsExactly(Level.INFO.name(),
                Level.WARN.name());
    }
}
