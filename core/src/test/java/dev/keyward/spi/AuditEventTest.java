package dev.keyward.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditEventTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void eventMadeWithoutAnActorKindSaysNone() {
        AuditEvent event = new AuditEvent(AT, AuditAction.CREATE_CONNECTION, AuditOutcome.SUCCESS, "alice", null, null,
                null, null);

        assertThat(event.actorId()).isEqualTo("alice");
        assertThat(event.actorKind()).isNull();
    }

    @Test
    void actorKindWithoutAnActorIdIsRefused() {
        assertThatThrownBy(() -> new AuditEvent(AT, AuditAction.CREATE_CONNECTION, AuditOutcome.SUCCESS, null, null,
                null, null, null, AuditActorKind.USER)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an actor kind (USER) needs an actor id");
    }
}
