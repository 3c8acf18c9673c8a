package dev.keyward.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.DoubleStream;
import org.openjdk.jmh.util.ListStatistics;

/**
 * The table of a JMH JSON result: each figure beside its floor, the ratio of the two with its
 * error (the relative errors of both, JMH's 99.9% intervals, added in quadrature; for two figures
 * measured side by side, the mean of their iterations' ratios with its 99.9% interval) and the
 * target, met only when the whole interval meets it. Rows whose benchmarks did not run are left out.
 */
final class ResultTable {

    /** A figure, its floor and the target on their ratio: "≤ 2", "< 1", "≥ 1.7", or "" for none. */
    private record Row(String label, String figure, String floor, String target) {
    }

    private static final String W = "WarmVerification.";
    private static final List<Row> ROWS = List.of(
            new Row("warm access key verify", W + "warmAccessKey", W + "hmacFloor", "≤ 2"),
            new Row("warm access key verify, 10,000 keys remembered, each request another, shuffled",
                    "WarmAtScale.warmAccessKeySpread:remembered=10000", "WarmAtScale.hmacFloorSpread:remembered=10000",
                    "≤ 2"),
            new Row("warm access key verify, 100,000 keys remembered, each request another, shuffled",
                    "WarmAtScale.warmAccessKeySpread:remembered=100000", "WarmAtScale.hmacFloorSpread:remembered=100000",
                    "≤ 2"),
            new Row("the same, 10,000 keys, each request's headers made as it arrives",
                    "WarmAtScale.warmAccessKeyNewHeaders:remembered=10000",
                    "WarmAtScale.hmacFloorSpread:remembered=10000", "≤ 2"),
            new Row("the same, 100,000 keys, each request's headers made as it arrives",
                    "WarmAtScale.warmAccessKeyNewHeaders:remembered=100000",
                    "WarmAtScale.hmacFloorSpread:remembered=100000", "≤ 2"),
            new Row("the same, 10,000 keys, each used less than once a second",
                    "WarmAtScale.warmAccessKeyNewHeadersSeldom:remembered=10000",
                    "WarmAtScale.hmacFloorSpread:remembered=10000", "≤ 2"),
            new Row("the same, 100,000 keys, each used less than once a second",
                    "WarmAtScale.warmAccessKeyNewHeadersSeldom:remembered=100000",
                    "WarmAtScale.hmacFloorSpread:remembered=100000", "≤ 2"),
            new Row("warm access key verify, 10 allowed IP ranges", W + "warmAccessKeyWithAllowlist", W + "hmacFloor",
                    "≤ 2"),
            new Row("warm bearer token verify", W + "warmBearerToken", W + "hmacFloor", "≤ 2"),
            new Row("warm access key verify, rate limit and daily quota on", W + "warmAccessKeyLimited",
                    W + "hmacFloor", "≤ 2"),
            new Row("the same, RateLimit headers written", W + "warmAccessKeyLimitedWithHeaders", W + "hmacFloor",
                    ""),
            new Row("warm access key verify, limits and 10 allowed IP ranges on",
                    W + "warmAccessKeyLimitedWithAllowlist", W + "hmacFloor", "≤ 2"),
            new Row("warm access key verify, Micrometer meters on", W + "warmAccessKeyMetered", W + "hmacFloor", "≤ 2"),
            new Row("warm bearer token verify, Micrometer meters on", W + "warmBearerTokenMetered", W + "hmacFloor",
                    "≤ 2"),
            new Row("warm access key verify, limits, 10 allowed IP ranges and meters on, RateLimit headers made",
                    W + "warmAccessKeyEverythingOn", W + "hmacFloor", "≤ 2"),
            new Row("meters on vs off, warm access key", W + "warmAccessKeyMetered", W + "warmAccessKey", ""),
            new Row("introspection of a warm bearer token vs its warm verify", "Introspection.introspectWarmToken",
                    "Introspection.warmBearerToken", "≤ 2"),
            new Row("denial, malformed credential", W + "deniedMalformed", W + "hmacFloor", "≤ 1"),
            new Row("denial, bad checksum", W + "deniedBadChecksum", W + "hmacFloor", "< 2"),
            new Row("cold access key verify", "ColdVerification.coldAccessKey", "ColdVerification.argon2JvmFloor",
                    "≤ 1.05"),
            new Row("cold access key verify vs Spring", "ColdVerification.coldAccessKey",
                    "SpringEncoder.springMatches", "< 1"),
            new Row("Spring Argon2PasswordEncoder.matches", "SpringEncoder.springMatches",
                    "ColdVerification.argon2JvmFloor", ""),
            new Row("naive filter (Spring verify per request) vs warm path", "SpringEncoder.naiveFilter",
                    W + "warmAccessKey", ""),
            new Row("Jetty: Keyward filter vs no filter (throughput)", "HttpStacks.jetty:withKeyward",
                    "HttpStacks.jetty:withoutKeyward", "≥ 0.9"),
            new Row("Spring Security: Keyward configurer vs permit-all (throughput)",
                    "HttpStacks.springSecurity:withKeyward", "HttpStacks.springSecurity:withoutKeyward", "≥ 0.9"),
            new Row("Jetty under load: Keyward filter vs no filter (requests in equal time, four in flight)",
                    "HttpStacksUnderLoad.jetty:withKeywardRequests", "HttpStacksUnderLoad.jetty:withoutKeywardRequests",
                    "≥ 0.9"),
            new Row("Spring Security under load: Keyward configurer vs permit-all (the same)",
                    "HttpStacksUnderLoad.springSecurity:withKeywardRequests",
                    "HttpStacksUnderLoad.springSecurity:withoutKeywardRequests", "≥ 0.9"),
            new Row("2-thread vs 1-thread warm throughput", "Throughput.warmTwoThreads", "Throughput.warmOneThread",
                    "≥ 1.7"),
            new Row("issue token below the live-token cap, warm client secret (in memory)",
                    "Tokens.issueToken:store=memory", "Tokens.issueFloor:store=memory", "≤ 2"),
            new Row("issue token below the live-token cap, warm client secret (H2)", "Tokens.issueToken:store=h2",
                    "Tokens.issueFloor:store=h2", ""),
            new Row("issue token at the live-token cap, revoking the oldest (in memory)",
                    "Tokens.issueTokenAtTheCap:store=memory", "Tokens.issueFloor:store=memory", ""),
            new Row("issue token at the live-token cap, revoking the oldest (H2)", "Tokens.issueTokenAtTheCap:store=h2",
                    "Tokens.issueFloor:store=h2", ""),
            new Row("bearer token cold verify (one read, SHA-256, no Argon2; in memory)", "Tokens.bearerCold:store=memory",
                    "Tokens.sha256Floor:store=memory", ""),
            new Row("bearer token cold verify (one read, SHA-256, no Argon2; H2)", "Tokens.bearerCold:store=h2",
                    "Tokens.sha256Floor:store=h2", ""),
            new Row("issue token (in memory) vs Argon2 hash", "Management.issueToken:store=memory",
                    "ColdVerification.argon2HashFloor", ""),
            new Row("issue token (H2)", "Management.issueToken:store=h2", "ColdVerification.argon2HashFloor", ""),
            new Row("create connection (in memory)", "Management.createConnection:store=memory",
                    "ColdVerification.argon2HashFloor", ""),
            new Row("create connection (H2)", "Management.createConnection:store=h2", "ColdVerification.argon2HashFloor",
                    ""),
            new Row("regenerate connection (in memory)", "Management.regenerateConnection:store=memory",
                    "ColdVerification.argon2HashFloor", ""),
            new Row("regenerate connection (H2)", "Management.regenerateConnection:store=h2",
                    "ColdVerification.argon2HashFloor", ""),
            new Row("a connection revoked elsewhere, applied with 100,000 credentials remembered vs none",
                    "Revocations.applyConnectionRevocation:remembered=100000",
                    "Revocations.applyConnectionRevocation:remembered=0", ""),
            new Row("store read by lookup id, in memory", "StoreReads.findConnectionByLookupId:store=memory", null,
                    ""),
            new Row("store read by lookup id, H2", "StoreReads.findConnectionByLookupId:store=h2", null, ""));

    /**
     * A score with its error, in ns/op for average times and in JMH's unit (ops/ms, ops/µs) for throughputs, and for a figure
     * measured side by side with others in one benchmark ({@code group}: a JMH group's method, or a server
     * a method calls in turn) the score of each measurement iteration, fork after fork, to pair with theirs.
     */
    private record Score(double value, double error, String unit, String group, double[] iterations) {
        String text() {
            return String.format(Locale.ROOT, "%s ± %s %s", number(value), number(error), unit);
        }
    }

    private final Map<String, Score> scores;

    private ResultTable(Map<String, Score> scores) {
        this.scores = scores;
    }

    static ResultTable of(String json) {
        Map<String, Score> scores = new HashMap<>();
        try {
            for (JsonNode run : new ObjectMapper().readTree(json)) {
                scores.put(name(run), score(run.get("primaryMetric"), null, null));
                // A group's methods, measured side by side, are its secondary metrics: Class.group:method.
                JsonNode secondary = run.get("secondaryMetrics");
                if (secondary != null) {
                    secondary.fields().forEachRemaining(m -> scores.put(name(run) + ':' + m.getKey(),
                            score(m.getValue(), name(run), iterations(m.getValue()))));
                    waitedThroughputs(name(run), secondary, scores);
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return new ResultTable(scores);
    }

    /**
     * For a method that calls servers in turn and counts, per iteration, its {@code requests} to each and
     * the nanoseconds it waited for each ({@code <server>Nanos}): each server's throughput, iteration by
     * iteration, as {@code Class.method:<server>} in requests per ms of waiting. These are measured under
     * the same conditions and pair like a group's methods.
     */
    private static void waitedThroughputs(String method, JsonNode secondary, Map<String, Score> scores) {
        double[] requests = secondary.has("requests") ? iterations(secondary.get("requests")) : null;
        if (requests == null) {
            return;
        }
        secondary.fields().forEachRemaining(m -> {
            double[] nanos = m.getKey().endsWith("Nanos") ? iterations(m.getValue()) : null;
            if (nanos == null || nanos.length != requests.length) {
                return;
            }
            double[] perMs = new double[nanos.length];
            for (int i = 0; i < perMs.length; i++) {
                perMs[i] = requests[i] / (nanos[i] / 1e6);
            }
            ListStatistics throughput = new ListStatistics(perMs);
            String server = m.getKey().substring(0, m.getKey().length() - "Nanos".length());
            scores.put(method + ':' + server, new Score(throughput.getMean(), throughput.getMeanErrorAt(0.999),
                    "ops/ms", method, perMs));
        });
    }

    /** {@code Class.method}, then {@code :param=value} for each parameter. */
    private static String name(JsonNode run) {
        String full = run.get("benchmark").asText();
        String[] parts = full.split("\\.");
        StringBuilder name = new StringBuilder(parts[parts.length - 2]).append('.').append(parts[parts.length - 1]);
        JsonNode params = run.get("params");
        if (params != null) {
            params.fields().forEachRemaining(p -> name.append(':').append(p.getKey()).append('=')
                    .append(p.getValue().asText()));
        }
        return name.toString();
    }

    private static double[] iterations(JsonNode metric) {
        JsonNode forks = metric.get("rawData");
        if (forks == null) {
            return null;
        }
        DoubleStream.Builder all = DoubleStream.builder();
        forks.forEach(fork -> fork.forEach(iteration -> all.add(iteration.asDouble())));
        return all.build().toArray();
    }

    private static Score score(JsonNode metric, String group, double[] iterations) {
        String unit = metric.get("scoreUnit").asText();
        double scale = switch (unit) {
            case "ms/op" -> 1e6;
            case "us/op" -> 1e3;
            default -> 1;
        };
        String shown = unit.endsWith("/op") ? "ns/op" : unit;
        return new Score(metric.get("score").asDouble() * scale, metric.get("scoreError").asDouble() * scale, shown,
                group, iterations);
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append("| figure | ratio | target | score | floor | floor score |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (Row row : ROWS) {
            Score figure = scores.get(row.figure());
            if (figure == null) {
                continue;
            }
            Score floor = row.floor() == null ? null : scores.get(row.floor());
            out.append("| ").append(row.label()).append(" | ").append(ratio(figure, floor)).append(" | ")
                    .append(row.target().isEmpty() ? "" : row.target() + verdict(row.target(), figure, floor))
                    .append(" | ").append(figure.text()).append(" | ")
                    .append(row.floor() == null ? "" : row.floor()).append(" | ")
                    .append(floor == null ? "" : floor.text()).append(" |\n");
        }
        return out.toString();
    }

    private static String ratio(Score figure, Score floor) {
        if (floor == null) {
            return "";
        }
        Ratio ratio = Ratio.of(figure, floor);
        return String.format(Locale.ROOT, "%.2f ± %.2f%s", ratio.value(), ratio.error(), ratio.paired() ? " paired" : "");
    }

    /** A figure's ratio to its floor with its 99.9% error, paired when the two were measured side by side. */
    private record Ratio(double value, double error, boolean paired) {
        static Ratio of(Score figure, Score floor) {
            ListStatistics paired = ResultTable.paired(figure, floor);
            if (paired != null) {
                return new Ratio(paired.getMean(), paired.getMeanErrorAt(0.999), true);
            }
            double ratio = figure.value() / floor.value();
            return new Ratio(ratio, ratio * Math.hypot(figure.error() / figure.value(), floor.error() / floor.value()),
                    false);
        }
    }

    /**
     * For two figures measured side by side in one benchmark, the ratio of each iteration's two scores: what
     * slowed the machine during an iteration slowed both, and drops out of their ratio. Null otherwise.
     */
    private static ListStatistics paired(Score figure, Score floor) {
        double[] figures = figure.iterations();
        double[] floors = floor.iterations();
        if (figure.group() == null || !figure.group().equals(floor.group()) || figures == null || floors == null
                || figures.length != floors.length || figures.length < 2) {
            return null;
        }
        double[] ratios = new double[figures.length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = figures[i] / floors[i];
        }
        return new ListStatistics(ratios);
    }

    /**
     * "met" when the whole interval of the ratio meets the target, "MISSED" when none of it does, and
     * "not shown" when the interval reaches across the bound or is not known.
     */
    private static String verdict(String target, Score figure, Score floor) {
        if (floor == null) {
            return "";
        }
        Ratio ratio = Ratio.of(figure, floor);
        if (Double.isNaN(ratio.value())) {
            return " unknown";
        }
        if (Double.isNaN(ratio.error())) {
            return " not shown";
        }
        double bound = Double.parseDouble(target.substring(2));
        boolean upper = target.charAt(0) != '≥';
        double worst = upper ? ratio.value() + ratio.error() : ratio.value() - ratio.error();
        double best = upper ? ratio.value() - ratio.error() : ratio.value() + ratio.error();
        if (meets(target.charAt(0), worst, bound)) {
            return " met";
        }
        return meets(target.charAt(0), best, bound) ? " not shown" : " MISSED";
    }

    private static boolean meets(char comparison, double ratio, double bound) {
        return switch (comparison) {
            case '≤' -> ratio <= bound;
            case '<' -> ratio < bound;
            default -> ratio >= bound;
        };
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "?";
        }
        if (value >= 1e6) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value);
    }
}
