package dev.keyward.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** Fresh test databases of every supported kind, and a dump of Keyward's tables. */
final class Databases {

    /** H2 waits this long for a row lock; units of work queue behind one another in the concurrency tests. */
    private static final String H2_SETTINGS = ";LOCK_TIMEOUT=30000";
    private static final AtomicInteger NAMES = new AtomicInteger();

    private Databases() {
    }

    static DataSource h2Memory(String name) {
        return h2("jdbc:h2:mem:" + name + "_" + NAMES.incrementAndGet() + ";DB_CLOSE_DELAY=-1" + H2_SETTINGS);
    }

    /** A fresh H2 database in a file under {@code target/}. */
    static DataSource h2File(String name) {
        Path directory = Path.of("target", "h2", name + "_" + NAMES.incrementAndGet()).toAbsolutePath();
        try {
            Files.createDirectories(directory);
            try (var files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Kept open between connections: without a pool, H2 would otherwise reopen the file for each one.
        return h2("jdbc:h2:file:" + directory.resolve("keyward") + ";DB_CLOSE_DELAY=-1" + H2_SETTINGS);
    }

    /** Another data source on the same H2 database. */
    static DataSource anotherH2(DataSource first) {
        return h2(((JdbcDataSource) first).getURL());
    }

    static DataSource postgres(String name) {
        return EmbeddedPostgresServer.newDatabase(name);
    }

    /** A pool of four connections over {@code database}, borrowed from as hosts do. */
    static HikariDataSource pool(DataSource database) {
        return pool(database, Duration.ofSeconds(30));
    }

    /** A pool of four connections over {@code database} that gives up waiting for one after {@code timeout}. */
    static HikariDataSource pool(DataSource database, Duration timeout) {
        return pool(database, config -> config.setConnectionTimeout(timeout.toMillis()));
    }

    /**
     * A pool of four connections over {@code database}, with the host's own settings besides, such as
     * connections lent with auto-commit off or at another isolation level.
     */
    static HikariDataSource pool(DataSource database, Consumer<HikariConfig> settings) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(database);
        config.setMaximumPoolSize(4);
        settings.accept(config);
        return new HikariDataSource(config);
    }

    /**
     * Closes each of {@code resources} that is not null, in order, as a test's nodes, pools and servers are
     * stopped after it: every one is closed even when one fails, and the first failure is thrown with the
     * others suppressed.
     */
    static void closeAll(AutoCloseable... resources) throws Exception {
        Exception failure = null;
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Readies a connection of the host's as a strict pool would lend it: auto-commit off, SERIALIZABLE, no
     * transaction open. The store must hand it back so from every call.
     */
    static Connection lentStrictly(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        connection.commit();
        return connection;
    }

    /**
     * A data source that lends one connection again and again, as a pool would, ignoring close; unlike a
     * pool, it resets nothing, so a test sees the connection exactly as the store handed it back.
     */
    static DataSource lending(Connection connection) {
        Connection borrowed = (Connection) Proxy.newProxyInstance(Databases.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (self, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    return invoke(connection, method, args);
                });
        return (DataSource) Proxy.newProxyInstance(Databases.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (self, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return borrowed;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Calls {@code method} on {@code target}, for a proxy: what it throws is thrown as it is. */
    static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static JdbcStore migrated(DataSource dataSource) {
        JdbcStore store = JdbcStore.create(dataSource);
        store.migrate();
        return store;
    }

    private static DataSource h2(String url) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        return dataSource;
    }

    /** Every row of every {@code keyward_} table, one line each ("table: column=value, ..."), sorted. */
    static List<String> dump(DataSource dataSource) {
        List<String> lines = new ArrayList<>();
        try (Connection jdbc = dataSource.getConnection()) {
            for (String table : keywardTables(jdbc)) {
                try (Statement statement = jdbc.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData columns = rows.getMetaData();
                    while (rows.next()) {
                        StringBuilder line = new StringBuilder(table).append(':');
                        for (int i = 1; i <= columns.getColumnCount(); i++) {
                            line.append(' ').append(columns.getColumnName(i).toLowerCase(Locale.ROOT)).append('=')
                                    .append(rows.getString(i));
                        }
                        lines.add(line.toString());
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not dump the tables", e);
        }
        lines.sort(null);
        return lines;
    }

    static List<String> keywardTables(Connection jdbc) throws SQLException {
        List<String> tables = new ArrayList<>();
        DatabaseMetaData metaData = jdbc.getMetaData();
        try (ResultSet rows = metaData.getTables(null, null, "%", new String[] {"TABLE"})) {
            while (rows.next()) {
                String name = rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                String schema = rows.getString("TABLE_SCHEM").toLowerCase(Locale.ROOT);
                if (name.startsWith("keyward_") && schema.equals("public")) {
                    tables.add(name);
                }
            }
        }
        tables.sort(null);
        return tables;
    }
}
