package dev.keyward.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs every benchmark in one JMH run, each with the forks, warm-up and measurement its class
 * declares, writes JMH's JSON and prints the table of figures, floors and ratios.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar [--quick] [--result FILE] [--table FILE] [REGEX...]
 * </pre>
 * {@code --quick} runs one fork and three measurement iterations of each benchmark (warm-ups as
 * declared); {@code --table FILE} only prints the table of an earlier result; a regex narrows
 * the run to matching benchmarks.
 */
public final class Suite {

    private Suite() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        boolean quick = false;
        Path result = Path.of("benchmarks", "target", "jmh-result.json");
        List<String> includes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--result" -> result = Path.of(args[++i]);
                case "--table" -> {
                    System.out.print(ResultTable.of(Files.readString(Path.of(args[++i]))).render());
                    return;
                }
                default -> includes.add(args[i]);
            }
        }
        if (result.getParent() != null) {
            Files.createDirectories(result.getParent());
        }
        ChainedOptionsBuilder options = new OptionsBuilder()
                .resultFormat(ResultFormatType.JSON)
                .result(result.toString());
        if (includes.isEmpty()) {
            options.include("dev\\.keyward\\.benchmarks\\..*");
        }
        includes.forEach(options::include);
        if (quick) {
            options.forks(1).measurementIterations(3);
        }
        double loadBefore = load();
        new Runner(options.build()).run();
        System.out.printf("%nJMH JSON: %s; load average %.2f before, %.2f after, %d processors%n%n",
                result, loadBefore, load(), Runtime.getRuntime().availableProcessors());
        System.out.print(ResultTable.of(Files.readString(result)).render());
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
