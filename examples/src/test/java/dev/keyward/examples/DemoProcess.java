package dev.keyward.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A demo jar run as a newcomer runs it, {@code java -jar JAR OPTIONS…}, in a JVM of its own on
 * the java running this one. Its standard output and error are read together, on a thread of
 * their own so the process never blocks on a full pipe, and kept whole. Closing it kills the
 * process if it is still running.
 */
final class DemoProcess implements AutoCloseable {

    /** The line DESIGN §6 promises once the demo accepts requests. */
    static final Pattern LISTENING = Pattern.compile("Keyward demo listening on (http://[^\\s:]+:\\d+)");

    private static final Duration KILL_DEADLINE = Duration.ofSeconds(10);

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final CompletableFuture<URI> listening = new CompletableFuture<>();
    private final Thread reader;

    private DemoProcess(Process process) {
        this.process = process;
        reader = new Thread(this::read, "demo-output");
        // Never what keeps the test's JVM alive, whatever the process does.
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code java -jar jar args…} in the directory given. */
    static DemoProcess start(Path jar, Path directory, String... args) throws IOException {
        return start(jar, directory, Map.of(), args);
    }

    /** Starts {@code java -jar jar args…} in the directory given, with these variables added to its environment. */
    static DemoProcess start(Path jar, Path directory, Map<String, String> environment, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        // Only the variables given: the environment running the tests may hold the demo's own.
        builder.environment().keySet().removeIf(name -> name.startsWith("KEYWARD_"));
        builder.environment().putAll(environment);
        return new DemoProcess(builder.start());
    }

    /** The java binary of this JVM, so the demo runs on the JDK the build ran on. */
    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void read() {
        try (BufferedReader lines = process.inputReader(Charset.defaultCharset())) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (output) {
                    output.append(line).append('\n');
                    output.notifyAll();
                }
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.matches()) {
                    listening.complete(URI.create(matcher.group(1)));
                }
            }
        } catch (IOException e) {
            output.append("[reading the output failed: ").append(e).append("]\n");
        }
        listening.completeExceptionally(new IllegalStateException("the output ended"));
    }

    /** Where the demo listens, once it has printed the line; fails if it has not within the deadline. */
    URI awaitListening(Duration deadline) throws InterruptedException {
        try {
            return listening.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no listening line within " + deadline + "; the output so far:\n" + output, e);
        } catch (ExecutionException e) {
            throw new AssertionError("the demo's output ended without a listening line:\n" + output, e);
        }
    }

    /** Waits until the output holds this text; fails if it does not within the deadline. */
    void awaitOutput(String text, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        synchronized (output) {
            while (output.indexOf(text) < 0) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no \"" + text + "\" within " + deadline + "; the output so far:\n" + output);
                }
                output.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /**
     * Sends the process SIGTERM and returns at once. Through its handle: {@link Process#destroy} would also
     * close the pipes, and what the process prints while it stops would not be read.
     */
    void signalStop() {
        process.toHandle().destroy();
    }

    /** Waits for the process to end by itself; its exit code. Fails if it has not ended within the deadline. */
    int awaitExit(Duration deadline) throws InterruptedException {
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + deadline + "; the output so far:\n" + output);
        }
        return process.exitValue();
    }

    /** Asks the process to stop, as Ctrl-C does; fails if it has not ended within the deadline. */
    void stop(Duration deadline) throws InterruptedException {
        process.destroy();
        awaitExit(deadline);
    }

    /** Everything printed, once the process has ended and its output has been read to the end. */
    String output() throws InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException("the process is still running");
        }
        reader.join(KILL_DEADLINE.toMillis());
        if (reader.isAlive()) {
            throw new AssertionError("the output had not ended " + KILL_DEADLINE + " after the process:\n" + output);
        }
        return output.toString();
    }

    /** Kills the process if it is still running, and waits for it to end. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(KILL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
