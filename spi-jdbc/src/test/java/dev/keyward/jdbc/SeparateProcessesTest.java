package dev.keyward.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.ErrorCode;
import dev.keyward.OrganizationId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Rules R1–R3 across real processes: four JVMs, each a node with its own Keyward and data
 * source, create at the same moment against one PostgreSQL database.
 */
class SeparateProcessesTest {

    private static final int PROCESSES = 4;

    @Test
    void fourJvmsCreatingAtOnceThenLimitsAndNamesHold() throws Exception {
        DataSource database = Databases.postgres("separate_jvms");
        JdbcStore store = Databases.migrated(database);
        OrganizationId oauthOrg = OrganizationId.of("oauth-" + UUID.randomUUID());
        OrganizationId keyOrg = OrganizationId.of("key-" + UUID.randomUUID());
        List<String> outcomes = new ArrayList<>();
        String url = NodeJvm.url(database);

        List<NodeJvm> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < PROCESSES; i++) {
                nodes.add(NodeJvm.start(NodeProcess.class, url, String.valueOf(i),
                        oauthOrg.value(), "OAUTH", "15", keyOrg.value(), "ACCESS_KEY", "3"));
            }
            for (NodeJvm node : nodes) {
                assertThat(node.readLine()).as(node.toString()).isEqualTo("READY");
            }
            for (NodeJvm node : nodes) {
                node.send("GO");
            }
            for (NodeJvm node : nodes) {
                outcomes.addAll(node.remainingLines());
                assertThat(node.awaitExit(120)).as(node.toString()).isZero();
            }
        } finally {
            for (NodeJvm node : nodes) {
                node.close();
            }
        }

        // Every outcome by count, so a failure says what happened instead of only what did not.
        String counts = new java.util.TreeMap<>(outcomes.stream().collect(
                java.util.stream.Collectors.groupingBy(o -> o, java.util.stream.Collectors.counting()))).toString();
        assertThat(outcomes).as(counts).hasSize(PROCESSES * 18);
        assertThat(store.listConnections(oauthOrg)).hasSize(15);
        assertThat(store.listConnections(keyOrg)).hasSize(1);
        assertThat(outcomes).as(counts).filteredOn("created"::equals).hasSize(16);
        assertThat(outcomes).as(counts).filteredOn(ErrorCode.OAUTH_LIMIT_REACHED.name()::equals).hasSize(45);
        assertThat(outcomes).filteredOn(o -> o.equals(ErrorCode.ACCESS_KEY_EXISTS.name())
                || o.equals(ErrorCode.NAME_TAKEN.name())).hasSize(11);
    }
}
