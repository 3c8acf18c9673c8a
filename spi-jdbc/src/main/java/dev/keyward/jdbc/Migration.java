package dev.keyward.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One version of the schema: a classpath file of SQL statements, each ending with a semicolon
 * at the end of a line (lines starting with {@code --} are comments), then a Java step for what
 * SQL cannot do portably.
 *
 * @param version     the version it brings the schema to
 * @param description what it does
 * @param file        its name under {@link #LOCATION}
 * @param step        what runs after the statements, on the same connection and transaction
 */
record Migration(int version, String description, String file, Step step) {

    /** Where the SQL files are, on the class path. */
    static final String LOCATION = "dev/keyward/jdbc/migration/";

    /** Every version, in order. */
    static final List<Migration> ALL = List.of(
            new Migration(1, "keyward schema", "V1__keyward_schema.sql", Step.NONE),
            new Migration(2, "name keys by the display rule, no Access Key constraint",
                    "V2__name_keys_and_no_access_key_constraint.sql", NameKeys::recompute),
            new Migration(3, "connection expiry and last use", "V3__expiry_and_last_use.sql", Step.NONE),
            new Migration(4, "revocation log", "V4__revocation_log.sql", Step.NONE),
            new Migration(5, "allowed IP ranges", "V5__allowed_ips.sql", Step.NONE),
            new Migration(6, "when a connection's secret was reported leaked", "V6__leaked_at.sql", Step.NONE),
            new Migration(7, "name keys as NFKC_Casefold of the display form", "V7__name_keys_recomputed.sql",
                    NameKeys::recompute));

    /** The version the schema has once every migration is applied. */
    static int latest() {
        return ALL.get(ALL.size() - 1).version();
    }

    /** Every version a fully migrated schema records, 0 (the version table itself) included. */
    static List<Integer> allVersions() {
        List<Integer> versions = new ArrayList<>(List.of(0));
        ALL.forEach(m -> versions.add(m.version()));
        return versions;
    }

    /** Work of a version beyond its SQL file; it must be idempotent, as the statements are. */
    @FunctionalInterface
    interface Step {

        Step NONE = jdbc -> { };

        void apply(Connection jdbc) throws SQLException;
    }

    /** The statements of the file, in order. */
    List<String> statements() {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : read().split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalStateException(file + " ends with a statement without a semicolon");
        }
        return statements;
    }

    private String read() {
        // Through the class, not its loader, so the file is found inside the named module as well.
        try (InputStream in = Migration.class.getResourceAsStream("/" + LOCATION + file)) {
            if (in == null) {
                throw new IllegalStateException("missing migration " + LOCATION + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read migration " + LOCATION + file, e);
        }
    }
}
