package io.aurorakit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the JMH JSON ({@code -rf json}) and the failover harness JSON into {@code RESULTS.md} and PNG charts: tables
 * with machine, JDK, versions and date, and every goal of issue 6 (plus the lab's and the proxy's performance goals)
 * with its measured value and met/missed.
 *
 * <pre>
 * java -cp benchmarks.jar io.aurorakit.bench.ResultsReport --jmh results/jmh.json --harness results/harness.json \
 *     --markdown RESULTS.md --charts results
 * </pre>
 * {@code --jmh} is optional (the harness-only smoke run has none) and may list several files separated by commas (the
 * first one's result wins where two have the same benchmark): the raw {@code -rf json} output or slim copies, which
 * keep every figure the report uses; {@code --jmh-slim FILE} also writes a copy of the (single) JMH JSON without the
 * raw samples (small enough to commit). {@code --serverless FILE} adds the Serverless v2 section,
 * {@code --overhead FILE} the DB-load sampler's overhead ({@link SamplerOverheadHarness}); {@code --harness-waits FILE}
 * is a harness run whose database load around the faults is shown when the main harness file has none (an older file).
 */
public final class ResultsReport {

    /** The query-path benchmark's workloads (its {@code @Benchmark} methods), in report order. */
    static final List<String> WORKLOADS = List.of("selectOne", "primaryKeyLookup", "updateRow",
            "updateInTransaction");

    private final JmhResults jmh;
    private final HarnessResult harness;
    private final ServerlessResult serverless;
    private final SamplerOverheadResult overhead;
    private final HarnessResult waits;
    private final CallCostResult callCost;
    private final ConnectionBudgetResult connections;

    ResultsReport(JmhResults jmh, HarnessResult harness) {
        this(jmh, harness, null);
    }

    /** {@code jmh} and {@code serverless} may be null (not measured in this run). */
    ResultsReport(JmhResults jmh, HarnessResult harness, ServerlessResult serverless) {
        this(jmh, harness, serverless, null, null);
    }

    /**
     * Everything but {@code harness} may be null (not measured); {@code waits} is a separate harness run whose load
     * windows are shown when {@code harness} has none.
     */
    ResultsReport(JmhResults jmh, HarnessResult harness, ServerlessResult serverless, SamplerOverheadResult overhead,
                  HarnessResult waits) {
        this(jmh, harness, serverless, overhead, waits, null, null);
    }

    /** As above, plus the interleaved call-cost and the connection-budget measurements (either may be null). */
    ResultsReport(JmhResults jmh, HarnessResult harness, ServerlessResult serverless, SamplerOverheadResult overhead,
                  HarnessResult waits, CallCostResult callCost, ConnectionBudgetResult connections) {
        this.callCost = callCost;
        this.connections = connections;
        this.jmh = jmh;
        this.harness = harness;
        this.serverless = serverless;
        this.overhead = overhead;
        this.waits = waits;
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        if (args.length % 2 != 0 || !o.containsKey("--harness") || !o.containsKey("--markdown")
                || !o.containsKey("--charts")) {
            System.err.println("usage: ResultsReport [--jmh jmh.json[,more.json] [--jmh-slim small.json]]"
                    + " --harness harness.json"
                    + " [--serverless serverless.json] [--overhead sampler-overhead.json]"
                    + " [--harness-waits harness-waits.json] [--call-cost call-cost.json]"
                    + " [--connections connections.json] --markdown RESULTS.md"
                    + " --charts DIR");
            System.exit(2);
        }
        if (o.containsKey("--jmh-slim") && o.containsKey("--jmh")) {
            JmhResults.slim(Path.of(o.get("--jmh")), Path.of(o.get("--jmh-slim")));
        }
        Path markdown = Path.of(o.get("--markdown"));
        Path charts = Path.of(o.get("--charts"));
        generate(o.containsKey("--jmh") ? Path.of(o.get("--jmh")) : null, Path.of(o.get("--harness")),
                optionalPath(o, "--serverless"), optionalPath(o, "--overhead"), optionalPath(o, "--harness-waits"),
                optionalPath(o, "--call-cost"), optionalPath(o, "--connections"), markdown, charts);
        System.out.println("wrote " + markdown + " and charts in " + charts);
    }

    private static Path optionalPath(Map<String, String> options, String name) {
        return options.containsKey(name) ? Path.of(options.get(name)) : null;
    }

    /** Reads the inputs, writes the markdown and the charts (no Serverless v2 section). */
    static void generate(Path jmhJson, Path harnessJson, Path markdown, Path chartDir) throws IOException {
        generate(jmhJson, harnessJson, null, markdown, chartDir);
    }

    /**
     * Reads the inputs, writes the markdown and the charts. The JMH file may be the raw {@code -rf json} output or
     * the slim copy in {@code results/jmh.json} (it keeps every figure the report uses); it and the Serverless v2 file
     * may be null or missing.
     */
    static void generate(Path jmhJson, Path harnessJson, Path serverlessJson, Path markdown, Path chartDir)
            throws IOException {
        generate(jmhJson, harnessJson, serverlessJson, null, null, markdown, chartDir);
    }

    /**
     * As {@link #generate(Path, Path, Path, Path, Path)}, plus the sampler-overhead file and a separate harness run
     * with load windows; both may be null or missing.
     */
    static void generate(Path jmhJson, Path harnessJson, Path serverlessJson, Path overheadJson, Path waitsJson,
                         Path markdown, Path chartDir) throws IOException {
        generate(jmhJson, harnessJson, serverlessJson, overheadJson, waitsJson, null, null, markdown, chartDir);
    }

    /** As above, plus the interleaved call-cost and the connection-budget files (may be null or missing). */
    static void generate(Path jmhJson, Path harnessJson, Path serverlessJson, Path overheadJson, Path waitsJson,
                         Path callCostJson, Path connectionsJson, Path markdown, Path chartDir) throws IOException {
        List<Path> jmhFiles = new ArrayList<>();
        if (jmhJson != null) {
            for (String part : jmhJson.toString().split(",")) {
                Path file = Path.of(part.trim());
                if (!part.isBlank() && Files.exists(file)) {
                    jmhFiles.add(file);
                }
            }
        }
        JmhResults jmh = jmhFiles.isEmpty() ? null : JmhResults.read(jmhFiles);
        ObjectMapper mapper = new ObjectMapper();
        HarnessResult harness = mapper.readValue(harnessJson.toFile(), HarnessResult.class);
        ServerlessResult serverless = readIfPresent(mapper, serverlessJson, ServerlessResult.class);
        SamplerOverheadResult overhead = readIfPresent(mapper, overheadJson, SamplerOverheadResult.class);
        HarnessResult waits = readIfPresent(mapper, waitsJson, HarnessResult.class);
        CallCostResult callCost = readIfPresent(mapper, callCostJson, CallCostResult.class);
        ConnectionBudgetResult connections = readIfPresent(mapper, connectionsJson, ConnectionBudgetResult.class);
        ResultsReport report = new ResultsReport(jmh, harness, serverless, overhead, waits, callCost, connections);
        Path mdParent = markdown.toAbsolutePath().getParent();
        Path relCharts = mdParent == null ? chartDir : mdParent.relativize(chartDir.toAbsolutePath());
        ReportCharts.write(chartDir, jmh, harness);
        String text = report.markdown(relCharts.toString().isEmpty() ? "." : relCharts.toString());
        if (mdParent != null) {
            Files.createDirectories(mdParent);
        }
        Files.writeString(markdown, text);
    }

    private static <T> T readIfPresent(ObjectMapper mapper, Path file, Class<T> type) throws IOException {
        return file != null && Files.exists(file) ? mapper.readValue(file.toFile(), type) : null;
    }

    // ------------------------------------------------------------------------------------------------ markdown

    String markdown(String chartLink) {
        StringBuilder body = new StringBuilder();
        if (jmh != null) {
            queryPath(body);
            routing(body);
            checkout(body);
            toxiproxy(body);
        } else {
            body.append("\n_No JMH results in this run (harness only)._\n");
        }
        failover(body);
        labTiming(body);
        if (jmh != null) {
            reconnect(body);
        }
        if (serverless != null) {
            serverless(body);
        }
        if (overhead != null) {
            samplerOverhead(body);
        }
        if (callCost != null) {
            callCost(body);
        }
        if (connections != null) {
            connections(body);
        }

        StringBuilder md = new StringBuilder();
        md.append("# aurora-kit benchmark results\n\n");
        List<String> jmhFiles = jmh == null || jmh.files().equals(List.of("jmh-raw.json")) ? List.of("jmh.json")
                : jmh.files();
        md.append("Generated by `io.aurorakit.bench.ResultsReport` from ").append(jmhFiles.stream()
                        .map(f -> "`results/" + f + "`").collect(java.util.stream.Collectors.joining(", ")))
                .append(" and `results/harness.json` (profile `").append(harness.profile()).append("`, ").append(harness.generatedAt()).append(")");
        if (serverless != null) {
            md.append(" and `results/serverless.json` (profile `").append(serverless.profile()).append("`, ")
                    .append(serverless.generatedAt()).append(")");
        }
        if (overhead != null) {
            md.append(" and `results/sampler-overhead.json` (profile `").append(overhead.profile()).append("`, ")
                    .append(overhead.generatedAt()).append(")");
        }
        if (connections != null) {
            md.append(" and `results/connections.json` (profile `").append(connections.profile()).append("`, ")
                    .append(connections.generatedAt()).append(")");
        }
        if (callCost != null) {
            md.append(" and `results/call-cost.json` (profile `").append(callCost.profile()).append("`, ")
                    .append(callCost.generatedAt()).append(")");
        }
        if (!LoadAroundTable.hasLoad(harness) && LoadAroundTable.hasLoad(waits)) {
            md.append(" and `results/harness-waits.json` (profile `").append(waits.profile()).append("`, ")
                    .append(waits.generatedAt()).append(")");
        }
        md.append(". Do not edit by hand: re-run `benchmarks/run.sh quick|full` (or `benchmarks/run.sh report` to"
                + " regenerate this file from the JSON files).\n\n");
        md.append("> Numbers come from a **shared, noisy 2-core machine** (other developers were building and testing"
                + " at the same time) against a local lab of real PostgreSQL processes on loopback. Compare variants"
                + " within one table, not across machines; absolute latencies on a real network to Aurora are"
                + " dominated by the network round trip.\n\n");
        md.append("## Environment\n\n| | |\n|---|---|\n");
        harness.environment().machine().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v)
                .append(" |\n"));
        if (jmh != null) {
            md.append("| JMH JVM | ").append(jmh.jdk()).append(" |\n");
            md.append("| JMH | ").append(jmh.jmhVersion()).append(", ").append(jmh.settings()).append(" |\n");
        }
        harness.environment().versions().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v)
                .append(" |\n"));
        md.append("| lab timing of failover runs | ").append(harness.labTiming()).append(" |\n");
        md.append("\n## Goals\n\n| goal | measured | status | why / note |\n|---|---|---|---|\n");
        for (ResultsGoals.Goal g : new ResultsGoals(jmh, harness, serverless, overhead, callCost, connections).evaluate()) {
            md.append("| ").append(String.join(" | ", g.goal(), g.measured(), g.status(), g.note())).append(" |\n");
        }
        md.append(body);
        md.append("\n## Charts\n\n");
        if (jmh != null) {
            md.append(image("overhead ratios", chartLink, ReportCharts.OVERHEAD_CHART)).append("\n\n");
            md.append(image("routing ratios", chartLink, ReportCharts.ROUTING_CHART)).append("\n\n");
        }
        md.append(image("outage by configuration", chartLink, ReportCharts.OUTAGE_CHART)).append("\n");
        md.append("\n## Method\n\n"
                + "- JMH (`Mode.SampleTime`, 1 thread; one fork per benchmark, each starting its own lab in"
                + " `@Setup(Level.Trial)` and closing it in `@TearDown`). One operation = pool checkout, one statement,"
                + " return. Every variant reaches the writer through the **same** embedded-Toxiproxy proxy (the"
                + " cluster endpoint), so they are compared like with like. Throughput is 1 / mean time per operation"
                + " of the single benchmark thread. These labs run without TLS (`tls(false)`), because TLS on"
                + " loopback adds more per query than the overheads compared; section 7's labs run with it.\n"
                + "- `(d) AuroraDataSource.write()` runs the statement in a transaction with failover retry, so it"
                + " pays one extra COMMIT round trip compared with the autocommit variants.\n"
                + "- Failover harness (`FailoverTimingHarness`): 2 writer + 2 reader threads at 20 ops/s each, one"
                + " AURORA-timing lab (3 s detection, 2 s promotion, 5 s stale DNS, hard fence) shared by all"
                + " configurations, a fresh client per run; the lab accepts TLS (its default) and the clients keep"
                + " pgjdbc's default `sslmode=prefer`, so they reconnect over TLS as against Aurora. Write/read"
                + " outage = the longest window after the fault without an acknowledged write/read (the drill's"
                + " definition); `+` marks a run that had not"
                + " recovered when observation stopped (a lower bound). App detection = fault to the first error or"
                + " handled failover the application saw (failover2 holds a failing call until it has found the new"
                + " writer, so for aurora-kit this is close to the outage); wrapper detection = fault to the"
                + " wrapper logging the start of its failover, i.e. when the client library itself noticed. The"
                + " black-hole goal uses the wrapper detection. `lab writer-available` = fault to the lab's"
                + " `writer-available` phase, i.e. the cluster's own failover time that no client can beat.\n"
                + "- Black hole = the writer's proxy drops traffic without RST and the cluster fails over only after a"
                + " hold time = the configuration's detection budget + 2 s (at most 50 s; the lab's 3 s detection"
                + " delay for the no-wrapper baseline), so the client must detect the dead writer itself; its"
                + " network is healed when the failover finished. Black-hole outages therefore include that hold"
                + " and differ by configuration by design.\n");
        if (serverless != null) {
            md.append("- Serverless v2 (`ServerlessHarness`, section 8): its own labs (1 writer + 1 tier-1 reader,"
                    + " every instance Serverless v2 with minimum 0 ACU); the lab pauses a cluster after `autoPause`"
                    + " without a client connection through its proxies and holds a new connection at the proxy,"
                    + " right after the TCP accept, for the resume time (where Aurora holds it is undocumented)."
                    + " Times are from the application's last call; a run of the full profile takes ~10 min.\n");
        }
        if (overhead != null) {
            md.append("- DB-load sampler overhead (`SamplerOverheadHarness`, section 9): interleaved rounds with and"
                    + " without a `DbLoadSampler` at 1 Hz on a saturating load, rather than JMH forks, whose"
                    + " fork-to-fork noise on this machine is larger than the 1% looked for.\n");
        }
        return md.toString();
    }

    private static String image(String alt, String chartLink, String file) {
        return "![" + alt + "](" + chartLink + "/" + file + ")";
    }

    private void queryPath(StringBuilder md) {
        md.append("\n## 1. Query-path overhead (writer, through the same proxy)\n\n");
        md.append("| workload | variant | p50 us | p99 us | mean us | ops/s | p50 / (a) | p99 / (a) |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (String workload : WORKLOADS) {
            Optional<JmhResults.Result> base = jmh.find("QueryPathBenchmark." + workload, ClientVariant.plainPgjdbc);
            for (ClientVariant variant : ClientVariant.values()) {
                Optional<JmhResults.Result> r = jmh.find("QueryPathBenchmark." + workload, variant);
                if (r.isEmpty()) {
                    continue;
                }
                JmhResults.Result x = r.get();
                double p50Ratio = base.map(b -> x.p50() / b.p50()).orElse(Double.NaN);
                double p99Ratio = base.map(b -> x.p99() / b.p99()).orElse(Double.NaN);
                md.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | %.0f | %.3f | %.3f |%n",
                        workload, variant.label(), x.p50(), x.p99(), x.score(), x.opsPerSecond(), p50Ratio,
                        p99Ratio));
            }
        }
        double noise = ResultsGoals.queryPathNoise(jmh);
        if (noise > 0) {
            md.append(String.format(Locale.ROOT, "%nNoise check: the wrapper cannot make a query faster than plain"
                    + " pgjdbc, nor plugins faster than no plugins, yet the p50 ordering (a) <= (b) <= (c) was violated"
                    + " by up to %.0f%%: background load on this shared machine changed that much between the forks"
                    + " (each variant runs in its own fork, one after the other). Goal verdicts within that band are"
                    + " marked inconclusive.%n", noise * 100));
        }
    }

    private void routing(StringBuilder md) {
        md.append("\n## 2. Read/write routing (one primary-key read on a reader)\n\n");
        md.append("| variant | p50 us | p99 us | mean us | ops/s | p50 / plain reader pool |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        Optional<JmhResults.Result> base = jmh.find("RoutingBenchmark.read", RoutingVariant.plainReaderPool);
        List<Double> ratios = new ArrayList<>();
        for (RoutingVariant variant : RoutingVariant.values()) {
            Optional<JmhResults.Result> r = jmh.find("RoutingBenchmark.read", variant);
            if (r.isEmpty()) {
                continue;
            }
            JmhResults.Result x = r.get();
            double ratio = base.map(b -> x.p50() / b.p50()).orElse(Double.NaN);
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.0f | %.2f |%n", variant, x.p50(),
                    x.p99(), x.score(), x.opsPerSecond(), ratio));
            if (variant != RoutingVariant.plainReaderPool && !Double.isNaN(ratio)) {
                ratios.add(ratio);
            }
        }
        double noise = ResultsGoals.routingNoise(ratios);
        if (noise > 0) {
            md.append(String.format(Locale.ROOT, "%nNoise check: a routed read does strictly more work than a"
                    + " plain read on a reader pool, yet one measured %.0f%% faster: fork-to-fork noise on this"
                    + " shared machine is at least that large.%n", noise * 100));
        }
    }

    private void callCost(StringBuilder md) {
        CallCostResult.Settings st = callCost.settings();
        md.append("\n## 10. Call cost, interleaved (write(), read(), readAutoCommit() next to the same work by hand)\n\n");
        md.append(String.format(Locale.ROOT, "Measured on the lab, not on Aurora (`CallCostHarness`, profile `%s`, lab"
                + " timing %s; the JMH lab: 1 writer + 1 reader, no TLS, every client through the instances' proxies)."
                + " One thread; after %d s of warm-up per call, %d cycles of %d ms rounds, one call per round, each"
                + " group's baseline first, so every round sits between two baseline rounds; ratio = the round's"
                + " median latency / the mean of those two baseline medians (a drift of the shared machine cancels"
                + " out). Interleaved because the goals (1.10x, 1.2x) are closer than JMH's fork-to-fork noise here."
                + "%n%n", callCost.profile(), callCost.labTiming(), st.warmUpSeconds(), st.cycles(), st.roundMillis()));
        md.append("| call | compared with | median ratio | 95% confidence interval | p50 us (median of rounds) |"
                + " baseline p50 us |\n|---|---|---:|---|---:|---:|\n");
        for (CallCostHarness.Call call : CallCostHarness.Call.values()) {
            if (call.baseline() == call) {
                continue;
            }
            double[] interval = callCost.interval(call);
            md.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f - %.3f | %.1f | %.1f |%n",
                    call.label(), call.baseline().label(), callCost.ratio(call), interval[0], interval[1],
                    callCost.p50Micros(call), callCost.p50Micros(call.baseline())));
        }
    }

    private void connections(StringBuilder md) {
        md.append("\n## 11. Server connections per application instance (lab, 1 writer + ")
                .append(connections.instances() - 1).append(" readers)\n\n");
        md.append(String.format(Locale.ROOT, "Measured on the lab, not on Aurora (`ConnectionBudgetHarness`, profile"
                + " `%s`, lab timing %s): one `AuroraDataSource` per row (the preset as it is, `maximumPoolSize` as"
                + " shown, its own application name and `clusterId`); as many threads as the pool has connections run"
                + " `write()` and `read()` together, the first call of each with every thread holding a pooled"
                + " connection at once; then the backends with that application name are counted on every instance."
                + " Beyond the pools = those backends - the connections HikariCP's pools hold: the AWS wrapper's"
                + " topology monitor (one), its failure-detection monitors (one per instance a statement ran on for"
                + " longer than `failureDetectionTime`: none in this warm-up) and the reader connection its read/write"
                + " splitting caches on each pooled connection that served a `read()`. Topology polling = the monitor's"
                + " `aurora_replica_status()` queries while the application then idles %d s (pg_stat_statements on"
                + " every instance; on the lab the function is a PL/pgSQL emulation, so its server time is the lab's,"
                + " not Aurora's).%n%n", connections.profile(), connections.labTiming(),
                connections.runs().isEmpty() ? 0 : connections.runs().get(0).idleSeconds()));
        md.append("| preset | maximumPoolSize | server connections | held by the pools | beyond the pools | by instance |"
                + " topology queries/s | topology server time per s |\n|---|---:|---:|---:|---:|---|---:|---:|\n");
        for (ConnectionBudgetResult.Run r : connections.runs()) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %s | %.2f | %.1f ms |%n", r.preset(),
                    r.poolSize(), r.serverConnections(), r.pooled(), r.beyondPools(), r.perInstance().entrySet()
                            .stream().map(e -> e.getKey() + " " + e.getValue())
                            .collect(java.util.stream.Collectors.joining(", ")),
                    r.topologyQueriesPerSecond(), r.topologyMicrosPerSecond() / 1000));
        }
    }

    private void checkout(StringBuilder md) {
        md.append("\n## 3. Pool checkout cycle (getConnection + close, no statement)\n\n");
        md.append("| variant | p50 us | p99 us | mean us | ops/s | mean / plain Hikari |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        Optional<JmhResults.Result> base = jmh.find("CheckoutBenchmark.checkout", ClientVariant.plainPgjdbc);
        for (ClientVariant variant : List.of(ClientVariant.plainPgjdbc, ClientVariant.wrapperAuroraPlugins,
                ClientVariant.auroraKit)) {
            jmh.find("CheckoutBenchmark.checkout", variant).ifPresent(x -> md.append(String.format(Locale.ROOT,
                    "| %s | %.2f | %.2f | %.2f | %.0f | %.2f |%n", variant.label(), x.p50(), x.p99(),
                    x.score(), x.opsPerSecond(), base.map(b -> x.score() / b.score()).orElse(Double.NaN))));
        }
        md.append("\nSampleTime has a timer granularity of tens of ns; the mean is the better figure here.\n");
    }

    private void toxiproxy(StringBuilder md) {
        md.append("\n## 4. Embedded Toxiproxy cost (no toxics; pgjdbc primary-key lookup)\n\n");
        Optional<JmhResults.Result> rtDirect = jmh.find("ToxiproxyCostBenchmark.roundTrip", "direct");
        Optional<JmhResults.Result> rtProxied = jmh.find("ToxiproxyCostBenchmark.roundTrip", "proxied");
        Optional<JmhResults.Result> tDirect = jmh.find("ToxiproxyCostBenchmark.throughput", "direct");
        Optional<JmhResults.Result> tProxied = jmh.find("ToxiproxyCostBenchmark.throughput", "proxied");
        md.append("| measure | direct | through proxy | difference |\n|---|---:|---:|---:|\n");
        if (rtDirect.isPresent() && rtProxied.isPresent()) {
            double added = rtProxied.get().p50() - rtDirect.get().p50();
            md.append(String.format(Locale.ROOT, "| round trip p50 (1 client) | %.1f us | %.1f us | +%.1f us |%n",
                    rtDirect.get().p50(), rtProxied.get().p50(), added));
            md.append(String.format(Locale.ROOT, "| round trip p99 (1 client) | %.1f us | %.1f us | %+.1f us |%n",
                    rtDirect.get().p99(), rtProxied.get().p99(), rtProxied.get().p99() - rtDirect.get().p99()));
        }
        if (tDirect.isPresent() && tProxied.isPresent()) {
            double share = tProxied.get().score() / tDirect.get().score();
            md.append(String.format(Locale.ROOT, "| throughput (%d clients) | %.0f ops/s | %.0f ops/s | %.0f%% |%n",
                    ToxiproxyCostBenchmark.CLIENTS, tDirect.get().score(), tProxied.get().score(), share * 100));
        }
    }

    private void failover(StringBuilder md) {
        List<FailoverSummary> summaries = FailoverSummary.of(harness.runs());
        md.append("\n## 5. Failover timing under load (harness)\n\n");
        md.append("| configuration | fault | runs | write outage p50 / p95 ms | read outage p50 / p95 ms |"
                + " app detection p50 / p95 ms | wrapper detection p50 / p95 ms | detection budget ms |"
                + " lab writer-available p50 ms |"
                + " write outage - writer-available p95 ms | errors seen by app (mean) |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (FailoverSummary s : summaries) {
            md.append(String.format(Locale.ROOT,
                    "| %s | %s | %d%s | %d / %d | %d / %d | %s | %s | %s | %d | %d | %.1f |%n",
                    s.configuration(), s.fault(), s.runs().size(),
                    s.censoredRuns() > 0 ? " (" + s.censoredRuns() + "+)" : "",
                    s.writeOutage(50), s.writeOutage(95), s.readOutage(50), s.readOutage(95),
                    s.detection(50) < 0 ? "none" : s.detection(50) + " / " + s.detection(95),
                    s.wrapperDetection(50) < 0 ? "none" : s.wrapperDetection(50) + " / " + s.wrapperDetection(95),
                    s.budget() == null ? "none" : s.budget().toString(), s.promotion(50), s.excessOverPromotion(95),
                    s.meanErrors()));
        }
        md.append("\nConfigurations:\n\n");
        summaries.stream().map(FailoverSummary::configuration).distinct().forEach(id -> md.append("- `").append(id)
                .append("`: ").append(ClientConfiguration.byId(id).description()).append('\n'));
        md.append("\nErrors by SQLState (all runs of a configuration and fault):\n\n");
        for (FailoverSummary s : summaries) {
            Map<String, Integer> byState = new java.util.TreeMap<>();
            s.runs().forEach(r -> r.errorsByState().forEach((k, v) -> byState.merge(k, v, Integer::sum)));
            md.append("- ").append(s.configuration()).append(" / ").append(s.fault()).append(": ")
                    .append(byState.isEmpty() ? "none" : byState.toString()).append('\n');
        }
        if (LoadAroundTable.hasLoad(harness)) {
            LoadAroundTable.append(md, harness, null);
        } else if (LoadAroundTable.hasLoad(waits)) {
            LoadAroundTable.append(md, waits, "harness-waits.json");
        }
    }

    private void labTiming(StringBuilder md) {
        md.append("\n## 6. Lab timing\n\n| measure | samples | min | p50 | max |\n|---|---:|---:|---:|---:|\n");
        List<Long> starts = harness.labStartsMs().stream().sorted().toList();
        List<Long> planned = harness.plannedFailoversMs().stream().sorted().toList();
        List<Long> writer = harness.plannedWriterAvailableMs().stream().sorted().toList();
        row(md, "lab start, 1 writer + 2 readers (ms)", starts);
        row(md, "planned failover, FAST, end to end incl. old writer rejoined (ms)", planned);
        row(md, "planned failover, FAST, until the new writer accepts connections (ms)", writer);
    }

    private void reconnect(StringBuilder md) {
        String reconnect = "ReconnectBenchmark.reconnect";
        String roundTrip = "ReconnectBenchmark.roundTrip";
        Optional<JmhResults.Result> base = jmh.find(reconnect, ReconnectBenchmark.SSL_MODES.get(0));
        if (base.isEmpty()) {
            return;
        }
        Optional<JmhResults.Result> baseQuery = jmh.find(roundTrip, ReconnectBenchmark.SSL_MODES.get(0));
        md.append("\n## 7. Reconnect cost with TLS (lab: new pgjdbc connections through the embedded proxy)\n\n");
        md.append("Measured on the lab, not on Aurora: a reconnect opens and closes a plain pgjdbc connection to the"
                + " writer's instance endpoint (its embedded-Toxiproxy proxy, loopback), i.e. TCP connect, the TLS"
                + " handshake (the lab's EC P-256 certificate), SCRAM-SHA-256 login and a new PostgreSQL backend, as"
                + " after a failover; the round trip is one primary-key lookup on an open connection of the same"
                + " `sslmode`. On a real network the SSLRequest exchange and the TLS handshake add about two round"
                + " trips per reconnect on top of these CPU costs.\n\n");
        md.append("| sslmode | reconnect p50 ms | p99 ms | mean ms | p50 - disable ms | round trip p50 us |"
                + " p50 - disable us |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (String mode : ReconnectBenchmark.SSL_MODES) {
            Optional<JmhResults.Result> r = jmh.find(reconnect, mode);
            Optional<JmhResults.Result> q = jmh.find(roundTrip, mode);
            if (r.isEmpty()) {
                continue;
            }
            JmhResults.Result x = r.get();
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %+.2f | %s | %s |%n", mode,
                    x.p50() / 1000, x.p99() / 1000, x.score() / 1000, (x.p50() - base.get().p50()) / 1000,
                    q.map(y -> String.format(Locale.ROOT, "%.1f", y.p50())).orElse(""),
                    q.flatMap(y -> baseQuery.map(b -> String.format(Locale.ROOT, "%+.1f", y.p50() - b.p50())))
                            .orElse("")));
        }
    }

    private void serverless(StringBuilder md) {
        ServerlessResult.LabSettings lab = serverless.lab();
        String pause = seconds(lab.autoPauseMs());
        md.append("\n## 8. Aurora Serverless v2: connections while idle, pause, first query after resume (lab)\n\n");
        md.append("Measured on the lab, not on Aurora (`ServerlessHarness`, profile `").append(serverless.profile())
                .append("`): each preset on its own lab of 1 writer + ").append(lab.readers())
                .append(" tier-1 reader, all Serverless v2 (0-4 ACU), `autoPause` ").append(pause)
                .append(" (Aurora's `SecondsUntilAutoPause` is at least 300 s: add it to the pause times below),"
                        + " resume time ").append(seconds(lab.resumeTimeMs()))
                .append(" (Aurora's typical figure). Connections = the client connections the JVM holds to the"
                        + " cluster: live connections through the instances' proxies - pooled writer and reader"
                        + " connections and the AWS wrapper's topology and failure-detection connections alike -"
                        + " which is what the lab's auto-pause looks at.\n\n");
        if (serverless.idle().isEmpty()) {
            md.append("_Connections while idle per preset: measured by `run.sh full` only._\n");
        } else {
            md.append("After a few `write()`/`read()` calls the application goes idle; connections sampled every"
                    + " 250 ms from its last call (default pool size, the presets as they are, all presets in"
                    + " parallel in one JVM; `serverless-v2`'s data source was built first, so the JVM-wide"
                    + " `monitorDisposalTime` is its 60 s).\n\n");
            md.append("| preset | connections at 10 s | at 60 s | at 150 s | most while idle |"
                    + " JVM holds no connection after | README bound | instance paused after (autoPause ")
                    .append(pause).append(") |\n|---|---:|---:|---:|---:|---:|---|---:|\n");
            for (ServerlessResult.IdleRun run : serverless.idle()) {
                md.append("| ").append(run.preset()).append(run.overrides().isEmpty() ? "" : " with "
                                + overrides(run.overrides()) + ", housekeeping " + run.housekeepingMs() + " ms")
                        .append(" | ").append(idleAt(run, 10)).append(" | ").append(idleAt(run, 60)).append(" | ")
                        .append(idleAt(run, 150)).append(" | ").append(run.maxConnections()).append(" | ")
                        .append(run.zeroAfterMs() == null ? "never within " + seconds(run.windowMs())
                                : seconds(run.zeroAfterMs()))
                        .append(" | ").append(run.expectedZero()).append(" | ")
                        .append(run.pausedAfterMs() == null ? "never within " + seconds(run.windowMs())
                                : seconds(run.pausedAfterMs()))
                        .append(" |\n");
            }
        }
        List<ServerlessResult.ResumeRun> resumes = serverless.resumes();
        if (resumes.isEmpty()) {
            return;
        }
        md.append("\nFirst query after a resume: each run waits until the application holds no connection and the lab"
                + " has paused the cluster, then times one `write()` (an INSERT and a `pg_stat_ssl` lookup in one"
                + " transaction) from the call until it returns; lab resume = the lab's `resume-initiated` to"
                + " `resumed` of the resume that call caused. To shorten the wait for the pause - not the resume"
                + " path - these runs set the overrides shown and HikariCP's housekeeping period to ")
                .append(lab.housekeepingMs()).append(" ms (`").append(ServerlessHarness.HOUSEKEEPING_PROPERTY)
                .append("`, default 30 s).\n\n");
        md.append("| preset | overrides | runs | no connection / paused after p50 | first query p50 / p95 ms |"
                + " lab resume p50 ms | first query - lab resume p50 / p95 ms | errors seen by app |"
                + " failures handled inside write() | TLS |\n|---|---|---:|---:|---:|---:|---:|---:|---|---|\n");
        Map<String, List<ServerlessResult.ResumeRun>> byPreset = new LinkedHashMap<>();
        resumes.forEach(r -> byPreset.computeIfAbsent(r.preset() + new java.util.TreeMap<>(r.overrides()),
                k -> new ArrayList<>()).add(r));
        for (Map.Entry<String, List<ServerlessResult.ResumeRun>> e : byPreset.entrySet()) {
            List<ServerlessResult.ResumeRun> runs = e.getValue();
            String preset = runs.get(0).preset();
            List<ServerlessResult.ResumeRun> timed = runs.stream().filter(r -> r.pausedAfterMs() != null).toList();
            Map<String, Integer> handled = new java.util.TreeMap<>();
            timed.forEach(r -> r.handled().forEach((k, v) -> handled.merge(k, v, Integer::sum)));
            List<Boolean> tls = timed.stream().map(ServerlessResult.ResumeRun::encrypted).distinct().toList();
            md.append("| ").append(preset).append(" | ").append(overrides(runs.get(0).overrides())).append(" | ")
                    .append(timed.size()).append(" | ")
                    .append(timed.isEmpty() ? "did not pause" : seconds(p(timed, 50, r -> r.zeroAfterMs())) + " / "
                            + seconds(p(timed, 50, r -> r.pausedAfterMs())))
                    .append(" | ").append(timed.isEmpty() ? "" : p(timed, 50, r -> r.firstQueryMs()) + " / "
                            + p(timed, 95, r -> r.firstQueryMs()))
                    .append(" | ").append(orBlank(p(timed, 50, r -> r.labResumeMs())))
                    .append(" | ").append(orBlank(p(timed, 50, ServerlessResult.ResumeRun::excessMs)))
                    .append(p(timed, 95, ServerlessResult.ResumeRun::excessMs) == null ? ""
                            : " / " + p(timed, 95, ServerlessResult.ResumeRun::excessMs))
                    .append(" | ").append(timed.stream().filter(r -> !r.ok()).count())
                    .append(" | ").append(handled.isEmpty() ? "none" : handled.toString())
                    .append(" | ").append(tls.stream().map(b -> b == null ? "-" : b ? "yes" : "no")
                            .collect(java.util.stream.Collectors.joining(", ")))
                    .append(" |\n");
        }
        if (resumes.stream().anyMatch(r -> Boolean.FALSE.equals(r.encrypted()))) {
            md.append("\nTLS \"no\": the session that ran the write was not encrypted, although the lab accepts TLS and"
                    + " pgjdbc's default `sslmode=prefer` asks for it. While the lab held the connection, pgjdbc's"
                    + " `sslResponseTimeout` (5 s outside `serverless-v2`) expired, and with `prefer` pgjdbc then opens"
                    + " an unencrypted connection, which the lab held as well and served after the resume: no error,"
                    + " but no TLS (a server that refuses unencrypted connections turns it into an error)."
                    + " `serverless-v2` sets `sslResponseTimeout=45s`.\n");
        }
        if (resumes.stream().anyMatch(r -> r.ok() && "require".equals(r.overrides().get("sslmode"))
                && !r.preset().equals(io.aurorakit.config.Preset.SERVERLESS_V2.urlName()))) {
            md.append("\nWith `sslmode=require` there is no such fallback: an attempt whose SSL answer timed out failed,"
                    + " and new attempts were made below aurora-kit (no FailoverListener event; HikariCP keeps"
                    + " opening connections for a waiting `getConnection()` within its `connectionTimeout`, 30 s in"
                    + " `provisioned`) until one was held past the resume and served. A resume longer than that budget"
                    + " (Aurora: 30 s or more after a pause of over 24 h) is not measured here.\n");
        }
        List<ServerlessResult.ResumeRun> failed = resumes.stream().filter(r -> r.error() != null).toList();
        if (!failed.isEmpty()) {
            md.append("\nErrors seen by the application:\n\n");
            for (ServerlessResult.ResumeRun r : failed) {
                md.append("- ").append(r.preset()).append(" #").append(r.repetition()).append(" after ")
                        .append(r.firstQueryMs()).append(" ms: `").append(r.error().replace("`", "'"))
                        .append("`\n");
            }
        }
    }

    private void samplerOverhead(StringBuilder md) {
        SamplerOverheadResult.Settings set = overhead.settings();
        md.append("\n## 9. DB-load sampler overhead (lab, ").append(overhead.labTiming().replaceAll("\\[.*", ""))
                .append(" timing)\n\n");
        md.append("Measured on the lab, not on Aurora (`SamplerOverheadHarness`, profile `").append(overhead.profile())
                .append("`, lab timing ").append(overhead.labTiming()).append("; no failover). The failover harness's"
                        + " workload, unpaced (").append(set.writers()).append(" writer + ").append(set.readers())
                .append(" reader threads, each starting its next operation at once, through ").append(set.client())
                .append(") saturates the 2 cores; after ").append(set.warmUpSeconds()).append(" s of warm-up, ")
                .append(2 * set.onRounds() + 1).append(" rounds of ").append(set.roundSeconds()).append(" s"
                        + " alternate without and with a `DbLoadSampler` sampling the writer every ")
                .append(set.intervalMs()).append(" ms, starting and ending without. Ratio = throughput of a round"
                        + " with the sampler / the mean of the two rounds around it without (a steady drift cancels"
                        + " out). Sample time = one `sampleNow()` (the `pg_stat_activity` query, the"
                        + " `pg_stat_statements` text look-up for new query ids, storing the sample), timed by the"
                        + " harness that calls it at the interval.\n\n");
        md.append("| measure | value |\n|---|---:|\n");
        md.append(String.format(Locale.ROOT, "| throughput without / with the sampler (mean ops/s) | %.0f / %.0f |%n",
                overhead.meanOpsPerSecond(false), overhead.meanOpsPerSecond(true)));
        md.append(String.format(Locale.ROOT, "| ratio with / without, median of %d rounds with the sampler | %.4f |%n",
                overhead.roundRatios().size(), overhead.ratio(50)));
        double[] interval = overhead.medianInterval();
        md.append(String.format(Locale.ROOT, "| 95%% confidence interval of the median ratio | %.4f - %.4f |%n",
                interval[0], interval[1]));
        md.append(String.format(Locale.ROOT, "| spread of the ratios: p25 - p75 (min - max) | %.4f - %.4f (%.4f -"
                + " %.4f) |%n", overhead.ratio(25), overhead.ratio(75), overhead.ratio(0), overhead.ratio(100)));
        md.append(String.format(Locale.ROOT, "| throughput cost (1 - median) +- uncertainty (confidence interval) |"
                + " %+.2f%% +- %.2f%% |%n", overhead.cost() * 100, overhead.noise() * 100));
        md.append(String.format(Locale.ROOT, "| sample time on the client, p50 / p95 / max (%d samples; wall time,"
                        + " includes waiting for a CPU on the saturated machine) | %d / %d / %d us |%n",
                overhead.sampleMicros().size(), overhead.sampleMicros(50), overhead.sampleMicros(95),
                overhead.sampleMicros(100)));
        SamplerOverheadResult.ServerTime server = overhead.serverTime();
        if (server != null) {
            md.append(String.format(Locale.ROOT, "| server execution time of the sampler's query (pg_stat_statements"
                    + " mean of %d calls) / share of one core at 1 Hz | %d us / %.3f%% |%n", server.calls(),
                    server.meanMicros(), overhead.serverShare() * 100));
        }
    }

    private static String idleAt(ServerlessResult.IdleRun run, int second) {
        List<Integer> samples = run.connectionsPerSecond();
        return samples.size() >= second ? samples.get(second - 1).toString() : "-";
    }

    private static String overrides(Map<String, String> overrides) {
        return overrides.isEmpty() ? "none" : new java.util.TreeMap<>(overrides).entrySet().stream()
                .map(e -> "`" + e.getKey() + "="
                + e.getValue() + "`").collect(java.util.stream.Collectors.joining(", "));
    }

    /** Nearest-rank percentile of the non-null values; null if there are none. */
    static Long p(List<ServerlessResult.ResumeRun> runs, double percentile,
                  java.util.function.Function<ServerlessResult.ResumeRun, Long> value) {
        List<Long> values = runs.stream().map(value).filter(java.util.Objects::nonNull).sorted().toList();
        return values.isEmpty() ? null : Percentiles.nearestRank(values, percentile);
    }

    private static String orBlank(Long value) {
        return value == null ? "" : value.toString();
    }

    private static String seconds(Long ms) {
        return ms == null ? "" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static void row(StringBuilder md, String name, List<Long> sorted) {
        if (sorted.isEmpty()) {
            md.append("| ").append(name).append(" | 0 | | | |\n");
            return;
        }
        md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d |%n", name, sorted.size(), sorted.get(0),
                Percentiles.nearestRank(sorted, 50), sorted.get(sorted.size() - 1)));
    }


}
