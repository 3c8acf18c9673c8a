package dev.keyward.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.ConnectionNames;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The step that recomputes name keys may run while nodes serve (a host's own migration, or the step run
 * again after a rolling upgrade): a connection renamed by a node after the step read it keeps its new name
 * and its key, and the step leaves it.
 */
class NameKeysWhileServingTest {

    @ParameterizedTest
    @EnumSource(value = Database.class, names = {"H2_MEMORY", "POSTGRESQL"})
    @DisplayName("a connection renamed after the step read it keeps its new name and its key")
    void renamedAfterTheStepReadItKeepsItsNewNameAndKey(Database database) throws Exception {
        LegacyDatabase legacy = LegacyDatabase.fresh(database, "keys_while_serving", 6,
                NameKeyRefoldMigrationTest::versionSixKey);
        String id = legacy.insert("acme", "K\u0131rm\u0131z\u0131", false);
        AtomicBoolean renamed = new AtomicBoolean();
        List<String> warnings = new ArrayList<>();
        try (Connection jdbc = legacy.dataSource().getConnection()) {
            // Before the step's first update, a node renames the connection, writing the key of its new name.
            Connection renamingFirst = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("prepareStatement") && ((String) args[0]).startsWith("UPDATE")
                                && renamed.compareAndSet(false, true)) {
                            renameElsewhere(legacy, id, "Beta");
                        }
                        try {
                            return method.invoke(jdbc, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });

            NameKeys.recompute(renamingFirst, warnings::add);
        }

        assertThat(renamed).isTrue();
        assertThat(legacy.namesAndKeys().get(id)).containsExactly("Beta", ConnectionNames.key("Beta"));
        assertThat(warnings).isEmpty();
    }

    private static void renameElsewhere(LegacyDatabase legacy, String id, String name) throws SQLException {
        try (Connection other = legacy.dataSource().getConnection();
                PreparedStatement rename = other.prepareStatement(
                        "UPDATE keyward_connection SET name = ?, name_key = ? WHERE connection_id = ?")) {
            other.setAutoCommit(true);
            rename.setString(1, name);
            rename.setString(2, ConnectionNames.key(name));
            rename.setString(3, id);
            assertThat(rename.executeUpdate()).isEqualTo(1);
        }
    }
}
