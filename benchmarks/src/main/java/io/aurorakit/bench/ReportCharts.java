package io.aurorakit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** Draws the report's bar charts as PNG files (XChart). */
final class ReportCharts {

    private ReportCharts() {
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
