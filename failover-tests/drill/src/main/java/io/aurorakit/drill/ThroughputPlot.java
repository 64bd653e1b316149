package io.aurorakit.drill;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.AnnotationTextPanel;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Draws a drill's throughput over time as a PNG. The fault and its key phases are numbered vertical lines, explained
 * in a panel inside the chart.
 */
final class ThroughputPlot {

    /** Lab phases worth a line on the chart; every application-side event gets one too. */
    private static final Set<String> KEY_LAB_PHASES = Set.of("fault injected", "promoted", "writer-available",
            "dns-updated", "old-writer-rejoined", "network healed");

    private ThroughputPlot() {
    }

    /** Writes the PNG to {@code file} as given (no extension is added). */
    static void write(DrillReport report, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(1100).height(550)
                .title("aurora-kit drill: " + report.fault() + " on " + report.target())
                .xAxisTitle("seconds since the workload started")
                .yAxisTitle("operations per second (" + report.bucketMs() + " ms buckets)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setYAxisMin(0.0);
        List<ThroughputSample> samples = report.throughput();
        double[] x = samples.stream().mapToDouble(ThroughputSample::atSeconds).toArray();
        addSeries(chart, "writes ok", x, samples, ThroughputSample::writesOk);
        addSeries(chart, "writes failed", x, samples, ThroughputSample::writesFailed);
        addSeries(chart, "reads ok", x, samples, ThroughputSample::readsOk);
        addSeries(chart, "reads failed", x, samples, ThroughputSample::readsFailed);

        double top = samples.stream()
                .mapToDouble(s -> Math.max(s.writesOk() + s.writesFailed(), s.readsOk() + s.readsFailed()))
                .max().orElse(1);
        List<String> legend = new ArrayList<>();
        int number = 0;
        for (TimelineEvent event : report.timeline()) {
            if (!marked(event, report.seed() != null)) {
                continue;
            }
            number++;
            double at = event.atMs() / 1000.0;
            chart.addAnnotation(new AnnotationLine(at, true, false));
            chart.addAnnotation(new AnnotationText(Integer.toString(number), at, top * (1.02 - 0.05 * (number % 3)),
                    false));
            legend.add(String.format(Locale.ROOT, "%d  %6.2f s  %s", number, at, event.name()));
        }
        if (!legend.isEmpty()) {
            chart.addAnnotation(new AnnotationTextPanel(String.join("\n", legend), 20, 20, true));
        }
        // to exactly this file: saving by name would let the chart library append ".png" on its own
        try (OutputStream png = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, png, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /** Whether the event gets a line: for a chaos run only each fault (dozens of phases would bury the chart). */
    private static boolean marked(TimelineEvent event, boolean chaos) {
        if (chaos) {
            return "lab".equals(event.source()) && event.name().startsWith("fault ");
        }
        return "app".equals(event.source()) || KEY_LAB_PHASES.stream().anyMatch(event.name()::startsWith);
    }

    private static void addSeries(XYChart chart, String name, double[] x, List<ThroughputSample> samples,
                                  ToDoubleFunction<ThroughputSample> value) {
        chart.addSeries(name, x, samples.stream().mapToDouble(value).toArray()).setMarker(SeriesMarkers.NONE);
    }
}
