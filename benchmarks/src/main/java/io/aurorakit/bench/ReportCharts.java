package io.aurorakit.bench;

import io.aurorakit.lab.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** Draws the report's bar charts as PNG files (XChart): JMH overhead and routing ratios, failover outage. */
final class ReportCharts {

    static final String OVERHEAD_CHART = "overhead-ratios.png";
    static final String ROUTING_CHART = "routing-ratios.png";
    static final String OUTAGE_CHART = "outage-by-configuration.png";

    private ReportCharts() {
    }

    /** Writes every chart the inputs allow into {@code dir} ({@code jmh} may be null: a harness-only run). */
    static void write(Path dir, JmhResults jmh, HarnessResult harness) throws IOException {
        if (jmh != null) {
            List<String> categories = new ArrayList<>();
            Map<String, Map<String, Double>> series = new LinkedHashMap<>();
            for (ClientVariant variant : ClientVariant.values()) {
                Map<String, Double> values = new LinkedHashMap<>();
                for (String workload : ResultsReport.WORKLOADS) {
                    jmh.ratio("QueryPathBenchmark." + workload, variant, ClientVariant.plainPgjdbc, true)
                            .ifPresent(v -> {
                                values.put(workload, v);
                                if (!categories.contains(workload)) {
                                    categories.add(workload);
                                }
                            });
                }
                if (!values.isEmpty()) {
                    series.put(variant.chartLabel(), values);
                }
            }
            categories.sort(Comparator.comparingInt(ResultsReport.WORKLOADS::indexOf));
            if (!series.isEmpty()) {
                bars(dir.resolve(OVERHEAD_CHART), "Query-path overhead: p50 relative to (a) HikariCP + pgjdbc (lower"
                        + " is better)", "p50 ratio to (a)", categories, series);
            }
            Map<String, Double> routing = new LinkedHashMap<>();
            for (RoutingVariant variant : RoutingVariant.values()) {
                jmh.ratio("RoutingBenchmark.read", variant, RoutingVariant.plainReaderPool, true)
                        .ifPresent(v -> routing.put(variant.name(), v));
            }
            if (!routing.isEmpty()) {
                bars(dir.resolve(ROUTING_CHART), "Routed read: p50 relative to a plain reader pool",
                        "ratio to plain reader pool", List.copyOf(routing.keySet()),
                        Map.of("p50 / plain reader pool", routing));
            }
        }
        // Black-hole runs hold the fault for a configuration-specific time, so their totals are not comparable.
        List<FailoverSummary> summaries = FailoverSummary.of(harness.runs()).stream()
                .filter(s -> !s.fault().equals(Fault.ISOLATE.id())).toList();
        List<String> faults = summaries.stream().map(FailoverSummary::fault).distinct().toList();
        if (faults.isEmpty()) {
            return; // no failover runs: no outage chart
        }
        Map<String, Map<String, Double>> outage = new LinkedHashMap<>();
        for (FailoverSummary s : summaries) {
            outage.computeIfAbsent(s.configuration(), k -> new LinkedHashMap<>())
                    .put(s.fault(), s.writeOutage(50) / 1000.0);
        }
        Map<String, Double> promotion = new LinkedHashMap<>();
        for (String fault : faults) {
            summaries.stream().filter(s -> s.fault().equals(fault)).findFirst()
                    .ifPresent(s -> promotion.put(fault, s.promotion(50) / 1000.0));
        }
        outage.put("lab: writer available", promotion);
        bars(dir.resolve(OUTAGE_CHART), "Write outage p50 by configuration (AURORA-timing lab; black hole: see the"
                + " table)", "seconds", faults, outage);
    }

    /**
     * A grouped bar chart: one group per category, one bar per series. Missing values are drawn as 0.
     *
     * @param series series name to (category to value)
     */
    static void bars(Path file, String title, String yAxis, List<String> categories,
                     Map<String, Map<String, Double>> series) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(500).title(title).yAxisTitle(yAxis)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern("#0.00");
        for (Map.Entry<String, Map<String, Double>> s : series.entrySet()) {
            List<Double> values = new ArrayList<>();
            for (String category : categories) {
                Double v = s.getValue().get(category);
                values.add(v == null || v.isNaN() ? 0.0 : v);
            }
            chart.addSeries(s.getKey(), categories, values);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
