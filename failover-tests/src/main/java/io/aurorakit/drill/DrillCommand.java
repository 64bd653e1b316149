package io.aurorakit.drill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.aurorakit.config.AuroraProperty;
import io.aurorakit.config.Durations;
import io.aurorakit.config.Preset;
import io.aurorakit.lab.LabTiming;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * {@code ./drill}: the failover drill. By default it starts an embedded Aurora lab (1 writer + 2 readers), runs a
 * mixed workload through {@code AuroraDataSource}, crashes the writer and reports detection time, write and read
 * outage, retries and whether any acknowledged write was lost.
 *
 * <pre>{@code
 * ./drill                                   # crash the writer of a local lab
 * ./drill --fault isolate --preset fast-failover --json out.json --plot out.png
 * ./drill --url jdbc:aurora:postgresql://db.cluster-abc.us-east-1.rds.amazonaws.com/app --user app --password-env PGPASSWORD
 * }</pre>
 *
 * <p>Exit codes: 0 pass, 1 lost writes or drill failure, 2 usage error.
 */
@Command(name = "drill", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        version = "aurora-kit drill 0.1.0",
        description = {
                "Runs a mixed workload through AuroraDataSource, injects a fault and verifies every acknowledged write.",
                "Without --url it runs on an embedded Aurora lab (real PostgreSQL, real replication).",
                "Exit codes: 0 pass, 1 lost writes or drill failure, 2 usage error."})
public final class DrillCommand implements Callable<Integer> {

    static final int PASS = 0;
    static final int FAIL = 1;
    static final int USAGE = 2;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    private final java.util.List<Logger> quietedLoggers = new java.util.ArrayList<>();
    private final PrintStream out;
    private final Function<String, String> environment;

    private DrillCommand(PrintStream out, Function<String, String> environment) {
        this.out = out;
        this.environment = environment;
    }

    @Option(names = "--fault", paramLabel = "FAULT",
            description = "Lab fault: crash (default), planned, isolate, latency, reader-crash.")
    private String fault;

    @Option(names = "--readers", paramLabel = "N", description = "Lab readers (default 2).")
    private Integer readers;

    @Option(names = "--timing", paramLabel = "PROFILE",
            description = "Lab timing: fast (default; no artificial delays) or aurora (seconds of detection, 5 s DNS).")
    private String timing;

    @Option(names = "--writers", paramLabel = "N", defaultValue = "2", description = "Writer threads (default 2).")
    private int writerThreads;

    @Option(names = "--reader-threads", paramLabel = "N", defaultValue = "2", description = "Reader threads (default 2).")
    private int readerThreads;

    @Option(names = "--rate", paramLabel = "OPS", defaultValue = "50",
            description = "Operations per second per thread (default 50).")
    private int rate;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "5s",
            description = "Workload time before the fault (default 5s).")
    private String warmup;

    @Option(names = "--after", paramLabel = "DURATION",
            description = "Workload time after the fault (default 15s; for isolate the preset's failure-detection "
                    + "window plus 10s).")
    private String after;

    @Option(names = "--latency", paramLabel = "DURATION",
            description = "Latency added by --fault latency (default 200ms).")
    private String latency;

    @Option(names = "--preset", paramLabel = "PRESET", defaultValue = "provisioned",
            description = "aurora-kit preset: provisioned (default), fast-failover, serverless-v2.")
    private String preset;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON.")
    private Path json;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw throughput over time with the phases marked.")
    private Path plot;

    @Option(names = "--url", paramLabel = "JDBC_URL",
            description = "Run against a real cluster: jdbc:aurora:postgresql://<cluster endpoint>/<db>.")
    private String url;

    @Option(names = "--user", paramLabel = "USER", description = "Database user (with --url).")
    private String user;

    @Option(names = "--password-env", paramLabel = "VAR",
            description = "Environment variable holding the password (with --url).")
    private String passwordEnv;

    @Option(names = "--trigger", paramLabel = "MODE",
            description = "auto (lab injects the fault; default without --url) or manual (the operator fails over; "
                    + "default and only choice with --url).")
    private String trigger;

    @Option(names = "--manual-wait", paramLabel = "DURATION", defaultValue = "10m",
            description = "With --trigger manual: how long to wait for the writer to change (default 10m).")
    private String manualWait;

    @Option(names = "--verbose", description = "Show the wrapper's and the lab's log output.")
    private boolean verbose;

    public static void main(String[] args) {
        System.exit(execute(System.out, System.err, args));
    }

    static int execute(PrintStream out, PrintStream err, String... args) {
        return execute(out, err, System::getenv, args);
    }

    /** As {@link #execute(PrintStream, PrintStream, String...)}, reading environment variables from {@code environment}. */
    static int execute(PrintStream out, PrintStream err, Function<String, String> environment, String... args) {
        CommandLine commandLine = new CommandLine(new DrillCommand(out, environment));
        commandLine.setOut(new java.io.PrintWriter(out, true));
        commandLine.setErr(new java.io.PrintWriter(err, true));
        commandLine.setParameterExceptionHandler((ex, arguments) -> {
            err.println("drill: " + ex.getMessage() + " (see ./drill --help)");
            return USAGE;
        });
        commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            err.println("drill: failed: " + describe(ex));
            return FAIL;
        });
        return commandLine.execute(args);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e.getCause() != null && e.getCause() != e && e.getCause().getMessage() != null
                && !message.contains(e.getCause().getMessage())
                ? message + " (" + e.getCause().getMessage() + ")" : message;
    }

    @Override
    public Integer call() throws Exception {
        DrillPlan plan = plan();
        quietLogs(!verbose);
        String password = url == null ? null : password();
        out.println("aurora-kit drill: " + plan.fault().cliName() + ", " + plan.settings());
        DrillReport report;
        try (DrillTarget target = plan.onLab() ? new LabTarget(plan, out) : new ClusterTarget(plan, password, out)) {
            report = new Drill(plan, out).run(target);
        }
        out.print(report.toText());
        if (plan.json() != null) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(plan.json().toFile(), report);
            out.println("JSON report: " + plan.json());
        }
        if (plan.plot() != null) {
            ThroughputPlot.write(report, plan.plot());
            out.println("Plot: " + plan.plot());
        }
        return report.passed() ? PASS : FAIL;
    }

    /** Checks every option and their combinations; a problem becomes a one-line usage error naming the option. */
    DrillPlan plan() {
        boolean onLab = url == null;
        if (!onLab) {
            rejectLabOnly("--fault", fault);
            rejectLabOnly("--readers", readers);
            rejectLabOnly("--timing", timing);
            rejectLabOnly("--latency", latency);
            if (!url.startsWith("jdbc:aurora:postgresql://")) {
                throw usage("--url: expected jdbc:aurora:postgresql://<cluster endpoint>[:port]/<database>, got '"
                        + url + "'");
            }
            if (user == null || user.isBlank()) {
                throw usage("--user is required with --url");
            }
            if (passwordEnv == null) {
                throw usage("--password-env is required with --url (the name of an environment variable)");
            }
            if (trigger != null && !trigger.equals("manual")) {
                throw usage("--trigger: with --url only 'manual' is possible (the operator triggers the failover), got '"
                        + trigger + "'");
            }
        } else {
            if (user != null || passwordEnv != null) {
                throw usage((user != null ? "--user" : "--password-env") + " only applies with --url");
            }
            if (trigger != null && !trigger.equals("auto")) {
                throw usage("--trigger: on the embedded lab only 'auto' is possible, got '" + trigger + "'");
            }
        }
        Fault chosenFault;
        try {
            chosenFault = fault == null ? Fault.CRASH : Fault.parse(fault);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        int labReaders = readers == null ? 2 : readers;
        if (labReaders < 1 || labReaders > 5) {
            throw usage("--readers: expected 1 to 5, got " + labReaders);
        }
        positive("--writers", writerThreads, 64);
        if (readerThreads < 0 || readerThreads > 64) {
            throw usage("--reader-threads: expected 0 to 64, got " + readerThreads);
        }
        positive("--rate", rate, 10_000);
        Preset chosenPreset = preset();
        Duration afterFault = after != null ? duration("--after", after)
                : chosenFault == Fault.ISOLATE ? detectionWindow(chosenPreset).plusSeconds(10) : Duration.ofSeconds(15);
        return new DrillPlan(chosenFault, labReaders, timing(), writerThreads, readerThreads, rate,
                duration("--warmup", warmup), afterFault,
                duration("--latency", latency == null ? "200ms" : latency), chosenPreset, json, plot, url, user,
                duration("--manual-wait", manualWait));
    }

    /** How long the preset's failure detection may take to declare a black-holed host dead: time + interval x count. */
    private static Duration detectionWindow(Preset preset) {
        Duration time = Durations.parse("failureDetectionTime", preset.valueOf(AuroraProperty.FAILURE_DETECTION_TIME));
        Duration interval = Durations.parse("failureDetectionInterval",
                preset.valueOf(AuroraProperty.FAILURE_DETECTION_INTERVAL));
        int count = Integer.parseInt(preset.valueOf(AuroraProperty.FAILURE_DETECTION_COUNT));
        return time.plus(interval.multipliedBy(count));
    }

    private LabTiming timing() {
        String name = timing == null ? "fast" : timing.toLowerCase(Locale.ROOT);
        return switch (name) {
            case "fast" -> LabTiming.FAST;
            case "aurora" -> LabTiming.AURORA;
            default -> throw usage("--timing: expected fast or aurora, got '" + timing + "'");
        };
    }

    private Preset preset() {
        try {
            return Preset.fromUrlName(preset);
        } catch (IllegalArgumentException e) {
            throw usage("--preset: " + e.getMessage());
        }
    }

    private Duration duration(String option, String value) {
        try {
            Duration parsed = Durations.parse(option, value);
            if (parsed.isZero() || parsed.isNegative()) {
                throw usage(option + ": expected a positive duration such as 500ms, 15s or PT1M, got '" + value + "'");
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private String password() {
        String value = environment.apply(passwordEnv);
        if (value == null) {
            throw usage("--password-env: environment variable " + passwordEnv + " is not set");
        }
        return value;
    }

    private void positive(String option, int value, int max) {
        if (value < 1 || value > max) {
            throw usage(option + ": expected 1 to " + max + ", got " + value);
        }
    }

    private void rejectLabOnly(String option, Object value) {
        if (value != null) {
            throw usage(option + " only applies to the embedded lab; with --url the operator triggers the failover");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * Keeps the drill's output readable: the wrapper logs every failover at INFO. Its records still reach the drill's
     * {@link WrapperLogProbe}, which sits on the wrapper's own logger; they just do not go on to the console. The
     * loggers are held here because java.util.logging keeps them only weakly.
     */
    private void quietLogs(boolean quiet) {
        if (quiet) {
            Logger wrapper = Logger.getLogger("software.amazon.jdbc");
            wrapper.setUseParentHandlers(false);
            quietedLoggers.add(wrapper);
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
            // HikariCP warns about every connection the wrapper closed after a failover: expected in a drill
            System.setProperty("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "error");
        }
    }
}
