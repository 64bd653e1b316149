package io.aurorakit.bench;

import io.aurorakit.insights.DbLoadSampler;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.LabTiming;
import io.aurorakit.measure.LoadClient;
import io.aurorakit.measure.LoadTable;
import io.aurorakit.measure.Workload;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a running {@link DbLoadSampler} at 1 Hz costs the writer's throughput. One FAST lab; the harness's
 * {@link Workload} (1 writer + 1 reader thread on the writer through HikariCP + pgjdbc pools straight to the writer's
 * server - no proxy threads competing for the 2 cores - no TLS, unpaced so the machine is saturated and any cost shows
 * as fewer operations) runs throughout. After a warm-up, equal rounds alternate sampler off and
 * on, starting and ending with off; each round with the sampler gives the ratio of its throughput to the mean of the
 * two rounds around it without (so a steady drift of the shared machine or of the growing table cancels out). An interleaved A/B run rather than JMH
 * forks: the effect looked for (about 1%) is smaller than the fork-to-fork noise of this machine.
 *
 * <p>The sampler connects straight to the writer (as {@link InstanceSamplers} does) and is driven at its interval by
 * this harness calling {@link DbLoadSampler#sampleNow()} - the call its own thread makes - so each sample can be timed
 * from the sampler's side. Its connection stays open in the rounds without sampling (an idle connection costs
 * nothing).
 *
 * <pre>
 * java -Djdk.net.hosts.file=/tmp/lab.hosts -Dsun.net.inetaddr.ttl=0 -cp benchmarks.jar \
 *     io.aurorakit.bench.SamplerOverheadHarness --profile quick --out results/sampler-overhead.json
 * </pre>
 */
public final class SamplerOverheadHarness {

    private static final Logger LOG = LoggerFactory.getLogger(SamplerOverheadHarness.class);
    private static final int WRITERS = 1;
    private static final int READERS = 1;
    /** Operations per second per thread high enough that the workload never waits (its pacing is a no-op). */
    private static final int UNPACED = 1_000_000_000;
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private final SamplerOverheadResult.Settings settings;
    private final String profile;

    SamplerOverheadHarness(String profile) {
        this.profile = profile;
        this.settings = switch (profile) {
            case "quick" -> settings(5, 2, 15);
            case "full" -> settings(10, 2, 60);
            case "smoke" -> settings(1, 1, 1);
            default -> throw new IllegalArgumentException("--profile '" + profile + "' is unknown; expected quick or"
                    + " full");
        };
    }

    private static SamplerOverheadResult.Settings settings(int warmUp, int round, int onRounds) {
        return new SamplerOverheadResult.Settings("HikariCP + pgjdbc straight to the writer's server, no TLS, no reader instance", WRITERS, READERS, warmUp,
                round, onRounds, INTERVAL.toMillis());
    }

    public static void main(String[] args) throws Exception {
        HarnessArgs cli = HarnessArgs.parse("SamplerOverheadHarness", "sampler-overhead.json", args);
        Path out = cli.out();
        SamplerOverheadResult result = new SamplerOverheadHarness(cli.profile()).run();
        cli.write(result);
        System.out.printf("sampler overhead: throughput with / without the sampler, median %.4f (p25 %.4f, p75 %.4f,"
                        + " %d rounds); sample p50 %d us, p95 %d us; written to %s%n", result.ratio(50),
                result.ratio(25), result.ratio(75), result.roundRatios().size(), result.sampleMicros(50),
                result.sampleMicros(95), out);
    }

    static void write(SamplerOverheadResult result, Path file) throws IOException {
        HarnessArgs.write(result, file);
    }

    SamplerOverheadResult run() throws Exception {
        try (AuroraLab lab = AuroraLab.builder().readers(0).clusterName("overhead").tls(false).start()) {
            String postgresVersion;
            try (Connection c = lab.connectDirect(lab.writerId()); Statement s = c.createStatement()) {
                s.execute(LoadTable.createSql(LoadClients.TABLE));
                try (ResultSet r = s.executeQuery("SHOW server_version")) {
                    r.next();
                    postgresVersion = r.getString(1);
                }
            }
            String writer = lab.writerId();
            OpCounter counter = new OpCounter();
            LoadClient client = LoadClients.pools(ClientPools.direct(lab, writer, "overhead-writes"),
                    ClientPools.direct(lab, writer, "overhead-reads"));
            List<SamplerOverheadResult.Round> rounds = new ArrayList<>();
            List<Long> sampleMicros = Collections.synchronizedList(new ArrayList<>());
            try (DbLoadSampler sampler = DbLoadSampler.builder(() -> lab.connectDirect(writer))
                    .interval(INTERVAL).name("dbload-overhead").build()) {
                Workload load = Workload.start(client, counter, new Workload.Settings("overhead", WRITERS, READERS,
                        UNPACED));
                try {
                    sampler.sampleNow(); // opens its connection outside the measurement
                    Thread.sleep(TimeUnit.SECONDS.toMillis(settings.warmUpSeconds()));
                    for (int i = 0; i <= 2 * settings.onRounds(); i++) {
                        rounds.add(round(i, i % 2 == 1, counter, sampler, sampleMicros));
                        LOG.info("{}", rounds.get(i));
                    }
                } finally {
                    load.stop(Duration.ofSeconds(5));
                    client.close();
                }
            }
            return new SamplerOverheadResult(Instant.now().toString(), profile,
                    Environment.current(postgresVersion), LabTiming.FAST.toString(), settings, rounds,
                    List.copyOf(sampleMicros), serverTime(lab, writer));
        }
    }

    /**
     * The server's own execution time of the sampler's {@code pg_stat_activity} query over the whole run, from
     * {@code pg_stat_statements}; null when it has no entry for it.
     */
    private static SamplerOverheadResult.ServerTime serverTime(AuroraLab lab, String writer) throws SQLException {
        try (Connection c = lab.connectDirect(writer); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT sum(calls), sum(total_exec_time) FROM pg_stat_statements"
                     + " WHERE query LIKE '%FROM pg_stat_activity a%' AND query LIKE '%pg_backend_pid()%'")) {
            r.next();
            long calls = r.getLong(1);
            return calls == 0 ? null : new SamplerOverheadResult.ServerTime(calls,
                    Math.round(r.getDouble(2) * 1000 / calls));
        }
    }

    /** One round of {@code settings.roundSeconds()}, sampling at the interval when {@code on}. */
    private SamplerOverheadResult.Round round(int index, boolean on, OpCounter counter, DbLoadSampler sampler,
                                              List<Long> sampleMicros) throws InterruptedException {
        long roundNanos = TimeUnit.SECONDS.toNanos(settings.roundSeconds());
        long okBefore = counter.ok.sum();
        long failedBefore = counter.failed.sum();
        long start = System.nanoTime();
        long end = start + roundNanos;
        int samples = 0;
        for (long next = start; next < end; next += INTERVAL.toNanos()) {
            if (on) {
                long t0 = System.nanoTime();
                try {
                    sampler.sampleNow();
                    sampleMicros.add(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0));
                    samples++;
                } catch (SQLException e) {
                    LOG.warn("a sample failed: {}", e.getMessage());
                }
            }
            long sleep = Math.min(next + INTERVAL.toNanos(), end) - System.nanoTime();
            if (sleep > 0) {
                TimeUnit.NANOSECONDS.sleep(sleep);
            }
        }
        long nanos = System.nanoTime() - start;
        return new SamplerOverheadResult.Round(index, on, counter.ok.sum() - okBefore,
                counter.failed.sum() - failedBefore, nanos, samples);
    }

    /** Counts the workload's outcomes; keeps nothing else (the rounds run thousands of operations a second). */
    private static final class OpCounter implements Workload.Listener {
        final LongAdder ok = new LongAdder();
        final LongAdder failed = new LongAdder();

        @Override
        public void written(int thread, long startNanos, String key, String instance) {
            ok.increment();
        }

        @Override
        public void writeFailed(int thread, long startNanos, String key, Exception failure) {
            failed.increment();
        }

        @Override
        public void read(int thread, long startNanos, String instance, Exception failure) {
            if (failure == null) {
                ok.increment();
            } else {
                failed.increment();
            }
        }
    }
}
