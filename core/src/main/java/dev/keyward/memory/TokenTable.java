package dev.keyward.memory;

import dev.keyward.spi.StoredToken;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The in-memory store's tokens by lookup id, with an index by expiry so that a purge looks at
 * expired tokens only, as a database's index does, however many live tokens there are. Writers
 * hold the owning organization's lock. Thread-safe.
 */
final class TokenTable {

    private static final Comparator<StoredToken> BY_EXPIRY = Comparator.comparing(StoredToken::expiresAt)
            .thenComparing(StoredToken::lookupId);

    private final Map<String, StoredToken> byLookupId = new ConcurrentHashMap<>();
    private final NavigableSet<StoredToken> byExpiry = new ConcurrentSkipListSet<>(BY_EXPIRY);

    StoredToken get(String lookupId) {
        return byLookupId.get(lookupId);
    }

    void put(String lookupId, StoredToken token) {
        StoredToken replaced = byLookupId.put(lookupId, token);
        if (replaced != null) {
            byExpiry.remove(replaced);
        }
        byExpiry.add(token);
    }

    StoredToken remove(String lookupId) {
        StoredToken removed = byLookupId.remove(lookupId);
        if (removed != null) {
            byExpiry.remove(removed);
        }
        return removed;
    }

    /** At most {@code limit} tokens expired at or before {@code now}, soonest expiry first. */
    List<StoredToken> expiredBy(Instant now, int limit) {
        List<StoredToken> expired = new ArrayList<>();
        for (StoredToken token : byExpiry) {
            if (expired.size() == limit || token.expiresAt().isAfter(now)) {
                break;
            }
            expired.add(token);
        }
        return expired;
    }

    int size() {
        return byLookupId.size();
    }
}
