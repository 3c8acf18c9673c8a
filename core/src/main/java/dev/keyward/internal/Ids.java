package dev.keyward.internal;

import dev.keyward.ConnectionId;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.UUID;

/** Generates connection ids: random (version 4) UUIDs drawn from the configured randomness. */
public final class Ids {

    private Ids() {
    }

    /** A new connection id. */
    public static ConnectionId newConnectionId(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new ConnectionId(new UUID(buffer.getLong(), buffer.getLong()).toString());
    }
}
