package dev.keyward.jdbc;

import dev.keyward.spi.StoreConflictException;
import dev.keyward.spi.StoreException;
import java.sql.SQLException;

/**
 * Turns {@link SQLException}s into Keyward's exceptions: a unique-constraint violation into a
 * neutral {@link StoreConflictException} (core alone decides which refusal it is), everything else
 * into a {@link StoreException} saying what could not be done.
 */
final class SqlFailures {

    private static final String UNIQUE_VIOLATION = "23505";
    /** A statement cancelled: by the driver at the statement timeout, or by an operator. */
    private static final String CANCELLED = "57014";
    /** H2's: a lock not had within the wait its statement or session allows. */
    private static final String LOCK_TIMEOUT = "HYT00";

    private SqlFailures() {
    }

    /** The exception to throw when {@code what} (e.g. "could not insert connection") failed with {@code e}. */
    static StoreException translate(String what, SQLException e) {
        if (isUniqueViolation(e)) {
            return new StoreConflictException(
                    what + ": a unique key the store keeps was already taken (SQLState " + e.getSQLState() + ")",
                    redacted(e));
        }
        return storeFailure(what, e);
    }

    /** A {@link StoreException} saying what could not be done, with the driver's failure redacted. */
    static StoreException storeFailure(String what, SQLException e) {
        String cause = switch (String.valueOf(e.getSQLState())) {
            case CANCELLED -> ": the statement was cancelled, having run past the store's statement timeout or been"
                    + " cancelled in the database; nothing of it was kept";
            case LOCK_TIMEOUT -> ": a lock it waited for was not had within the store's statement timeout or the"
                    + " database's lock timeout; nothing of it was kept";
            default -> "";
        };
        return new StoreException(what + cause + " (SQLState " + e.getSQLState() + ")", redacted(e));
    }

    static boolean isUniqueViolation(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState());
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
