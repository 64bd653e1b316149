package io.aurorakit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.aurorakit.AuroraDataSource;
import io.aurorakit.config.AuroraConfig;
import io.aurorakit.config.AuroraProperty;
import io.aurorakit.config.Preset;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.FailoverReport;
import io.aurorakit.lab.LabInstance;
import io.aurorakit.lab.ServerlessConfig;
import io.aurorakit.measure.LoadClient;
import io.aurorakit.measure.LoadTable;
import io.aurorakit.retry.FailoverListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Serverless v2 harness (issue #13): on labs of 1 writer + 1 tier-1 reader, all Serverless v2 with
 * {@code minAcu = 0}, a short {@code autoPause} and the default 15 s resume time, it measures
 * <ol>
 *   <li><b>idle connections per preset</b>: after a few {@code write()}/{@code read()} calls the application goes
 *       idle; every 250 ms the client connections the JVM holds to the cluster are counted - the live connections
 *       through the instances' proxies ({@link AuroraLab#clientConnections(String)}), pooled and the AWS wrapper's
 *       monitoring connections alike, exactly what the lab's auto-pause looks at - and the time until there are none
 *       and until the lab paused the cluster. Each preset has its own lab and data source (its own
 *       {@code clusterId}); they are sampled in parallel, {@code serverless-v2}'s data source is built first (it
 *       decides the JVM-wide {@code monitorDisposalTime}, as in an application that uses only that preset);</li>
 *   <li><b>the first query after a resume</b>: with {@link ServerlessOptions#FAST_IDLE} and HikariCP's housekeeping
 *       every second (shortening the wait for the pause, not the resume path), wait until the application holds no
 *       connection and the lab has paused, then time one {@code write()} from the call until it returns; the lab's own
 *       resume time comes from {@link AuroraLab#serverlessEvents()} ({@code resume-initiated} to {@code resumed}).
 *       {@code provisioned} gets one such run as it is (plus {@code minimumIdle=0}, else it never lets go) and one
 *       with {@code sslmode=require}: what a client without the resume allowances gets.</li>
 * </ol>
 * Writes {@link ServerlessResult} as JSON.
 *
 * <pre>
 * java -Djdk.net.hosts.file=/tmp/lab.hosts -Dsun.net.inetaddr.ttl=0 -cp benchmarks.jar \
 *     io.aurorakit.bench.ServerlessHarness --profile full --out results/serverless.json
 * </pre>
 * Options: see {@link ServerlessOptions#USAGE}.
 */
public final class ServerlessHarness {

    private static final Logger LOG = LoggerFactory.getLogger(ServerlessHarness.class);

    /** HikariCP 7.1.0's housekeeping period (ms), read by each pool when it is created; default 30 000. */
    static final String HOUSEKEEPING_PROPERTY = "com.zaxxer.hikari.housekeeping.periodMs";
    /** The housekeeping period of the resume runs' pools. */
    static final long HOUSEKEEPING_MS = 1000;
    static final String TABLE = "serverless_events";
    private static final int WARM_UP_OPERATIONS = 3;
    private static final long SAMPLE_MS = 250;
    private static final long POLL_MS = 100;
    /** How long a resume run waits for the application to let go and the cluster to pause. */
    private static final Duration PAUSE_WAIT = Duration.ofSeconds(150);
    private static final double MIN_ACU = 0;
    private static final double MAX_ACU = 4;

    private final ServerlessOptions options;

    ServerlessHarness(ServerlessOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        ServerlessOptions options;
        try {
            options = ServerlessOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ServerlessHarness: " + e.getMessage());
            System.err.println(ServerlessOptions.USAGE);
            System.exit(2);
            return;
        }
        ServerlessResult result = new ServerlessHarness(options).run();
        if (options.append() && Files.exists(options.out())) {
            result = merge(new ObjectMapper().readValue(options.out().toFile(), ServerlessResult.class), result);
        }
        write(result, options.out());
        System.out.println("Serverless v2 results written to " + options.out());
        try {
            software.amazon.jdbc.Driver.releaseResources();
        } catch (NoClassDefFoundError e) {
            // 4.3.0's cache cleanup touches the optional AWS SDK rds classes; threads were released before that.
        }
    }

    /**
     * {@code --append}: the earlier file with this run added - an idle entry replaces the earlier one of its preset,
     * resume runs are added to the earlier ones of the same preset and overrides (numbered on); the earlier profile,
     * this run's time and environment. The lab settings must be the same.
     */
    static ServerlessResult merge(ServerlessResult earlier, ServerlessResult now) {
        if (!earlier.lab().equals(now.lab())) {
            throw new IllegalArgumentException("--append: the lab settings differ (" + earlier.lab() + " in the file, "
                    + now.lab() + " now); write a new file instead");
        }
        java.util.Set<String> idle = new java.util.HashSet<>();
        now.idle().forEach(r -> idle.add(r.preset()));
        List<ServerlessResult.IdleRun> idleRuns = new ArrayList<>(earlier.idle().stream()
                .filter(r -> !idle.contains(r.preset())).toList());
        idleRuns.addAll(now.idle());
        List<ServerlessResult.ResumeRun> resumeRuns = new ArrayList<>(earlier.resumes());
        for (ServerlessResult.ResumeRun r : now.resumes()) {
            int before = (int) earlier.resumes().stream().filter(e -> e.preset().equals(r.preset())
                    && e.overrides().equals(r.overrides())).count();
            resumeRuns.add(new ServerlessResult.ResumeRun(r.preset(), before + r.repetition(), r.overrides(),
                    r.zeroAfterMs(), r.pausedAfterMs(), r.firstQueryMs(), r.labResumeMs(), r.resumeStartMs(), r.ok(),
                    r.error(), r.handled(), r.encrypted()));
        }
        return new ServerlessResult(now.generatedAt(), earlier.profile(), now.environment(), earlier.lab(), idleRuns,
                resumeRuns);
    }

    static void write(ServerlessResult result, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), result);
    }

    ServerlessResult run() throws Exception {
        LOG.info("{}", options);
        List<Preset> needed = new ArrayList<>(options.idlePresets());
        if (options.resumeReps() > 0 && !needed.contains(Preset.SERVERLESS_V2)) {
            needed.add(Preset.SERVERLESS_V2);
        }
        if (options.provisionedResume() && !needed.contains(Preset.PROVISIONED)) {
            needed.add(Preset.PROVISIONED);
        }
        Map<Preset, Cluster> clusters = new LinkedHashMap<>();
        List<ServerlessResult.IdleRun> idle = new ArrayList<>();
        List<ServerlessResult.ResumeRun> resumes = new ArrayList<>();
        String postgresVersion = "unknown";
        try {
            for (Preset preset : needed) {
                clusters.put(preset, Cluster.start(preset, options));
            }
            postgresVersion = clusters.values().iterator().next().serverVersion();
            // the presets as they are idle with HikariCP's own housekeeping; idle overrides (smoke) get the fast one
            String before = System.getProperty(HOUSEKEEPING_PROPERTY);
            try {
                if (!options.idleOverrides().isEmpty()) {
                    System.setProperty(HOUSEKEEPING_PROPERTY, Long.toString(HOUSEKEEPING_MS));
                }
                idle.addAll(idlePhase(clusters));
                System.setProperty(HOUSEKEEPING_PROPERTY, Long.toString(HOUSEKEEPING_MS));
                if (options.resumeReps() > 0) {
                    resumes.addAll(resumeRuns(clusters.get(Preset.SERVERLESS_V2), Preset.SERVERLESS_V2,
                            ServerlessOptions.resumeOverrides(Preset.SERVERLESS_V2), options.resumeReps()));
                }
                if (options.provisionedResume()) {
                    // as it is (pgjdbc's sslmode=prefer), and with TLS required (no fallback to a plain connection)
                    Map<String, String> plain = ServerlessOptions.resumeOverrides(Preset.PROVISIONED);
                    Map<String, String> tls = new TreeMap<>(plain);
                    tls.put("sslmode", "require");
                    resumes.addAll(resumeRuns(clusters.get(Preset.PROVISIONED), Preset.PROVISIONED, plain, 1));
                    resumes.addAll(resumeRuns(clusters.get(Preset.PROVISIONED), Preset.PROVISIONED, tls, 1));
                }
            } finally {
                if (before == null) {
                    System.clearProperty(HOUSEKEEPING_PROPERTY);
                } else {
                    System.setProperty(HOUSEKEEPING_PROPERTY, before);
                }
            }
        } finally {
            clusters.values().forEach(Cluster::close);
        }
        return new ServerlessResult(Instant.now().toString(), options.profile(), Environment.current(postgresVersion),
                new ServerlessResult.LabSettings(1, options.autoPause().toMillis(), options.resumeTime().toMillis(),
                        HOUSEKEEPING_MS), idle, resumes);
    }

    // ------------------------------------------------------------------------------------------------ idle

    private List<ServerlessResult.IdleRun> idlePhase(Map<Preset, Cluster> clusters) throws Exception {
        List<Preset> presets = options.idlePresets();
        if (presets.isEmpty()) {
            return List.of();
        }
        // serverless-v2 first: the first data source to load efm2 decides the JVM-wide monitorDisposalTime
        List<Preset> order = new ArrayList<>(presets);
        order.sort((a, b) -> Boolean.compare(a != Preset.SERVERLESS_V2, b != Preset.SERVERLESS_V2));
        Map<Preset, Client> clients = new LinkedHashMap<>();
        try {
            for (Preset preset : order) {
                Cluster cluster = clusters.get(preset);
                clients.put(preset, cluster.client("idle", options.idleOverrides()));
            }
            ExecutorService pool = Executors.newFixedThreadPool(presets.size(), r -> {
                Thread t = new Thread(r, "serverless-idle");
                t.setDaemon(true);
                return t;
            });
            try {
                Map<Preset, Future<ServerlessResult.IdleRun>> futures = new LinkedHashMap<>();
                for (Preset preset : presets) {
                    futures.put(preset, pool.submit(() -> sampleIdle(clusters.get(preset), clients.get(preset))));
                }
                List<ServerlessResult.IdleRun> runs = new ArrayList<>();
                for (Map.Entry<Preset, Future<ServerlessResult.IdleRun>> f : futures.entrySet()) {
                    ServerlessResult.IdleRun run = f.getValue().get();
                    runs.add(run);
                    System.out.printf("idle %-14s connections at 10/60/150 s: %s/%s/%s, max %d, none after %s,"
                                    + " paused after %s%n", run.preset(), at(run, 10), at(run, 60), at(run, 150),
                            run.maxConnections(), seconds(run.zeroAfterMs()), seconds(run.pausedAfterMs()));
                }
                return runs;
            } finally {
                pool.shutdownNow();
            }
        } finally {
            clients.values().forEach(Client::close);
        }
    }

    private ServerlessResult.IdleRun sampleIdle(Cluster cluster, Client client) throws Exception {
        long t0 = client.goIdle();
        Instant wall0 = Instant.now();
        long windowNanos = TimeUnit.SECONDS.toNanos(options.idleWindowSeconds());
        List<Integer> perSecond = new ArrayList<>();
        int max = 0;
        long lastSeen = -1; // nanos after t0 of the last sample with a connection
        for (long k = 1; k * SAMPLE_MS * 1_000_000 <= windowNanos; k++) {
            long at = k * SAMPLE_MS * 1_000_000;
            sleepUntil(t0 + at);
            int n = cluster.connections();
            max = Math.max(max, n);
            if (n > 0) {
                lastSeen = at;
            }
            if (at % 1_000_000_000L == 0) {
                perSecond.add(n);
            }
        }
        Long zero = lastSeen >= windowNanos ? null : Long.valueOf((lastSeen + SAMPLE_MS * 1_000_000) / 1_000_000);
        Long paused = cluster.pausedAfter(wall0).orElse(null);
        long housekeeping = housekeepingMs();
        return new ServerlessResult.IdleRun(cluster.preset.urlName(), options.idleOverrides(), housekeeping,
                expectedZero(cluster.preset, options.idleOverrides(), housekeeping), windowNanos / 1_000_000,
                perSecond, max, zero, paused);
    }

    /** The housekeeping period the JVM's new HikariCP pools get now (HikariCP 7.1.0 reads it per pool). */
    static long housekeepingMs() {
        return Long.getLong(HOUSEKEEPING_PROPERTY, 30_000L);
    }

    /** The README's bound for "the JVM holds no connection after", from the preset's (and overrides') settings. */
    static String expectedZero(Preset preset, Map<String, String> overrides, long housekeepingMs) {
        AuroraConfig.Builder b = AuroraConfig.builder().clusterEndpoint("x.cluster-y.us-east-1.rds.amazonaws.com",
                5432).property(AuroraProperty.PRESET.key(), preset.urlName());
        overrides.forEach(b::property);
        AuroraConfig c = b.build();
        if (c.minimumIdle() > 0) {
            return "never (minimumIdle = " + c.minimumIdle() + ")";
        }
        if (c.monitorIdleTimeout().isZero()) {
            return "~16 min (topology monitor)";
        }
        double i = c.idleTimeout().toMillis() / 1000.0;
        double h = housekeepingMs / 1000.0;
        double m = c.monitorIdleTimeout().toMillis() / 1000.0;
        double check = 5; // MonitorIdleRelease.CHECK_PERIOD
        return String.format(java.util.Locale.ROOT, "<= I + %s + M + 5 s = %s s", housekeepingMs == 30_000
                ? "30 s" : "H (housekeeping)", new java.text.DecimalFormat("0.#").format(i + h + m + check));
    }

    // ------------------------------------------------------------------------------------------------ resume

    private List<ServerlessResult.ResumeRun> resumeRuns(Cluster cluster, Preset preset, Map<String, String> overrides,
                                                        int reps) throws Exception {
        List<ServerlessResult.ResumeRun> runs = new ArrayList<>();
        Client client = cluster.client("resume", overrides);
        try {
            long lastUse = client.goIdle();
            for (int rep = 1; rep <= reps; rep++) {
                ServerlessResult.ResumeRun run = resumeOnce(cluster, client, preset, overrides, rep, lastUse);
                lastUse = System.nanoTime();
                runs.add(run);
                System.out.printf("resume %-14s %s #%d: none after %s, paused after %s, first query %d ms, lab resume"
                                + " %s ms, difference %s ms, %s, TLS %s, handled %s%n", preset.urlName(), overrides,
                        rep, seconds(run.zeroAfterMs()), seconds(run.pausedAfterMs()), run.firstQueryMs(), run.labResumeMs(), run.excessMs(),
                        run.ok() ? "ok" : "error " + run.error(), run.encrypted(), run.handled());
                if (run.pausedAfterMs() == null) {
                    break; // it will not pause: nothing more to time
                }
            }
        } finally {
            client.close();
        }
        return runs;
    }

    private ServerlessResult.ResumeRun resumeOnce(Cluster cluster, Client client, Preset preset,
                                                  Map<String, String> overrides, int rep, long lastUse)
            throws InterruptedException {
        long deadline = lastUse + PAUSE_WAIT.toNanos();
        Long zero = null;
        while (System.nanoTime() < deadline && !(cluster.connections() == 0 && cluster.paused())) {
            if (zero == null && cluster.connections() == 0) {
                zero = (System.nanoTime() - lastUse) / 1_000_000;
            } else if (zero != null && cluster.connections() > 0) {
                zero = null;
            }
            Thread.sleep(POLL_MS);
        }
        if (!(cluster.connections() == 0 && cluster.paused())) {
            return new ServerlessResult.ResumeRun(preset.urlName(), rep, overrides, zero, null, 0, null, null, false,
                    "did not pause within " + PAUSE_WAIT.toSeconds() + " s of the last use", Map.of(), null);
        }
        if (zero == null) {
            zero = (System.nanoTime() - lastUse) / 1_000_000;
        }
        long pausedAfter = (System.nanoTime() - lastUse) / 1_000_000;
        int eventsBefore = cluster.lab.serverlessEvents().size();
        client.handled.clear();
        Instant wallStart = Instant.now();
        long start = System.nanoTime();
        Boolean encrypted = null;
        String error = null;
        try {
            encrypted = client.dataSource.write(c -> {
                LoadTable.insert(c, TABLE, "after-resume-" + rep);
                try (Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("SELECT ssl FROM pg_catalog.pg_stat_ssl"
                             + " WHERE pid = pg_catalog.pg_backend_pid()")) {
                    return r.next() ? r.getBoolean(1) : null;
                }
            });
        } catch (SQLException | RuntimeException e) {
            error = describe(e);
        }
        long firstQuery = (System.nanoTime() - start) / 1_000_000;
        Optional<FailoverReport> resume = cluster.resumeAfter(eventsBefore);
        Long labResume = resume.map(r -> Duration.between(r.phase(FailoverReport.RESUME_INITIATED).orElseThrow(),
                r.phase(FailoverReport.RESUMED).orElseThrow()).toMillis()).orElse(null);
        Long resumeStart = resume.map(r -> Duration.between(wallStart,
                r.phase(FailoverReport.RESUME_INITIATED).orElseThrow()).toMillis()).orElse(null);
        return new ServerlessResult.ResumeRun(preset.urlName(), rep, overrides, zero, pausedAfter, firstQuery,
                labResume, resumeStart, error == null, error, new TreeMap<>(client.handledCounts()), encrypted);
    }

    /** Class, SQLState and first message line of a failure, and of its root cause when that is another one. */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(one(e));
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e) {
            sb.append("; root cause ").append(one(root));
        }
        return sb.toString();
    }

    private static String one(Throwable e) {
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        if (message.length() > 160) {
            message = message.substring(0, 157) + "...";
        }
        String state = e instanceof SQLException sql && sql.getSQLState() != null ? " " + sql.getSQLState() : "";
        return e.getClass().getSimpleName() + state + ": " + message;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static String at(ServerlessResult.IdleRun run, int second) {
        return run.connectionsPerSecond().size() >= second ? run.connectionsPerSecond().get(second - 1).toString()
                : "-";
    }

    private static String seconds(Long ms) {
        return ms == null ? "never" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** A lab of one preset, kept awake by a connection of the harness until its client has warmed up. */
    private static final class Cluster implements AutoCloseable {
        final Preset preset;
        final AuroraLab lab;
        private Connection keeper;

        private Cluster(Preset preset, AuroraLab lab) {
            this.preset = preset;
            this.lab = lab;
        }

        static Cluster start(Preset preset, ServerlessOptions options) throws SQLException {
            AuroraLab lab = AuroraLab.builder().readers(1).clusterName("sv2-" + preset.urlName())
                    .serverless(ServerlessConfig.of(MIN_ACU, MAX_ACU, options.autoPause())
                            .withResumeTime(options.resumeTime()))
                    .start();
            Cluster cluster = new Cluster(preset, lab);
            try {
                cluster.keepAwake();
                try (Connection c = lab.connectDirect(lab.writerId()); Statement s = c.createStatement()) {
                    s.execute(LoadTable.createSql(TABLE));
                }
                return cluster;
            } catch (SQLException | RuntimeException e) {
                cluster.close();
                throw e;
            }
        }

        /**
         * Opens the harness's own connection through the writer's proxy (resuming the cluster if it paused), so that
         * it stays awake while a client is built and warmed up; {@link Client#goIdle()} closes it.
         */
        void keepAwake() throws SQLException {
            if (keeper != null) {
                return;
            }
            Properties p = lab.credentials();
            p.setProperty("sslmode", "disable");
            p.setProperty("connectTimeout", "90");
            p.setProperty("loginTimeout", "120");
            p.setProperty("ApplicationName", "serverless-harness-keeper");
            keeper = DriverManager.getConnection("jdbc:postgresql://" + lab.instanceEndpoint(lab.writerId()) + ":"
                    + lab.port() + "/" + lab.database(), p);
        }

        void release() {
            if (keeper != null) {
                try {
                    keeper.close();
                } catch (SQLException e) {
                    LOG.debug("closing the keeper: {}", e.toString());
                }
                keeper = null;
            }
        }

        /** A new data source of this preset with {@code overrides}; warmed up while the keeper holds the cluster. */
        Client client(String phase, Map<String, String> overrides) throws SQLException {
            keepAwake();
            Client client = new Client(this, phase, overrides);
            try {
                for (int i = 0; i < WARM_UP_OPERATIONS; i++) {
                    client.load.write("warm-" + phase + "-" + i);
                    client.load.read();
                }
                return client;
            } catch (SQLException | RuntimeException e) {
                client.close();
                throw e;
            }
        }

        /** Client connections through every instance proxy of the cluster. */
        int connections() {
            int n = 0;
            for (LabInstance i : lab.instances()) {
                n += lab.clientConnections(i.id());
            }
            return n;
        }

        /** Every instance is paused. */
        boolean paused() {
            return lab.instances().stream().allMatch(i -> lab.paused(i.id()));
        }

        /** Time from {@code since} to the first {@code paused} phase after it, in ms. */
        Optional<Long> pausedAfter(Instant since) {
            return lab.serverlessEvents().stream().map(r -> r.phase(FailoverReport.PAUSED))
                    .flatMap(Optional::stream).filter(at -> at.isAfter(since)).findFirst()
                    .map(at -> Duration.between(since, at).toMillis());
        }

        /** The first resume recorded after the first {@code index} events; waits up to the resume time + 15 s. */
        Optional<FailoverReport> resumeAfter(int index) throws InterruptedException {
            long deadline = System.nanoTime() + lab.serverless().orElseThrow().resumeTime().toNanos()
                    + TimeUnit.SECONDS.toNanos(15);
            do {
                List<FailoverReport> events = lab.serverlessEvents();
                for (int i = index; i < events.size(); i++) {
                    FailoverReport r = events.get(i);
                    if (r.phase(FailoverReport.RESUME_INITIATED).isPresent()
                            && r.phase(FailoverReport.RESUMED).isPresent()) {
                        return Optional.of(r);
                    }
                }
                Thread.sleep(POLL_MS);
            } while (System.nanoTime() < deadline);
            return Optional.empty();
        }

        String serverVersion() throws SQLException {
            try (Connection c = lab.connectDirect(lab.writerId());
                 Statement s = c.createStatement(); ResultSet r = s.executeQuery("SHOW server_version")) {
                r.next();
                return r.getString(1);
            }
        }

        @Override
        public void close() {
            release();
            lab.close();
        }
    }

    /** An {@link AuroraDataSource} of the cluster's preset, its load client and the failures it handled. */
    private static final class Client implements AutoCloseable {
        final Cluster cluster;
        final AuroraDataSource dataSource;
        final LoadClient load;
        final List<String> handled = java.util.Collections.synchronizedList(new ArrayList<>());

        Client(Cluster cluster, String phase, Map<String, String> overrides) {
            this.cluster = cluster;
            AuroraLab lab = cluster.lab;
            AuroraDataSource.Builder b = AuroraDataSource.builder()
                    .clusterEndpoint(lab.clusterEndpoint(), lab.port())
                    .database(lab.database())
                    .user(lab.user())
                    .password(lab.password())
                    .preset(cluster.preset)
                    .property(AuroraProperty.CLUSTER_ID.key(), "sv2-" + cluster.preset.urlName() + "-" + phase + "-"
                            + System.nanoTime())
                    .listener(FailoverListener.of(e -> handled.add(e.kind() + " " + e.sqlState())));
            overrides.forEach(b::property);
            this.dataSource = b.build();
            this.load = LoadClient.auroraKit(dataSource, TABLE);
        }

        /** Lets the cluster go (closes the keeper), uses the data source once more; returns that last use's end. */
        long goIdle() throws SQLException {
            cluster.release();
            load.write("last-use");
            load.read();
            return System.nanoTime();
        }

        Map<String, Integer> handledCounts() {
            Map<String, Integer> counts = new TreeMap<>();
            synchronized (handled) {
                handled.forEach(h -> counts.merge(h, 1, Integer::sum));
            }
            return counts;
        }

        @Override
        public void close() {
            load.close();
        }
    }
}
