package io.aurorakit.drill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.aurorakit.AuroraDataSource;
import io.aurorakit.insights.DbLoadSampler;
import io.aurorakit.insights.DbLoadSource;
import io.aurorakit.insights.DimensionGroup;
import io.aurorakit.insights.PerformanceInsightsReader;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code ./drill insights}: what a database is busy with, the way Performance Insights shows it - top SQL and top wait
 * events by database load (average active sessions) over a window. It either samples {@code pg_stat_activity} itself
 * for the window ({@link DbLoadSampler}; any PostgreSQL: Aurora, RDS, the lab) or reads the PI API of an instance
 * ({@code --pi}, {@link PerformanceInsightsReader}) for the last window.
 *
 * <pre>{@code
 * ./drill insights --url jdbc:aurora:postgresql://db.cluster-abc.us-east-1.rds.amazonaws.com/app --user app \
 *     --password-env PGPASSWORD --window 60s --top 10 --plot load.png
 * ./drill insights                          # samples DATABASE_URL_WRITER, as AuroraDataSource.fromEnvironment() reads it
 * ./drill insights --pi --resource-id db-ABCDEFGHIJKLMNOPQRSTUVWXY --window 10m
 * }</pre>
 */
@Command(name = "insights", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Top SQL and top wait events by database load (average active sessions), as Performance"
                + " Insights shows them: sampled from pg_stat_activity once a second for --window (any PostgreSQL), or"
                + " read from the Performance Insights API with --pi for the last --window.",
                "Without --url and --pi it samples the URL in DATABASE_URL_WRITER (the form"
                        + " AuroraDataSource.fromEnvironment() reads)."})
final class InsightsCommand implements Callable<Integer> {

    static final Duration MAX_WINDOW = Duration.ofHours(1);
    private static final Duration MAX_PI_WINDOW = Duration.ofDays(7);

    @ParentCommand
    private DrillCommand parent;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--url", paramLabel = "JDBC_URL",
            description = "What to sample: jdbc:aurora:postgresql://... or jdbc:postgresql://... (an instance"
                    + " endpoint, or the cluster endpoint for the writer). Default: DATABASE_URL_WRITER.")
    private String url;

    @Option(names = "--user", paramLabel = "USER", description = "Database user (unless the URL names one).")
    private String user;

    @Option(names = "--password-env", paramLabel = "VAR",
            description = "Environment variable holding the password (unless the URL holds one).")
    private String passwordEnv;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "60s",
            description = "How long to sample (default 60s, at most 1h); with --pi how far back to read (at most 7d).")
    private String window;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
            description = "How many statements and wait events to list (default 10, 1 to 25).")
    private int top;

    @Option(names = "--pi", description = "Read the Performance Insights API instead of sampling (needs"
            + " --resource-id; AWS credentials from the standard chain).")
    private boolean pi;

    @Option(names = "--resource-id", paramLabel = "ID",
            description = "With --pi: the instance's DbiResourceId (db-...), as aws rds describe-db-instances shows it.")
    private String resourceId;

    @Option(names = "--pi-endpoint", paramLabel = "URL",
            description = "With --pi: the PI API endpoint, e.g. the lab's (./drill lab prints it); default AWS's, or"
                    + " AWS_ENDPOINT_URL_PI.")
    private String piEndpoint;

    @Option(names = "--region", paramLabel = "REGION",
            description = "With --pi: the AWS region (default AWS_REGION).")
    private String region;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON.")
    private String json;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Also draw both top lists as bar charts; .png is appended unless present.")
    private String plot;

    @Override
    public Integer call() throws Exception {
        Duration length = duration();
        if (top < 1 || top > 25) {
            throw usage("--top: expected 1 to 25, got " + top);
        }
        ReportFiles.Targets files;
        try {
            files = ReportFiles.targets(json, plot, parent.environment(ReportFiles.CALLER_DIR_VARIABLE));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        parent.quietLogs(true);
        InsightsResult result = pi ? readPi(length) : sample(length);
        PrintStream out = parent.out();
        out.print(result.toText());
        if (files.json() != null) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(files.json().toFile(), result);
            out.println("JSON: " + files.json());
        }
        if (files.plot() != null) {
            InsightsPlot.write(result, files.plot());
            out.println("Plot: " + files.plot());
        }
        return DrillCommand.PASS;
    }

    private InsightsResult sample(Duration length) throws SQLException, InterruptedException {
        for (String[] option : new String[][] {{"--resource-id", resourceId}, {"--pi-endpoint", piEndpoint},
                {"--region", region}}) {
            if (option[1] != null) {
                throw usage(option[0] + " only applies with --pi");
            }
        }
        String target = url;
        if (target == null) {
            target = parent.environment(AuroraDataSource.ENV_WRITER_URL);
            if (target == null || target.isBlank()) {
                throw usage("no --url and " + AuroraDataSource.ENV_WRITER_URL + " is not set; expected --url"
                        + " jdbc:aurora:postgresql://<endpoint>/<db> (or jdbc:postgresql://...), or --pi");
            }
            parent.secrets().addFromUrl(target);
        }
        if (!target.startsWith("jdbc:aurora:postgresql://") && !target.startsWith("jdbc:postgresql://")) {
            throw usage((url == null ? AuroraDataSource.ENV_WRITER_URL : "--url") + ": expected"
                    + " jdbc:aurora:postgresql://<endpoint>[:port]/<database> or jdbc:postgresql://..., got '"
                    + Secrets.maskUrl(target) + "'");
        }
        String password = passwordEnv == null ? null : parent.passwordFrom(passwordEnv);
        String shown = Secrets.maskUrl(target.replaceFirst("\\?.*$", ""));
        PrintStream out = parent.out();
        try (DbLoadSampler sampler = DbLoadSampler.builder(target, user, password).name("drill-insights")
                .retention(length.plusMinutes(1)).build()) {
            Instant start = Instant.now();
            sampler.sampleNow(); // fails at once, with the driver's message, when the database cannot be reached
            sampler.start();
            out.printf("Sampling pg_stat_activity of %s once a second for %d s ...%n", shown, length.toSeconds());
            TimeUnit.MILLISECONDS.sleep(length.toMillis());
            Instant end = Instant.now();
            sampler.close();
            return InsightsResult.of("sampled from pg_stat_activity of " + shown + ", " + sampler.samples()
                    + " samples", sampler, start, end, top);
        }
    }

    private InsightsResult readPi(Duration length) {
        for (String[] option : new String[][] {{"--url", url}, {"--user", user}, {"--password-env", passwordEnv}}) {
            if (option[1] != null) {
                throw usage(option[0] + " does not apply with --pi (PI is read through the AWS API)");
            }
        }
        if (resourceId == null || resourceId.isBlank()) {
            throw usage("--pi needs --resource-id: the instance's DbiResourceId (db-...), as aws rds"
                    + " describe-db-instances shows it");
        }
        PerformanceInsightsReader.Builder builder;
        try {
            builder = PerformanceInsightsReader.builder(resourceId.trim());
        } catch (IllegalArgumentException e) {
            throw usage("--resource-id: " + e.getMessage());
        }
        if (piEndpoint != null) {
            try {
                builder.endpoint(OptionValues.httpUrl("--pi-endpoint", piEndpoint));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        if (region != null) {
            try {
                builder.region(region.trim());
            } catch (IllegalArgumentException e) {
                throw usage("--region: " + e.getMessage());
            }
        }
        try (PerformanceInsightsReader reader = builder.build()) {
            Instant end = Instant.now();
            Instant start = end.minus(length);
            return InsightsResult.of("Performance Insights of " + resourceId.trim(), reader, start, end, top);
        }
    }

    private Duration duration() {
        try {
            Duration parsed = OptionValues.duration("--window", window, pi ? MAX_PI_WINDOW : MAX_WINDOW,
                    pi ? "7d (PI's default retention) with --pi" : "1h when sampling");
            if (parsed.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("--window: expected at least 1s, such as 60s or 5m, got '" + window
                        + "'");
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Both top lists of one window, from one source; what {@code --json} writes. */
    record InsightsResult(String source, String windowStart, String windowEnd, long windowSeconds,
                          List<LoadEntry> topSql, List<LoadEntry> topWaitEvents) {

        static InsightsResult of(String source, DbLoadSource load, Instant start, Instant end, int top) {
            return new InsightsResult(source, start.toString(), end.toString(),
                    Duration.between(start, end).toSeconds(),
                    LoadEntry.of(load.topKeys(DimensionGroup.SQL_TOKENIZED, start, end, top)),
                    LoadEntry.of(load.topKeys(DimensionGroup.WAIT_EVENT, start, end, top)));
        }

        String toText() {
            StringBuilder out = new StringBuilder();
            out.append("\nDatabase load (average active sessions) ").append(windowStart).append(" .. ")
                    .append(windowEnd).append(", ").append(source).append('\n');
            out.append("\nTop SQL\n");
            InsightsText.lines(topSql, "  ").forEach(line -> out.append(line).append('\n'));
            out.append("\nTop wait events\n");
            InsightsText.lines(topWaitEvents, "  ").forEach(line -> out.append(line).append('\n'));
            return out.toString();
        }
    }
}
