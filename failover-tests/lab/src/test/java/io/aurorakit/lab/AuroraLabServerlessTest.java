package io.aurorakit.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Serverless v2 in the lab (issue #13): auto-pause after idle time with no client connection, pause groups (writer +
 * tier 0-1 readers together, a tier-2 reader alone, the writer last), connections held while an instance resumes,
 * the control plane's pause/resume, capacity that follows load. Short times keep it fast: auto-pause 2 s, resume 2 s.
 */
class AuroraLabServerlessTest {

    private static final Duration AUTO_PAUSE = Duration.ofSeconds(2);
    private static final Duration RESUME = Duration.ofSeconds(2);
    private static final double MAX_ACU = 4;
    /** The tier-2 reader: it pauses on its own. instance-1 (writer) and instance-2 (tier 1) are one group. */
    private static final String TIER2 = "instance-3";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.configure(b -> b.readers(2)
            .promotionTier(TIER2, 2)
            .serverless(ServerlessConfig.of(0, MAX_ACU, AUTO_PAUSE).withResumeTime(RESUME)));

    @Test
    void anIdleClusterPausesReadersFirstThenAHeldConnectionWaitsForTheResume(AuroraLab lab) throws Exception {
        lab.resume(TIER2); // everything awake; every idle clock restarts
        String writer = lab.writerId();
        try (Connection c = connect(lab, lab.clusterEndpoint())) {
            assertThat(LabQueries.instanceId(c)).isEqualTo(writer);
        }
        Instant closedAt = Instant.now();
        assertThat(Await.until(PATIENCE, () -> lab.instances().stream().allMatch(LabInstance::paused)))
                .as("every instance pauses: %s", lab.instances()).isTrue();
        assertThat(lab.instances()).noneMatch(LabInstance::alive);
        for (LabInstance i : lab.instances()) {
            assertThat(lab.capacity(i.id())).as("capacity of paused %s", i.id()).isZero();
            assertThat(lab.postmasterPid(i.id())).as("no PostgreSQL of paused %s", i.id()).isEmpty();
        }
        FailoverReport alone = lastEvent(lab, "auto-pause [" + TIER2 + "]");
        FailoverReport group = lastEvent(lab, "auto-pause [" + groupReader(lab) + ", " + writer + "]");
        System.out.println("[lab-metrics] " + alone + "\n[lab-metrics] " + group);
        assertThat(alone.phase(FailoverReport.PAUSED).orElseThrow())
                .as("the writer pauses only when every tier 2-15 reader is paused")
                .isBefore(group.phase(FailoverReport.PAUSE_INITIATED).orElseThrow());
        Duration idle = Duration.between(closedAt, group.phase(FailoverReport.PAUSE_INITIATED).orElseThrow());
        System.out.println("[lab-metrics] writer group paused " + idle.toMillis() + " ms after its last client "
                + "closed (autoPause " + AUTO_PAUSE.toMillis() + " ms)");
        assertThat(idle).isBetween(AUTO_PAUSE.minus(ServerlessController.TICK).minusMillis(50),
                AUTO_PAUSE.plusSeconds(5));

        long t0 = System.nanoTime();
        try (Connection c = connect(lab, lab.instanceEndpoint(writer))) {
            Duration held = Duration.ofNanos(System.nanoTime() - t0);
            FailoverReport resume = lastEvent(lab, "auto-resume (connection to " + writer + ")");
            Duration resumeTook = Duration.between(resume.phase(FailoverReport.RESUME_INITIATED).orElseThrow(),
                    resume.phase(FailoverReport.RESUMED).orElseThrow());
            System.out.println("[lab-metrics] connection held " + held.toMillis() + " ms while " + writer
                    + " resumed (resume time " + RESUME.toMillis() + " ms): " + resume);
            assertThat(held).isGreaterThanOrEqualTo(RESUME).isLessThan(RESUME.plusSeconds(10));
            assertThat(resumeTook).isGreaterThanOrEqualTo(RESUME);
            assertThat(LabQueries.instanceId(c)).isEqualTo(writer);
            assertThat(lab.paused(writer)).isFalse();
            assertThat(lab.paused(groupReader(lab))).as("tier 0-1 readers resume with the writer").isFalse();
            assertThat(lab.paused(TIER2)).as("a tier-2 reader resumes only when asked for").isTrue();
            assertThat(lab.capacity(writer)).as("capacity restarts low").isEqualTo(0.5);
            assertThat(LabQueries.queryString(c, "SELECT aurora_lab.serverless_capacity()")).isEqualTo("0.5");
        }
    }

    @Test
    void anOpenIdleConnectionKeepsItsGroupAwakeAndAnAwakeTier2ReaderKeepsTheWriterAwake(AuroraLab lab)
            throws Exception {
        lab.resume(TIER2);
        String writer = lab.writerId();
        try (Connection monitor = connect(lab, lab.instanceEndpoint(groupReader(lab)))) {
            // like a monitoring connection of the AWS wrapper: open, idle, through the instance endpoint
            assertThat(LabQueries.instanceId(monitor)).isEqualTo(groupReader(lab));
            assertThat(Await.until(PATIENCE, () -> lab.paused(TIER2))).as("the idle tier-2 reader pauses").isTrue();
            assertThat(Await.until(AUTO_PAUSE.multipliedBy(2), () -> lab.paused(writer))).as("the writer's group "
                    + "stays awake while a client is connected to one of its readers").isFalse();
            assertThat(lab.paused(groupReader(lab))).isFalse();
            assertThat(monitor.isValid(2)).isTrue();
        }
        lab.resume(TIER2);
        try (Connection tier2 = connect(lab, lab.instanceEndpoint(TIER2))) {
            assertThat(Await.until(AUTO_PAUSE.multipliedBy(2).plusSeconds(1),
                    () -> lab.paused(writer) || lab.paused(TIER2))).as("an idle writer does not pause while a "
                    + "tier-2 reader is awake").isFalse();
            assertThat(LabQueries.instanceId(tier2)).isEqualTo(TIER2);
        }
    }

    @Test
    void aConnectionToAPausedTier2ReaderResumesTheWritersGroupFirst(AuroraLab lab) throws Exception {
        String writer = lab.writerId();
        Fault.Injection hit = Fault.byId("pause").inject(lab, Fault.Settings.DEFAULT);
        assertThat(hit.instance()).isEqualTo(writer);
        assertThat(hit.healIfNeeded(lab)).isFalse();
        FailoverReport pause = hit.report();
        System.out.println("[lab-metrics] " + pause);
        assertThat(pause.phases()).containsKeys(FailoverReport.PAUSE_INITIATED, FailoverReport.PAUSED);
        assertThat(pause.notes()).anyMatch(n -> n.startsWith("paused [" + TIER2 + ", " + groupReader(lab) + ", "
                + writer + "]"));
        assertThat(lab.instances()).allMatch(LabInstance::paused);
        lab.awaitHealthy(Duration.ofSeconds(5)); // paused counts as healthy (Aurora: status available)

        long t0 = System.nanoTime();
        try (Connection c = connect(lab, lab.instanceEndpoint(TIER2))) {
            Duration held = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(LabQueries.instanceId(c)).isEqualTo(TIER2);
            assertThat(LabQueries.inRecovery(c)).isTrue();
            assertThat(held).isGreaterThanOrEqualTo(RESUME);
            FailoverReport resume = lastEvent(lab, "auto-resume (connection to " + TIER2 + ")");
            assertThat(resume.notes()).anyMatch(n -> n.startsWith("resumed [" + writer + ", " + groupReader(lab)
                    + ", " + TIER2 + "]"));
            assertThat(lab.instances()).noneMatch(LabInstance::paused);
            lab.awaitHealthy(Duration.ofSeconds(10));
        }
    }

    @Test
    void pauseAndResumeOfTheControlPlaneReportTheirPhases(AuroraLab lab) throws Exception {
        lab.resume(TIER2);
        String writer = lab.writerId();
        try (Connection keepAwake = connect(lab, lab.instanceEndpoint(writer))) {
            FailoverReport pause = lab.pause(TIER2);
            assertThat(pause.action()).isEqualTo("pause " + TIER2);
            assertThat(lab.paused(TIER2)).isTrue();
            assertThat(lab.paused(writer)).as("a tier-2 reader pauses alone").isFalse();
            assertThat(LabQueries.instanceId(keepAwake)).isEqualTo(writer);

            FailoverReport resume = lab.resume(TIER2);
            System.out.println("[lab-metrics] " + pause + "\n[lab-metrics] " + resume);
            assertThat(resume.phases()).containsKeys(FailoverReport.RESUME_INITIATED, FailoverReport.RESUMED);
            assertThat(resume.timeTo(FailoverReport.RESUMED).orElseThrow()).isGreaterThanOrEqualTo(RESUME);
            assertThat(lab.paused(TIER2)).isFalse();
            assertThat(lab.resume(TIER2).notes()).containsExactly(TIER2 + " was not paused");
            assertThat(lab.serverlessEvents()).extracting(FailoverReport::action)
                    .contains("pause " + TIER2, "resume " + TIER2);

            FailoverReport forced = lab.pause(writer);
            assertThat(forced.notes()).anyMatch(n -> n.contains("client connection(s) closed"));
            assertThatThrownBy(() -> LabQueries.instanceId(keepAwake)).as("a forced pause ends connected sessions")
                    .isInstanceOf(SQLException.class);
        }
        assertThatThrownBy(() -> lab.pause("instance-9")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("instance-9");
    }

    @Test
    void aFailoverOfAPausedClusterResumesItFirst(AuroraLab lab) throws Exception {
        String writer = lab.writerId();
        lab.pause(writer);
        FailoverReport failover = lab.failover();
        System.out.println("[lab-metrics] " + failover);
        List<String> phases = new ArrayList<>(failover.phases().keySet());
        assertThat(phases).containsSubsequence(FailoverReport.RESUME_INITIATED, FailoverReport.RESUMED,
                FailoverReport.FENCED, FailoverReport.PROMOTED);
        assertThat(failover.newWriterId()).isNotEqualTo(writer).isNotEqualTo(TIER2);
        assertThat(lab.paused(TIER2)).as("the tier-2 reader is not needed for the failover").isTrue();
        lab.awaitHealthy(Duration.ofSeconds(20));
        try (Connection c = connect(lab, lab.clusterEndpoint())) {
            assertThat(LabQueries.instanceId(c)).isEqualTo(failover.newWriterId());
            assertThat(LabQueries.inRecovery(c)).isFalse();
        }
        try (Connection c = connect(lab, lab.instanceEndpoint(TIER2))) {
            assertThat(LabQueries.instanceId(c)).as("the paused reader resumes as a reader of the new writer")
                    .isEqualTo(TIER2);
            lab.awaitHealthy(Duration.ofSeconds(20));
        }
    }

    @Test
    void capacityFollowsLoadBetweenMinAndMaxAndTier01ReadersTrackTheWriter(AuroraLab lab) throws Exception {
        lab.resume(TIER2);
        String writer = lab.writerId();
        String reader = groupReader(lab);
        try (Connection w = connect(lab, lab.instanceEndpoint(writer));
             Connection r = connect(lab, lab.instanceEndpoint(reader))) {
            assertThat(Await.until(PATIENCE, () -> lab.capacity(writer) == 0.5)).as("idle writer at the floor")
                    .isTrue();
            ExecutorService pool = Executors.newFixedThreadPool(5);
            List<Future<?>> load = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    load.add(pool.submit(() -> {
                        try (Connection c = connect(lab, lab.instanceEndpoint(writer))) {
                            LabQueries.queryString(c, "SELECT pg_sleep(9)::text");
                        }
                        return null;
                    }));
                }
                List<Double> seen = new ArrayList<>();
                double top = Await.value(Duration.ofSeconds(12), () -> {
                    double acu = lab.capacity(writer);
                    if (seen.isEmpty() || seen.get(seen.size() - 1) != acu) {
                        seen.add(acu);
                    }
                    return acu;
                }, acu -> acu == MAX_ACU);
                System.out.println("[lab-metrics] writer capacity under 5 active statements: " + seen + " ACU");
                assertThat(top).as("5 active statements (demand 5.5 ACU) scale to the maximum").isEqualTo(MAX_ACU);
                assertThat(seen).isSorted().allMatch(acu -> acu >= 0.5 && acu <= MAX_ACU)
                        .allMatch(acu -> acu * 2 == Math.rint(acu * 2));
                assertThat(Await.value(Duration.ofSeconds(5), () -> LabQueries.queryString(w,
                        "SELECT aurora_lab.serverless_capacity()"), "4"::equals)).isEqualTo("4");
                assertThat(Await.until(Duration.ofSeconds(5), () -> lab.capacity(reader) == MAX_ACU))
                        .as("a tier-1 reader tracks the writer's capacity").isTrue();
                assertThat(Await.value(Duration.ofSeconds(5), () -> LabQueries.queryString(r,
                        "SELECT aurora_lab.serverless_capacity()"), "4"::equals)).isEqualTo("4");
                assertThat(lab.capacity(TIER2)).as("a tier-2 reader scales on its own").isLessThanOrEqualTo(0.5);
                for (Future<?> f : load) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(Await.until(Duration.ofSeconds(15), () -> lab.capacity(writer) == 0.5))
                    .as("back to the floor without load").isTrue();
        }
        lab.pause(writer);
        assertThat(lab.instances()).allSatisfy(i -> assertThat(lab.capacity(i.id())).isZero());
    }

    // -------------------------------------------------------------------------------------------- helpers

    /** The reader in promotion tier 0-1 (the writer's group), whichever instance the writer is. */
    private static String groupReader(AuroraLab lab) {
        return lab.instances().stream().filter(i -> i.role() == LabInstance.Role.READER && i.tier() <= 1)
                .map(LabInstance::id).findFirst().orElseThrow();
    }

    private static FailoverReport lastEvent(AuroraLab lab, String action) {
        List<FailoverReport> events = lab.serverlessEvents();
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).action().equals(action)) {
                return events.get(i);
            }
        }
        throw new AssertionError("no serverless event '" + action + "' in "
                + events.stream().map(FailoverReport::action).toList());
    }

    /** Plain pgjdbc through the lab's proxies (TLS preferred, as by default), patient enough for a resume. */
    static Connection connect(AuroraLab lab, String host) throws SQLException {
        Properties p = lab.credentials();
        p.setProperty("connectTimeout", "10");
        p.setProperty("sslResponseTimeout", "10000");
        p.setProperty("socketTimeout", "30");
        p.setProperty("ApplicationName", "serverless-test");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + lab.port() + "/" + lab.database(), p);
    }
}
