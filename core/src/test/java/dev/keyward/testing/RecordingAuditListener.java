package dev.keyward.testing;

import dev.keyward.spi.AuditAction;
import dev.keyward.spi.AuditEvent;
import dev.keyward.spi.AuditListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every audit event it receives, in order. Thread-safe. */
public final class RecordingAuditListener implements AuditListener {

    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(AuditEvent event) {
        events.add(event);
    }

    public List<AuditEvent> events() {
        return List.copyOf(events);
    }

    public List<AuditEvent> events(AuditAction action) {
        return events.stream().filter(e -> e.action() == action).toList();
    }

    public AuditEvent last() {
        return events.get(events.size() - 1);
    }
}
