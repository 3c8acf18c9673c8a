/**
 * The Keyward store over a {@link javax.sql.DataSource}, for H2 2.x and PostgreSQL 14+:
 * {@link dev.keyward.jdbc.JdbcStore}. The schema ships as classpath SQL under
 * {@code dev/keyward/jdbc/migration/}.
 */
module dev.keyward.jdbc {
    requires transitive dev.keyward;
    requires transitive java.sql;
    requires static org.postgresql.jdbc;

    exports dev.keyward.jdbc;
}
