package io.aurorakit.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The report's table of the database load around each failover ({@link HarnessResult.DbLoadAround}): per
 * configuration and fault, the top wait events and statements on the writer before the fault and on the new writer
 * after it, averaged over the runs (a key missing from a run counts as 0 there).
 */
final class LoadAroundTable {

    /** Keys shown per cell. */
    static final int SHOWN = 3;
    private static final int SQL_CHARS = 60;

    private LoadAroundTable() {
    }

    /** Whether any run of {@code harness} carries load windows. */
    static boolean hasLoad(HarnessResult harness) {
        return harness != null && harness.runs().stream().anyMatch(r -> r.dbLoad() != null);
    }

    /**
     * Appends the table for the runs of {@code source}; {@code file} names it when it is not the file section 5's
     * timing comes from (null when it is).
     */
    static void append(StringBuilder md, HarnessResult source, String file) {
        List<HarnessResult.Run> runs = source.runs().stream().filter(r -> r.dbLoad() != null).toList();
        HarnessResult.LoadWindow any = runs.get(0).dbLoad().before();
        long windowS = any == null ? FailoverTimingHarness.LOAD_WINDOW.toSeconds() : any.windowMs() / 1000;
        md.append("\n### Database load around the fault (top wait events and statements)\n\n");
        md.append("`DbLoadSampler` on every instance during each run (every ")
                .append(FailoverTimingHarness.LOAD_SAMPLE_INTERVAL.toMillis())
                .append(" ms), read as Performance Insights reads it: average active sessions (AAS) per key. Before ="
                        + " the old writer in the ").append(windowS).append(" s before the fault; after = the new"
                        + " writer in the ").append(windowS).append(" s after the lab's new writer became available"
                        + " (the load keeps running that long). `sampled` = seconds of the window with a sample;"
                        + " `CPU` = active and not waiting. Averaged over the runs of a row. The harness load is light"
                        + " (4 clients at 20 ops/s), so the AAS are small and a row of few runs shows the state the"
                        + " cluster was in as much as the client: e.g. `IPC:SyncRep` (commits waiting for the"
                        + " synchronous standby) depends on which reader is the standby and whether it is catching"
                        + " up. Read it as what the database saw around the fault, not as a client comparison. `(n+)`:"
                        + " runs whose writes had not recovered when observation stopped (their after window has no"
                        + " application writes on the new writer).");
        if (file != null) {
            md.append(" From `results/").append(file).append("` (profile `").append(source.profile())
                    .append("`, ").append(source.generatedAt()).append(", lab timing ").append(source.labTiming())
                    .append("): a separate, smaller harness run than the timing table above, which comes from a run"
                            + " made before the load was sampled.");
        }
        md.append("\n\n| configuration | fault | runs | before (old writer): top waits, AAS | after (new writer): top waits, AAS |"
                + " before: top SQL | after: top SQL |\n|---|---|---:|---|---|---|---|\n");
        for (FailoverSummary s : FailoverSummary.of(runs)) {
            List<HarnessResult.LoadWindow> before = windows(s.runs(), HarnessResult.DbLoadAround::before);
            List<HarnessResult.LoadWindow> after = windows(s.runs(), HarnessResult.DbLoadAround::after);
            md.append("| ").append(s.configuration()).append(" | ").append(s.fault()).append(" | ")
                    .append(s.runs().size()).append(s.censoredRuns() > 0 ? " (" + s.censoredRuns() + "+)" : "")
                    .append(" | ").append(waits(before)).append(" | ").append(waits(after))
                    .append(" | ").append(sql(before)).append(" | ").append(sql(after)).append(" |\n");
        }
    }

    private static List<HarnessResult.LoadWindow> windows(List<HarnessResult.Run> runs,
                                                          Function<HarnessResult.DbLoadAround,
                                                                  HarnessResult.LoadWindow> side) {
        return runs.stream().map(r -> side.apply(r.dbLoad())).filter(Objects::nonNull).toList();
    }

    private static String waits(List<HarnessResult.LoadWindow> windows) {
        if (windows.isEmpty()) {
            return "not sampled";
        }
        double total = windows.stream().mapToDouble(HarnessResult.LoadWindow::totalAas).average().orElse(0);
        int sampled = (int) Math.round(windows.stream().mapToInt(HarnessResult.LoadWindow::sampledSeconds)
                .average().orElse(0));
        String keys = top(windows, HarnessResult.LoadWindow::waits, k -> k);
        return "sampled " + sampled + " s, total " + aas(total)
                + (keys.isEmpty() ? "" : "; " + keys);
    }

    private static String sql(List<HarnessResult.LoadWindow> windows) {
        String keys = top(windows, HarnessResult.LoadWindow::sql, LoadAroundTable::statement);
        return keys.isEmpty() ? "-" : keys;
    }

    /** The {@link #SHOWN} keys with the highest mean AAS over {@code windows}, as {@code key AAS, ...}. */
    private static String top(List<HarnessResult.LoadWindow> windows,
                              Function<HarnessResult.LoadWindow, List<HarnessResult.LoadKey>> keys,
                              Function<String, String> format) {
        Map<String, Double> sums = new LinkedHashMap<>();
        windows.forEach(w -> keys.apply(w).forEach(k -> sums.merge(k.key(), k.aas(), Double::sum)));
        List<Map.Entry<String, Double>> sorted = new ArrayList<>(sums.entrySet());
        sorted.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
        return sorted.stream().limit(SHOWN)
                .map(e -> format.apply(e.getKey()) + " " + aas(e.getValue() / windows.size()))
                .collect(Collectors.joining(", "));
    }

    private static String statement(String sql) {
        String text = sql.isEmpty() ? "(no text)" : sql.length() > SQL_CHARS ? sql.substring(0, SQL_CHARS) + "..." : sql;
        return "`" + text.replace("`", "'").replace("|", "\\|") + "`";
    }

    private static String aas(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
