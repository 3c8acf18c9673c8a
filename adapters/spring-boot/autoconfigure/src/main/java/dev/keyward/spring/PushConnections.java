package dev.keyward.spring;

import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Where a node on PostgreSQL listens for revocations: a data source of its own, derived from the
 * application's (its URL, user and password, whatever pool it is), that opens a connection straight to
 * the database, never one of the pool's. Nothing on any other database: nodes poll the log there.
 */
final class PushConnections {

    private static final Logger LOG = LoggerFactory.getLogger(PushConnections.class);

    private PushConnections() {
    }

    /** The direct data source for the application's {@code DataSource}, if it points at PostgreSQL. */
    static Optional<DataSource> derivedFrom(DataSource application) {
        SimpleDriverDataSource direct;
        try {
            direct = DataSourceBuilder.derivedFrom(application).type(SimpleDriverDataSource.class).build();
        } catch (RuntimeException e) {
            // A data source whose URL cannot be read (a proxy, a pool Boot does not know): polling still works.
            LOG.info("revocations reach this node by polling the log: the URL of the application's DataSource "
                    + "could not be read ({}); define a JdbcStore bean with pushConnections to listen instead",
                    e.getClass().getSimpleName());
            return Optional.empty();
        }
        String url = direct.getUrl();
        if (url == null) {
            LOG.info("revocations reach this node by polling the log: the application's DataSource has no JDBC URL "
                    + "to open a connection of its own with; define a JdbcStore bean with pushConnections to listen");
            return Optional.empty();
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            return Optional.empty();
        }
        // A new listening connection that a peer accepts and then never answers must not hold the listener for
        // ever, nor the thread pgjdbc logs in on (the login timeout leaves it; the socket timeout ends it). Once
        // listening, the listener sets its own timeouts. Timeouts in the URL stay in force.
        Properties properties = new Properties();
        if (!url.contains("loginTimeout=")) {
            properties.setProperty("loginTimeout", "10");
        }
        if (!url.contains("socketTimeout=")) {
            properties.setProperty("socketTimeout", "15");
        }
        if (!properties.isEmpty()) {
            direct.setConnectionProperties(properties);
        }
        return Optional.of(direct);
    }
}
