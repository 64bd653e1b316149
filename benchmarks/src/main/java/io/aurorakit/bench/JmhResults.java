package io.aurorakit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The parts of a JMH JSON result file ({@code -rf json}) the report uses. */
final class JmhResults {

    /**
     * One benchmark result.
     *
     * @param benchmark  simple name, e.g. {@code QueryPathBenchmark.selectOne}
     * @param param      the value of its single {@code @Param} ({@code variant} or {@code path}); "" if none
     * @param mode       {@code sample} or {@code thrpt}
     * @param score      mean (sample: time/op) or ops/time (thrpt)
     * @param unit       score unit, e.g. {@code us/op}
     * @param p50        median (sample mode; NaN otherwise)
     * @param p99        99th percentile (sample mode; NaN otherwise)
     */
    record Result(String benchmark, String param, String mode, double score, String unit, double p50, double p99) {

        /** Single-thread throughput implied by the mean time per operation (ops/s), for sample mode in us/op. */
        double opsPerSecond() {
            return "us/op".equals(unit) ? 1_000_000.0 / score : Double.NaN;
        }
    }

    private final List<Result> results;
    private final String jdk;
    private final String jmhVersion;
    private final String settings;
    private final List<String> files;

    private JmhResults(List<Result> results, String jdk, String jmhVersion, String settings, List<String> files) {
        this.files = files;
        this.results = results;
        this.jdk = jdk;
        this.jmhVersion = jmhVersion;
        this.settings = settings;
    }

    static JmhResults read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<Result> results = new ArrayList<>();
        String jdk = "unknown";
        String jmh = "unknown";
        String settings = "";
        for (JsonNode n : root) {
            String full = n.path("benchmark").asText();
            String[] parts = full.split("\\.");
            String name = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : full;
            String param = "";
            JsonNode params = n.path("params");
            if (params.isObject() && params.fields().hasNext()) {
                param = params.fields().next().getValue().asText();
            }
            JsonNode metric = n.path("primaryMetric");
            JsonNode pct = metric.path("scorePercentiles");
            results.add(new Result(name, param, n.path("mode").asText(), metric.path("score").asDouble(),
                    metric.path("scoreUnit").asText(), pct.path("50.0").asDouble(Double.NaN),
                    pct.path("99.0").asDouble(Double.NaN)));
            jdk = n.path("vmName").asText() + " " + n.path("vmVersion").asText() + " (" + n.path("jdkVersion").asText()
                    + ")";
            jmh = n.path("jmhVersion").asText();
            settings = "forks " + n.path("forks").asInt() + ", warm-up " + n.path("warmupIterations").asInt() + " x "
                    + n.path("warmupTime").asText() + ", measurement " + n.path("measurementIterations").asInt()
                    + " x " + n.path("measurementTime").asText();
        }
        return new JmhResults(List.copyOf(results), jdk, jmh, settings,
                List.of(String.valueOf(file.getFileName())));
    }

    /**
     * Several JMH JSON files as one, e.g. the suite's and a benchmark run on its own: their results in file order
     * (where two have the same benchmark and parameter, the earlier file's wins); JVM and settings of the first.
     */
    static JmhResults read(List<Path> files) throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no JMH result file given; expected at least one");
        }
        List<Result> results = new ArrayList<>();
        List<String> names = new ArrayList<>();
        JmhResults first = null;
        for (Path file : files) {
            JmhResults r = read(file);
            first = first == null ? r : first;
            results.addAll(r.results);
            names.addAll(r.files);
        }
        return new JmhResults(List.copyOf(results), first.jdk, first.jmhVersion, first.settings, List.copyOf(names));
    }

    /**
     * Copies a JMH JSON file without its raw sample data (rawData, rawDataHistogram) and without the per-percentile
     * secondary metrics (the percentiles stay in {@code primaryMetric.scorePercentiles}).
     */
    static void slim(Path in, Path out) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode root = mapper.readTree(in.toFile());
        for (JsonNode n : root) {
            strip(n.path("primaryMetric"));
            if (n instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                o.remove("secondaryMetrics");
            }
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            java.nio.file.Files.createDirectories(parent);
        }
        mapper.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), root);
    }

    private static void strip(JsonNode metric) {
        if (metric instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            o.remove("rawData");
            o.remove("rawDataHistogram");
        }
    }

    List<Result> results() {
        return results;
    }

    String jdk() {
        return jdk;
    }

    String jmhVersion() {
        return jmhVersion;
    }

    String settings() {
        return settings;
    }

    /** The names of the files read, in order. */
    List<String> files() {
        return files;
    }

    /** The result of {@code benchmark} for the {@code @Param} enum value {@code param}, if it ran. */
    Optional<Result> find(String benchmark, Enum<?> param) {
        return find(benchmark, param.name());
    }

    /**
     * The p50 (or mean score) of {@code benchmark} for {@code variant} relative to {@code base}, if both ran.
     */
    Optional<Double> ratio(String benchmark, Enum<?> variant, Enum<?> base, boolean p50) {
        Optional<Result> x = find(benchmark, variant);
        Optional<Result> b = find(benchmark, base);
        if (x.isEmpty() || b.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(p50 ? x.get().p50() / b.get().p50() : x.get().score() / b.get().score());
    }

    Optional<Result> find(String benchmark, String param) {
        return results.stream().filter(r -> r.benchmark().equals(benchmark) && r.param().equals(param)).findFirst();
    }
}
