package io.aurorakit.drill;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the drill prints database load, in {@code ./drill insights} and in the drill report alike: one line per key,
 * its average active sessions, a bar scaled to the largest, and its name cut to fit.
 */
final class InsightsText {

    private static final int BAR_WIDTH = 20;
    private static final int NAME_WIDTH = 90;

    private InsightsText() {
    }

    /** One line per entry, each starting with {@code indent}; one line saying so when there are none. */
    static List<String> lines(List<LoadEntry> entries, String indent) {
        List<String> lines = new ArrayList<>();
        if (entries.isEmpty()) {
            lines.add(indent + "(no active session sampled in this window)");
            return lines;
        }
        double max = entries.stream().mapToDouble(LoadEntry::averageActiveSessions).max().orElse(0);
        for (LoadEntry entry : entries) {
            double aas = entry.averageActiveSessions();
            int bar = max <= 0 ? 0 : Math.max(aas > 0 ? 1 : 0, (int) Math.round(BAR_WIDTH * aas / max));
            lines.add(String.format(Locale.ROOT, "%s%6.2f  %-" + BAR_WIDTH + "s  %s", indent, aas, "#".repeat(bar),
                    shortName(entry.name(), NAME_WIDTH)));
        }
        return lines;
    }

    /** {@code name} cut to {@code width} characters. */
    static String shortName(String name, int width) {
        return name.length() <= width ? name : name.substring(0, width - 3) + "...";
    }
}
