package dev.keyward.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.ErrorCode;
import dev.keyward.OrganizationId;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

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
        String url = ((PGSimpleDataSource) database).getURL();

        List<Process> nodes = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            nodes.add(new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"), NodeProcess.class.getName(), url, String.valueOf(i),
                    oauthOrg.value(), "OAUTH", "15", keyOrg.value(), "ACCESS_KEY", "3")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        List<BufferedReader> outputs = new ArrayList<>();
        for (Process node : nodes) {
            BufferedReader output = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
            assertThat(output.readLine()).isEqualTo("READY");
            outputs.add(output);
        }
        for (Process node : nodes) {
            Writer go = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
            go.write("GO\n");
            go.flush();
        }
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            outputs.get(i).lines().forEach(outcomes::add);
            assertThat(nodes.get(i).waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(nodes.get(i).exitValue()).isZero();
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
