package io.aurorakit.drill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.aurorakit.config.AuroraConfig;
import io.aurorakit.config.AuroraProperty;
import io.aurorakit.config.Preset;
import io.aurorakit.lab.Fault;
import io.aurorakit.lab.LabTiming;
import io.aurorakit.measure.WrapperLogProbe;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code ./drill}: the failover drill. By default it starts an embedded Aurora lab (1 writer + 2 readers), runs a
 * mixed workload through {@code AuroraDataSource}, crashes the writer and reports detection time, write and read
 * outage, retries and whether any acknowledged write was lost.
 *
 * <pre>{@code
 * ./drill                                   # crash the writer of a local lab (Aurora timing)
 * ./drill --timing fast                     # the same without artificial delays
 * ./drill --fault isolate --preset fast-failover --json out.json --plot out.png
 * ./drill --fault chaos --faults 20 --seed 42 # a soak: 20 seeded random faults
 * ./drill --url jdbc:aurora:postgresql://db.cluster-abc.us-east-1.rds.amazonaws.com/app --user app --password-env PGPASSWORD
 * ./drill lab --readers 2                   # a standalone lab for other processes, until Ctrl-C
 * ./drill insights --window 60s --top 10    # top SQL and wait events of DATABASE_URL_WRITER's database
 * }</pre>
 *
 * <p>Exit codes: 0 pass, 1 lost writes or drill failure, 2 usage error, 130 interrupted (Ctrl-C). Nothing it prints
 * shows a password: the {@code --url}'s and the {@code --password-env} value are masked everywhere ({@link Secrets}).
 */
@Command(name = "drill", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        subcommands = {LabCommand.class, InsightsCommand.class},
        version = "aurora-kit drill 0.1.0",
        description = {
                "Runs a mixed workload through AuroraDataSource, injects a fault and verifies every acknowledged write.",
                "Without --url it runs on an embedded Aurora lab (real PostgreSQL, real replication).",
                "Exit codes: 0 pass; 1 lost or duplicated writes, no recovery, a drill failure or a --url that cannot be"
                        + " reached; 2 usage error (one line naming the option, also for a --url that is not Aurora);"
                        + " 130 interrupted by Ctrl-C (the lab and its PostgreSQL processes are stopped first).",
                "Durations take a unit (500ms, 15s, 2m, 1h); --warmup and --after are at most " + DrillCommand.MAX_WORKLOAD_TEXT
                        + ", --latency at most " + DrillCommand.MAX_LATENCY_TEXT + ", --manual-wait at most "
                        + DrillCommand.MAX_MANUAL_WAIT_TEXT + "."})
public final class DrillCommand implements Callable<Integer> {

    static final int PASS = 0;
    static final int FAIL = 1;
    static final int USAGE = 2;

    /** Longest --warmup and --after: a drill is minutes, and a typo must not run forever. */
    static final Duration MAX_WORKLOAD = Duration.ofHours(1);
    static final String MAX_WORKLOAD_TEXT = "1h";
    /** Longest --latency. */
    static final Duration MAX_LATENCY = Duration.ofMinutes(1);
    static final String MAX_LATENCY_TEXT = "1m";
    /** Longest --manual-wait. */
    static final Duration MAX_MANUAL_WAIT = Duration.ofHours(24);
    static final String MAX_MANUAL_WAIT_TEXT = "24h";

    @Spec
    private CommandLine.Model.CommandSpec spec;

    private final java.util.List<Logger> quietedLoggers = new java.util.ArrayList<>();
    private final PrintStream out;
    private final Function<String, String> environment;
    private final Secrets secrets = new Secrets();

    private DrillCommand(PrintStream out, Function<String, String> environment) {
        this.out = out;
        this.environment = environment;
    }

    @Option(names = "--fault", paramLabel = "FAULT",
            description = "Lab fault: crash (default), engine-crash, planned, isolate, latency, reader-crash, restart, "
                    + "pause (a Serverless v2 lab: the workload stops, the cluster auto-pauses once the application "
                    + "holds no connection - see --pause-wait - then the load returns and the first queries resume "
                    + "it), or chaos: a seeded random sequence of the others (see --faults, --seed; the lab is healed "
                    + "and healthy again before each next fault).")
    private String fault;

    @Option(names = "--pause-wait", paramLabel = "DURATION",
            description = "With --fault pause: how long the idle application may keep the cluster awake before the "
                    + "drill pauses it anyway, ending its sessions (default 150s; serverless-v2 lets it pause within "
                    + "about 2 min, the other presets never).")
    private String pauseWait;

    @Option(names = "--faults", paramLabel = "N",
            description = "With --fault chaos: how many faults (default " + ChaosPlan.DEFAULT_FAULTS + ", at most "
                    + ChaosPlan.MAX_FAULTS + ").")
    private Integer faults;

    @Option(names = "--seed", paramLabel = "N",
            description = "With --fault chaos: the seed of the fault sequence (default random; printed, so a run can "
                    + "be repeated).")
    private Long seed;

    @Option(names = "--readers", paramLabel = "N", description = "Lab readers (default 2).")
    private Integer readers;

    @Option(names = "--timing", paramLabel = "PROFILE",
            description = "Lab timing: aurora (default: 3 s detection, 2 s target restart, 5 s stale cluster name"
                    + " served read-only by the old writer, hard fence) or fast (no artificial delays, soft fence).")
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
                    + "window plus 10s; for pause the lab's 15 s resume plus 15s; with --fault chaos the least time "
                    + "each fault lasts, default 5s).")
    private String after;

    @Option(names = "--latency", paramLabel = "DURATION",
            description = "Latency added by --fault latency (default 200ms).")
    private String latency;

    @Option(names = "--preset", paramLabel = "PRESET",
            description = "aurora-kit preset: provisioned (default), fast-failover, serverless-v2. With --url, the "
                    + "URL's preset= parameter applies unless this is given.")
    private String preset;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Write the report as JSON (relative to the directory ./drill was started from).")
    private String json;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Draw throughput over time with the phases marked; .png is appended unless present.")
    private String plot;

    @Option(names = "--url", paramLabel = "JDBC_URL",
            description = "Run against a real cluster: jdbc:aurora:postgresql://<cluster endpoint>/<db>. Checked first: "
                    + "it must answer Aurora's topology functions and be the writer.")
    private String url;

    @Option(names = "--user", paramLabel = "USER", description = "Database user (with --url).")
    private String user;

    @Option(names = "--password-env", paramLabel = "VAR",
            description = "Environment variable holding the password (with --url).")
    private String passwordEnv;

    @Option(names = "--trigger", paramLabel = "MODE",
            description = "auto (lab injects the fault; default without --url), manual (the operator fails over; "
                    + "default with --url) or rds (with --url: the drill calls the RDS API's FailoverDBCluster with "
                    + "the standard AWS credential chain and follows DescribeDBClusters and DescribeEvents; needs "
                    + "--cluster-id).")
    private String trigger;

    @Option(names = "--cluster-id", paramLabel = "ID",
            description = "With --trigger rds: the DB cluster identifier.")
    private String clusterId;

    @Option(names = "--target", paramLabel = "INSTANCE",
            description = "With --trigger rds: the reader to promote (FailoverDBCluster's TargetDBInstanceIdentifier;"
                    + " default: RDS chooses).")
    private String target;

    @Option(names = "--region", paramLabel = "REGION",
            description = "With --trigger rds: the AWS region (default: the SDK's chain, e.g. AWS_REGION).")
    private String region;

    @Option(names = "--rds-endpoint", paramLabel = "URL",
            description = "With --trigger rds: the RDS API endpoint, e.g. the lab's (./drill lab prints it); default"
                    + " AWS's, or AWS_ENDPOINT_URL_RDS.")
    private String rdsEndpoint;

    @Option(names = "--manual-wait", paramLabel = "DURATION", defaultValue = "10m",
            description = "With --url: how long to wait for the writer to change (default 10m).")
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
        DrillCommand command = new DrillCommand(out, environment);
        for (String arg : args) {
            if (arg != null && arg.contains("//")) {
                command.secrets.addFromUrl(arg);
            }
        }
        CommandLine commandLine = new CommandLine(command);
        // "lab" is a subcommand and also the lab's cluster identifier: --cluster-id lab must stay a value.
        commandLine.setAllowSubcommandsAsOptionParameters(true);
        commandLine.setOut(new java.io.PrintWriter(out, true));
        commandLine.setErr(new java.io.PrintWriter(err, true));
        commandLine.setParameterExceptionHandler((ex, arguments) -> {
            err.println("drill: " + command.oneLine(ex.getMessage()) + " (see ./drill --help)");
            return USAGE;
        });
        commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof ClusterPreCheck.Failure failure) {
                err.println("drill: " + command.oneLine(failure.getMessage()));
                return failure.exitCode();
            }
            err.println("drill: failed: " + command.oneLine(describe(ex)));
            return FAIL;
        });
        return commandLine.execute(args);
    }

    /** {@code message} on one line with every known secret masked. */
    private String oneLine(String message) {
        return secrets.redact(message == null ? "" : message).replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e.getCause() != null && e.getCause() != e && e.getCause().getMessage() != null
                && !message.contains(e.getCause().getMessage())
                ? message + " (" + e.getCause().getMessage() + ")" : message;
    }

    /** The plan {@code args} describe, as {@link #call()} would run it; for tests. Usage errors throw. */
    static DrillPlan planOf(Function<String, String> environment, String... args) {
        DrillCommand command = new DrillCommand(System.out, environment);
        new CommandLine(command).parseArgs(args);
        return command.plan();
    }

    @Override
    public Integer call() throws Exception {
        DrillPlan plan = plan();
        quietLogs(!verbose);
        String password = url == null ? null : password();
        if (!plan.onLab()) {
            if (plan.rds() != null) {
                try (RdsTrigger rds = new RdsTrigger(plan.rds())) {
                    out.println("RDS cluster " + plan.rds().clusterId() + " is available, writer " + rds.check());
                }
            }
            String writer = ClusterPreCheck.check(clusterConfig(password));
            out.println("Aurora PostgreSQL at " + Secrets.maskUrl(url.replaceFirst("\\?.*$", "")) + ", writer "
                    + writer);
        }
        out.println("aurora-kit drill: " + plan.faultName() + ", " + plan.settings());
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
            rejectLabOnly("--faults", faults);
            rejectLabOnly("--seed", seed);
            rejectLabOnly("--pause-wait", pauseWait);
            if (!url.startsWith("jdbc:aurora:postgresql://")) {
                throw usage("--url: expected jdbc:aurora:postgresql://<cluster endpoint>[:port]/<database>, got '"
                        + Secrets.maskUrl(url) + "'");
            }
            try {
                AuroraConfig config = clusterConfig(null);
                if (config.database() == null || config.database().isEmpty()) {
                    throw new IllegalArgumentException("no database: expected"
                            + " jdbc:aurora:postgresql://<cluster endpoint>[:port]/<database>");
                }
            } catch (IllegalArgumentException e) {
                throw usage("--url: " + e.getMessage());
            }
            if (user == null || user.isBlank()) {
                throw usage("--user is required with --url");
            }
            if (passwordEnv == null) {
                throw usage("--password-env is required with --url (the name of an environment variable)");
            }
            if (trigger != null && !trigger.equals("manual") && !trigger.equals("rds")) {
                throw usage("--trigger: with --url expected manual (the operator triggers the failover) or rds (the"
                        + " drill calls FailoverDBCluster), got '" + trigger + "'");
            }
        } else {
            if (user != null || passwordEnv != null) {
                throw usage((user != null ? "--user" : "--password-env") + " only applies with --url");
            }
            if (trigger != null && !trigger.equals("auto")) {
                throw usage("--trigger: on the embedded lab only 'auto' is possible, got '" + trigger + "'");
            }
        }
        ChaosPlan chaos = chaos(onLab);
        Fault chosenFault;
        try {
            chosenFault = chaos != null ? null : fault == null ? Fault.CRASH : Fault.byId(fault);
        } catch (IllegalArgumentException e) {
            throw usage("--fault: " + e.getMessage() + ", " + ChaosPlan.ID);
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
        Preset chosenPreset = onLab ? preset() : clusterConfig(null).preset();
        Duration afterFault = after != null ? duration("--after", after, MAX_WORKLOAD, MAX_WORKLOAD_TEXT)
                : chaos != null ? Duration.ofSeconds(5)
                : chosenFault == Fault.ISOLATE ? detectionWindow(chosenPreset).plusSeconds(10)
                : chosenFault == Fault.PAUSE ? LabTarget.RESUME.plusSeconds(15) : Duration.ofSeconds(15);
        Duration warmupTime = duration("--warmup", warmup, MAX_WORKLOAD, MAX_WORKLOAD_TEXT);
        Duration latencyTime = duration("--latency", latency == null ? "200ms" : latency, MAX_LATENCY, MAX_LATENCY_TEXT);
        Duration waitTime = duration("--manual-wait", manualWait, MAX_MANUAL_WAIT, MAX_MANUAL_WAIT_TEXT);
        if (pauseWait != null && chosenFault != Fault.PAUSE) {
            throw usage("--pause-wait only applies with --fault pause");
        }
        Duration idleWait = duration("--pause-wait", pauseWait == null ? "150s" : pauseWait, MAX_WORKLOAD,
                MAX_WORKLOAD_TEXT);
        ReportFiles.Targets files;
        try {
            files = ReportFiles.targets(json, plot, environment.apply(ReportFiles.CALLER_DIR_VARIABLE));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        return new DrillPlan(chosenFault, labReaders, timing(), writerThreads, readerThreads, rate,
                warmupTime, afterFault, latencyTime, chosenPreset, files.json(), files.plot(), url, user, waitTime, chaos,
                idleWait, rdsOptions(onLab));
    }

    /** The {@code --trigger rds} options, checked; null for any other trigger. */
    private RdsTrigger.RdsTriggerOptions rdsOptions(boolean onLab) {
        boolean rds = !onLab && "rds".equals(trigger);
        if (!rds) {
            for (String[] option : new String[][] {{"--cluster-id", clusterId}, {"--target", target},
                    {"--region", region}, {"--rds-endpoint", rdsEndpoint}}) {
                if (option[1] != null) {
                    throw usage(option[0] + " only applies with --url and --trigger rds");
                }
            }
            return null;
        }
        if (clusterId == null || clusterId.isBlank()) {
            throw usage("--cluster-id is required with --trigger rds (the DB cluster identifier)");
        }
        java.net.URI endpoint = null;
        java.util.Optional<java.net.URI> piEndpoint = java.util.Optional.empty();
        String pi = environment.apply("AWS_ENDPOINT_URL_PI");
        try {
            if (rdsEndpoint != null) {
                endpoint = OptionValues.httpUrl("--rds-endpoint", rdsEndpoint);
            }
            if (pi != null && !pi.isBlank()) {
                piEndpoint = java.util.Optional.of(OptionValues.httpUrl("AWS_ENDPOINT_URL_PI", pi));
            }
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        return new RdsTrigger.RdsTriggerOptions(clusterId.trim(), java.util.Optional.ofNullable(target),
                java.util.Optional.ofNullable(region), java.util.Optional.ofNullable(endpoint), piEndpoint);
    }

    /** {@code --fault chaos} with its {@code --faults} and {@code --seed}; null for a single fault. */
    private ChaosPlan chaos(boolean onLab) {
        boolean chaos = onLab && fault != null && fault.trim().equalsIgnoreCase(ChaosPlan.ID);
        if (!chaos) {
            if (faults != null || seed != null) {
                throw usage((faults != null ? "--faults" : "--seed") + " only applies with --fault " + ChaosPlan.ID);
            }
            return null;
        }
        int count = faults == null ? ChaosPlan.DEFAULT_FAULTS : faults;
        if (count < 1 || count > ChaosPlan.MAX_FAULTS) {
            throw usage("--faults: expected 1 to " + ChaosPlan.MAX_FAULTS + ", got " + count);
        }
        return new ChaosPlan(count, seed != null ? seed : new java.security.SecureRandom().nextLong());
    }

    /**
     * The {@code --url} configuration as the drill's data source will see it (the URL's parameters win over
     * {@code --user} and the password, as in pgjdbc); validates the URL without connecting.
     */
    private AuroraConfig clusterConfig(String password) {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        AuroraConfig.Builder config = AuroraConfig.builder().url(url, properties);
        if (preset != null) {
            config.property(AuroraProperty.PRESET.key(), preset().urlName());
        }
        return config.build();
    }

    /** How long the preset's failure detection may take to declare a black-holed host dead (one formula: core's). */
    static Duration detectionWindow(Preset preset) {
        return AuroraConfig.builder().clusterEndpoint("127.0.0.1", 5432).property(AuroraProperty.PRESET.key(),
                preset.urlName()).build().failureDetectionWindow();
    }

    /** The lab timing: {@code --timing}, else aurora (a drill is realistic unless told otherwise). */
    private LabTiming timing() {
        try {
            return labTiming(timing);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** The lab timing {@code --timing} names: aurora (also when null) or fast. */
    static LabTiming labTiming(String timing) {
        String name = timing == null ? "aurora" : timing.toLowerCase(Locale.ROOT);
        return switch (name) {
            case "fast" -> LabTiming.FAST;
            case "aurora" -> LabTiming.AURORA;
            default -> throw new IllegalArgumentException("--timing: expected fast or aurora, got '" + timing + "'");
        };
    }

    /** Where reports and sheets are printed. */
    PrintStream out() {
        return out;
    }

    /** The environment variable {@code name}, or null. */
    String environment(String name) {
        return environment.apply(name);
    }

    /** The secrets masked in everything printed; subcommands add theirs. */
    Secrets secrets() {
        return secrets;
    }

    private Preset preset() {
        try {
            return Preset.fromUrlName(preset == null ? Preset.PROVISIONED.urlName() : preset);
        } catch (IllegalArgumentException e) {
            throw usage("--preset: " + e.getMessage());
        }
    }

    /** A positive duration of at most {@code max} ({@code maxText} in messages), as a usage error naming the option. */
    private Duration duration(String option, String value, Duration max, String maxText) {
        try {
            return OptionValues.duration(option, value, max, maxText);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private String password() {
        return passwordFrom(passwordEnv);
    }

    /**
     * The password in the environment variable {@code --password-env} names, remembered as a secret (masked in all
     * that is printed); a usage error when the variable is not set.
     */
    String passwordFrom(String variable) {
        String value = environment.apply(variable);
        if (value == null) {
            throw usage("--password-env: environment variable " + variable + " is not set");
        }
        secrets.add(value);
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
    void quietLogs(boolean quiet) {
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
