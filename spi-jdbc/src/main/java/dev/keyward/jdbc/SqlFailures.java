package dev.keyward.jdbc;

import dev.keyward.ErrorCode;
import dev.keyward.KeywardException;
import dev.keyward.spi.StoreException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns {@link SQLException}s into Keyward's exceptions: a unique-constraint backstop into the
 * refusal core would have given, everything else into a {@link StoreException} saying what
 * could not be done.
 */
final class SqlFailures {

    static final String NAME_CONSTRAINT = "keyward_connection_name_uq";
    static final String ACCESS_KEY_CONSTRAINT = "keyward_connection_access_key_uq";

    private static final String UNIQUE_VIOLATION = "23505";
    /** A Keyward constraint's name; H2 names a unique index after its constraint plus a suffix. */
    private static final Pattern CONSTRAINT = Pattern.compile("keyward_[a-z0-9_]*?_(?:uq|pk|fk|ck)");

    private SqlFailures() {
    }

    /** The exception to throw when {@code what} (e.g. "could not insert connection") failed with {@code e}. */
    static KeywardException translate(String what, SQLException e) {
        if (isUniqueViolation(e)) {
            String constraint = constraintOf(e);
            if (NAME_CONSTRAINT.equals(constraint)) {
                return new KeywardException(ErrorCode.NAME_TAKEN,
                        "another connection of the organization has this name", redacted(e));
            }
            if (ACCESS_KEY_CONSTRAINT.equals(constraint)) {
                return new KeywardException(ErrorCode.ACCESS_KEY_EXISTS,
                        "the organization already has an Access Key connection", redacted(e));
            }
        }
        return storeFailure(what, e);
    }

    /** A {@link StoreException} saying what could not be done, with the driver's failure redacted. */
    static StoreException storeFailure(String what, SQLException e) {
        return new StoreException(what + " (SQLState " + e.getSQLState() + ")", redacted(e));
    }

    static boolean isUniqueViolation(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState());
    }

    /**
     * The Keyward constraint a unique violation names, in lower case, or {@code null}: as the
     * PostgreSQL driver reports it, else from the first quoted part of the message (the index
     * or constraint, which both databases name before any value).
     */
    static String constraintOf(SQLException e) {
        String reported = reportedConstraint(e);
        String text = reported != null ? reported : firstQuoted(e.getMessage());
        if (text == null) {
            return null;
        }
        Matcher matcher = CONSTRAINT.matcher(text.toLowerCase(Locale.ROOT));
        return matcher.find() ? matcher.group() : null;
    }

    /** PgJDBC's {@code getServerErrorMessage().getConstraint()}, read reflectively: the driver is the host's. */
    private static String reportedConstraint(SQLException e) {
        try {
            Object details = e.getClass().getMethod("getServerErrorMessage").invoke(e);
            return details == null ? null : (String) details.getClass().getMethod("getConstraint").invoke(details);
        } catch (ReflectiveOperationException | RuntimeException notPostgres) {
            return null;
        }
    }

    private static String firstQuoted(String message) {
        int start = message == null ? -1 : message.indexOf('"');
        int end = start < 0 ? -1 : message.indexOf('"', start + 1);
        if (end < 0) {
            return null;
        }
        String quoted = message.substring(start + 1, end);
        // H2 quotes "SCHEMA.INDEX ON SCHEMA.TABLE(COLUMNS) VALUES (...)": keep the index name only.
        int on = quoted.indexOf(' ');
        return on < 0 ? quoted : quoted.substring(0, on);
    }

    /**
     * The failure without its message: drivers quote bound values in messages (H2 even the
     * values of a too-long column), and a bound value may be a hash. The SQLState, vendor
     * code, driver class and stack trace stay for diagnosis.
     */
    static SQLException redacted(SQLException e) {
        SQLException copy = new SQLException(e.getClass().getName() + " (message withheld: it may quote bound values)",
                e.getSQLState(), e.getErrorCode());
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }
}
