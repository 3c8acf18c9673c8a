package dev.keyward.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * One embedded PostgreSQL server for every test of the JVM (starting one takes seconds),
 * stopped when the JVM exits. Each caller works in a database of its own.
 */
final class EmbeddedPostgresServer {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private EmbeddedPostgresServer() {
    }

    /** Creates a fresh, empty database and returns a data source on it. */
    static DataSource newDatabase(String prefix) {
        String name = prefix.toLowerCase(java.util.Locale.ROOT) + "_" + DATABASES.incrementAndGet();
        try (Connection admin = server().getPostgresDatabase().getConnection();
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return dataSource(name);
    }

    /** Another data source, sharing nothing with earlier ones, on the database of {@code first}. */
    static DataSource anotherDataSource(DataSource first) {
        try (Connection connection = first.getConnection()) {
            return dataSource(connection.getCatalog());
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the database name", e);
        }
    }

    /** The server's port, for a proxy in front of it. */
    static int port() {
        return server().getPort();
    }

    /** A data source on the database of {@code first}, connecting to {@code port} on loopback instead. */
    static DataSource throughPort(DataSource first, int port) {
        org.postgresql.ds.PGSimpleDataSource through = new org.postgresql.ds.PGSimpleDataSource();
        try (Connection connection = first.getConnection()) {
            through.setDatabaseName(connection.getCatalog());
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the database name", e);
        }
        through.setServerNames(new String[] {"localhost"});
        through.setPortNumbers(new int[] {port});
        through.setUser("postgres");
        // As a host should give its listening data source: a peer that accepts and answers nothing holds it 2 s.
        through.setLoginTimeout(2);
        return through;
    }

    private static DataSource dataSource(String database) {
        return server().getDatabase("postgres", database);
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            long start = System.nanoTime();
            try {
                // Several test classes run at once, some with 60 threads each holding a connection.
                server = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start embedded PostgreSQL", e);
            }
            System.out.printf("embedded PostgreSQL started in %d ms on port %d%n",
                    (System.nanoTime() - start) / 1_000_000, server.getPort());
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // The JVM is exiting; the server's directory is temporary anyway.
                }
            }));
        }
        return server;
    }
}
