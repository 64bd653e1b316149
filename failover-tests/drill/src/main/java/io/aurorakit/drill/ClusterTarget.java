package io.aurorakit.drill;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.insights.DbLoadSampler;
import io.aurorakit.insights.PerformanceInsightsReader;
import io.aurorakit.retry.FailoverListener;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A drill on a real Aurora cluster: the workload runs against {@code --url}; the operator triggers the failover
 * (for example {@code aws rds failover-db-cluster}) and the drill waits until the application sees a new writer.
 */
final class ClusterTarget implements DrillTarget {

    private final DrillPlan plan;
    private final String password;
    private final PrintStream out;
    private volatile String oldWriter;
    private volatile String newWriter;
    private DbLoadSampler sampler;
    private final java.util.List<PerformanceInsightsReader> readers = new java.util.ArrayList<>();

    ClusterTarget(DrillPlan plan, String password, PrintStream out) {
        this.plan = plan;
        this.password = password;
        this.out = out;
    }

    @Override
    public String description() {
        return "cluster " + Secrets.maskUrl(plan.url().replaceFirst("\\?.*$", ""));
    }

    @Override
    public AuroraDataSource openDataSource(FailoverListener listener) {
        Properties properties = new Properties();
        properties.setProperty("user", plan.user());
        properties.setProperty("password", password);
        AuroraDataSource dataSource = plan.applyTo(AuroraDataSource.builder().url(plan.url(), properties), listener)
                .build();
        // through the cluster endpoint with aurora-kit's driver: the sampler's connection follows the writer
        sampler = DbLoadSampler.builder(plan.url(), plan.user(), password).name("drill-writer-load").start();
        return dataSource;
    }

    /**
     * With {@code --trigger rds} and Performance Insights on both writers: PI of the old writer and of the new one;
     * else (or when PI cannot be read) the drill's own sampler through the cluster endpoint.
     */
    @Override
    public WriterWaits.Sources writerLoad() {
        if (sampler == null) {
            return null;
        }
        String sampled = "sampled once a second from pg_stat_activity through the cluster endpoint";
        if (plan.rds() != null && oldWriter != null && newWriter != null) {
            try (RdsTrigger rds = new RdsTrigger(plan.rds())) {
                var before = rds.performanceInsightsResourceId(oldWriter);
                var after = rds.performanceInsightsResourceId(newWriter);
                if (before.isPresent() && after.isPresent()) {
                    return new WriterWaits.Sources("Performance Insights (" + before.get() + ", " + after.get() + ")",
                            oldWriter, piReader(before.get()), newWriter, piReader(after.get()));
                }
                sampled += "; Performance Insights is off on " + (before.isEmpty() ? oldWriter : newWriter);
            } catch (RuntimeException e) {
                sampled += "; Performance Insights could not be read: " + e.getMessage();
            }
        }
        return new WriterWaits.Sources(sampled, oldWriter == null ? "the writer" : oldWriter, sampler,
                newWriter == null ? "the writer" : newWriter, sampler);
    }

    private PerformanceInsightsReader piReader(String resourceId) {
        PerformanceInsightsReader.Builder builder = PerformanceInsightsReader.builder(resourceId);
        plan.rds().region().ifPresent(builder::region);
        plan.rds().piEndpoint().ifPresent(builder::endpoint);
        PerformanceInsightsReader reader = builder.build();
        readers.add(reader);
        return reader;
    }

    @Override
    public void fault(DrillRecorder recorder) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ("?".equals(recorder.currentWriter()) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        String before = recorder.currentWriter();
        oldWriter = "?".equals(before) ? null : before;
        Duration wait = plan.manualWait();
        if (plan.rds() != null) {
            try (RdsTrigger rds = new RdsTrigger(plan.rds())) {
                String writer = rds.failover(rds.check(), recorder, wait);
                out.printf(">>> RDS reports the failover done: writer %s%n", writer);
            }
            awaitNewWriter(recorder, before, wait);
            return;
        }
        out.printf(">>> trigger the failover now (e.g. aws rds failover-db-cluster --db-cluster-identifier <id>);%n"
                + ">>> the writer is %s; waiting up to %d s for the application to see a new writer%n",
                before, wait.toSeconds());
        recorder.faultInjected();
        awaitNewWriter(recorder, before, wait);
    }

    /** Waits until the application writes to a writer other than {@code before}. */
    private void awaitNewWriter(DrillRecorder recorder, String before, Duration wait)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (recorder.currentWriter().equals(before)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no writer change seen within " + wait.toSeconds()
                        + " s (--manual-wait); was the failover triggered?");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        newWriter = recorder.currentWriter();
        recorder.event("writer changed: " + before + " -> " + newWriter, "app");
    }

    @Override
    public String faultedInstance() {
        return oldWriter;
    }

    @Override
    public void close() {
        readers.forEach(PerformanceInsightsReader::close);
        if (sampler != null) {
            sampler.close();
        }
    }
}
