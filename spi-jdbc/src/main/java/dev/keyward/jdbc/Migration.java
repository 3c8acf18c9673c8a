package dev.keyward.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One version of the schema: a classpath file of SQL statements, each ending with a semicolon
 * at the end of a line; lines starting with {@code --} are comments.
 *
 * @param version     the version it brings the schema to
 * @param description what it does
 * @param file        its name under {@link #LOCATION}
 */
record Migration(int version, String description, String file) {

    /** Where the SQL files are, on the class path. */
    static final String LOCATION = "dev/keyward/jdbc/migration/";

    /** Every version, in order. */
    static final List<Migration> ALL = List.of(new Migration(1, "keyward schema", "V1__keyward_schema.sql"));

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
