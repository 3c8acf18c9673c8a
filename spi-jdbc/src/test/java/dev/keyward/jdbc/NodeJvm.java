package dev.keyward.jdbc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An application node in a JVM of its own, started on the test's class path with the node's main
 * class. The test speaks to it in lines: on its standard input and output. What it logs goes to a
 * file under {@code target/node-jvms/}, named in {@link #toString()}. {@link #close()} ends it if it
 * is still running.
 */
final class NodeJvm implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final BufferedReader output;
    private final Writer input;

    private NodeJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts {@code main} with the arguments in a new JVM, the same {@code java} as this one. */
    static NodeJvm start(Class<?> main, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(arguments));
        Path logs = Files.createDirectories(Path.of("target", "node-jvms"));
        Path log = Files.createTempFile(logs, main.getSimpleName() + "-", ".log").toAbsolutePath();
        return new NodeJvm(new ProcessBuilder(command).redirectError(log.toFile()).start(), log);
    }

    /** The URL a node is given for the database of {@code database}, a data source of the embedded server. */
    static String url(DataSource database) {
        return ((PGSimpleDataSource) database).getURL();
    }

    /** In the node: a data source of its own on the database at {@code url}. */
    static DataSource database(String url) {
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setURL(url);
        database.setUser("postgres");
        return database;
    }

    /** The node's next line, or {@code null} once it has closed its output. */
    String readLine() throws IOException {
        return output.readLine();
    }

    /** Every line the node writes until it closes its output. */
    List<String> remainingLines() {
        return output.lines().toList();
    }

    void send(String line) throws IOException {
        input.write(line);
        input.write('\n');
        input.flush();
    }

    /** Sends {@code line} and returns the node's answer, one line. */
    String ask(String line) throws IOException {
        send(line);
        return readLine();
    }

    /** Closes the node's input and waits for it to exit; returns its exit code, or -1 if it is still running. */
    int awaitExit(long timeoutSeconds) throws IOException, InterruptedException {
        input.close();
        return process.waitFor(timeoutSeconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Override
    public String toString() {
        return "node JVM " + process.pid() + " (log: " + log + ")";
    }
}
