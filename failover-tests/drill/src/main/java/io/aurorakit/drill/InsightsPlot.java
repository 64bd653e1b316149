package io.aurorakit.drill;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Draws {@code ./drill insights}' two top lists as bar charts in one PNG: top SQL above, top wait events below, load in
 * average active sessions. Bars are numbered; each number's statement or wait event is listed under its chart.
 */
final class InsightsPlot {

    private static final int WIDTH = 1100;
    private static final int CHART_HEIGHT = 420;
    private static final int NAME_WIDTH = 150;

    private InsightsPlot() {
    }

    /** Writes the PNG to {@code file} as given. */
    static void write(InsightsCommand.InsightsResult result, Path file) throws IOException {
        BufferedImage sql = chart("Top SQL by load: " + result.source(), result.topSql());
        BufferedImage waits = chart("Top wait events by load, " + result.windowStart() + " .. " + result.windowEnd(),
                result.topWaitEvents());
        BufferedImage image = new BufferedImage(WIDTH, sql.getHeight() + waits.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(sql, 0, 0, null);
            g.drawImage(waits, 0, sql.getHeight(), null);
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static BufferedImage chart(String title, List<LoadEntry> entries) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(CHART_HEIGHT).title(title)
                .yAxisTitle("average active sessions").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setChartTitleBoxVisible(false);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < entries.size(); i++) {
            labels.add(Integer.toString(i + 1));
            values.add(entries.get(i).averageActiveSessions());
            key.append(i + 1).append("  ").append(InsightsText.shortName(entries.get(i).name(), NAME_WIDTH))
                    .append('\n');
        }
        if (entries.isEmpty()) {
            labels.add("none");
            values.add(0.0);
        }
        chart.addSeries("load", labels, values);
        chart.setXAxisTitle(entries.isEmpty() ? "no active session sampled" : "see the list below");
        BufferedImage bars = BitmapEncoder.getBufferedImage(chart);
        String[] lines = key.toString().split("\n");
        int lineHeight = 16;
        BufferedImage out = new BufferedImage(WIDTH, bars.getHeight() + lineHeight * lines.length + 10,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(bars, 0, 0, null);
            g.setColor(Color.BLACK);
            for (int i = 0; i < lines.length; i++) {
                g.drawString(lines[i], 20, bars.getHeight() + lineHeight * (i + 1));
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
