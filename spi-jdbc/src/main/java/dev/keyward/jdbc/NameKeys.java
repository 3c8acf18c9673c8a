package dev.keyward.jdbc;

import dev.keyward.ConnectionNames;
import dev.keyward.spi.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java step of schema versions 2 and 7: recomputes every connection's name key with
 * {@link ConnectionNames#key}. Where two names of one organization now collide, the oldest
 * connection keeps its name and each newer one, oldest first, is renamed {@code "<name> (n)"}
 * with the first n from 2 up whose key is free, the name shortened to stay within
 * {@value ConnectionNames#MAX_LENGTH} characters and its key within
 * {@value ConnectionNames#MAX_KEY_LENGTH}; its {@code updated_at} becomes the database's current
 * time, and a WARN line names both connections. Idempotent: a second run finds nothing to do.
 */
final class NameKeys {

    private static final Logger LOG = LoggerFactory.getLogger(NameKeys.class);

    static final String SELECT = "SELECT organization_id, connection_id, name, name_key, created_at"
            + " FROM keyward_connection ORDER BY organization_id";
    /**
     * Both updates take the row only if it still holds the name this step read: a connection renamed since,
     * by a node serving meanwhile, keeps its new name and the key its node wrote, and this step leaves it.
     */
    static final String SET_KEY = "UPDATE keyward_connection SET name_key = ? WHERE connection_id = ? AND name = ?";
    static final String RENAME = "UPDATE keyward_connection SET name = ?, name_key = ?, updated_at = CURRENT_TIMESTAMP"
            + " WHERE connection_id = ? AND name = ?";

    /** No key starts with a control character: valid names hold none, and neither did names of version 1. */
    private static final String PARKED = "\u0001";

    private static final Comparator<Row> OLDEST_FIRST = Comparator.comparing(Row::createdAt).thenComparing(Row::id);

    /** A connection as stored, and what this step makes of it. */
    private record Row(String organization, String id, String name, String storedKey, Instant createdAt) {
    }

    private record Change(Row row, String name, String key, String keptBy) {

        boolean renamed() {
            return !name.equals(row.name());
        }
    }

    private NameKeys() {
    }

    /** Recomputes every key on this connection, in its current transaction, logging each rename. */
    static void recompute(Connection jdbc) throws SQLException {
        recompute(jdbc, LOG::warn);
    }

    /** As {@link #recompute(Connection)}, with each rename reported to {@code warnings}; returns how many rows changed. */
    static int recompute(Connection jdbc, Consumer<String> warnings) throws SQLException {
        List<Change> planned = plan(jdbc);
        // Park each changing row on a key no name has first, so no update meets a key another row is yet to give up.
        List<Change> changes = new ArrayList<>();
        for (Change change : planned) {
            if (update(jdbc, SET_KEY, PARKED + change.row().id(), change.row().id(), change.row().name()) == 1) {
                changes.add(change);
            }
        }
        for (Change change : changes) {
            if (change.renamed()) {
                if (update(jdbc, RENAME, change.name(), change.key(), change.row().id(), change.row().name()) == 1) {
                    warnings.accept(warning(change));
                }
            } else {
                update(jdbc, SET_KEY, change.key(), change.row().id(), change.row().name());
            }
        }
        if (!changes.isEmpty()) {
            LOG.info("recomputed the name keys of {} connection(s)", changes.size());
        }
        return changes.size();
    }

    /** The changes, read organization by organization; only those are held in memory. */
    private static List<Change> plan(Connection jdbc) throws SQLException {
        List<Change> changes = new ArrayList<>();
        List<Row> organization = new ArrayList<>();
        try (Statement statement = jdbc.createStatement()) {
            statement.setFetchSize(1000);
            try (ResultSet rows = statement.executeQuery(SELECT)) {
                while (rows.next()) {
                    Row row = new Row(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            rows.getObject(5, OffsetDateTime.class).toInstant());
                    if (!organization.isEmpty() && !organization.get(0).organization().equals(row.organization())) {
                        plan(organization, changes);
                        organization.clear();
                    }
                    organization.add(row);
                }
            }
        }
        plan(organization, changes);
        return changes;
    }

    /**
     * The changes of one organization: the oldest holder of each key keeps it, and only then are the
     * others renamed, so that no rename takes a key a name of its own already holds.
     */
    private static void plan(List<Row> organization, List<Change> changes) {
        organization.sort(OLDEST_FIRST);
        Map<String, Row> holders = new HashMap<>();
        List<Row> losers = new ArrayList<>();
        for (Row row : organization) {
            String key = requireIndexable(row, ConnectionNames.key(row.name()));
            Row holder = holders.putIfAbsent(key, row);
            if (holder != null) {
                losers.add(row);
            } else if (!key.equals(row.storedKey())) {
                changes.add(new Change(row, row.name(), key, null));
            }
        }
        for (Row loser : losers) {
            String keptBy = holders.get(ConnectionNames.key(loser.name())).id();
            for (int n = 2; ; n++) {
                String name = numbered(loser.name(), n);
                String key = ConnectionNames.key(name);
                if (holders.putIfAbsent(key, loser) == null) {
                    changes.add(new Change(loser, name, key, keptBy));
                    break;
                }
            }
        }
    }

    /** The key, when the name index can hold it; a name stored under an earlier rule may spell out to more. */
    private static String requireIndexable(Row row, String key) {
        if (key.length() > ConnectionNames.MAX_KEY_LENGTH) {
            throw new StoreException("connection " + LogText.escaped(row.id()) + " of organization "
                    + LogText.escaped(row.organization()) + " has a name whose key is longer than "
                    + ConnectionNames.MAX_KEY_LENGTH + " characters: rename it, then migrate again", null);
        }
        return key;
    }

    /**
     * {@code "<name> (n)"}, the name cut at a code point so the whole stays within the longest name,
     * and cut further while the whole's key is longer than the name index holds: a name of
     * compatibility characters may fit with its key, and not once the suffix is added.
     */
    static String numbered(String name, int n) {
        String suffix = " (" + n + ")";
        int length = Math.min(name.codePointCount(0, name.length()), ConnectionNames.MAX_LENGTH - suffix.length());
        while (ConnectionNames.key(cut(name, length) + suffix).length() > ConnectionNames.MAX_KEY_LENGTH) {
            length--;
        }
        return cut(name, length) + suffix;
    }

    /** The first {@code length} code points of the name, without the spaces it then ends with. */
    private static String cut(String name, int length) {
        return name.substring(0, name.offsetByCodePoints(0, length)).stripTrailing();
    }

    /** Runs the update with these values; returns how many rows it changed. */
    private static int update(Connection jdbc, String sql, String... values) throws SQLException {
        try (PreparedStatement statement = jdbc.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            return statement.executeUpdate();
        }
    }

    /** The WARN line of a rename. Names and ids come from the database: escaped, they cannot forge log lines. */
    private static String warning(Change change) {
        return "renamed connection " + LogText.escaped(change.row().id()) + " of organization "
                + LogText.escaped(change.row().organization()) + " from " + LogText.quoted(change.row().name())
                + " to " + LogText.quoted(change.name()) + ": its name now collides with that of the older connection "
                + LogText.escaped(change.keptBy());
    }
}
