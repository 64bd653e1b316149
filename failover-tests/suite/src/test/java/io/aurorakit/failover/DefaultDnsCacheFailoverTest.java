package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.Await;
import io.aurorakit.lab.FailoverReport;
import io.aurorakit.lab.LabQueries;
import io.aurorakit.measure.LoadTable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 17: applications in JVMs with the JDK's <b>default</b> DNS cache (a resolved name is kept 30 s, not the
 * suite's 0 s) write through the cluster endpoint while the cluster fails over. The name still points at the old
 * writer during the lab's DNS delay and the JVM keeps that answer for long after; meanwhile the old writer comes back
 * as a read-only reader. Plain pgjdbc keeps landing there and gets 25006 even after the name has moved; through
 * aurora-kit every write reaches the new writer and no error reaches the application, save one: when the fault lands
 * on a COMMIT, {@code write()} reports 08007 (outcome unknown) instead of guessing, and that row may or may not exist.
 */
class DefaultDnsCacheFailoverTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(1);

    private static final String TABLE = "s14_writes";
    private static final Duration AFTER_FAILOVER = Duration.ofSeconds(3);

    @Test
    void auroraKitReachesTheNewWriterWhilePlainPgjdbcIsStuckOnTheReadOnlyOldWriter(AuroraLab lab) throws Exception {
        String oldWriter = lab.writerId();
        try (Connection c = lab.connectDirect(oldWriter)) {
            LoadTable.create(c, TABLE);
        }
        try (Probe aurora = Probe.start(lab, "aurora"); Probe plain = Probe.start(lab, "plain")) {
            assertThat(Await.until(Duration.ofSeconds(30), () -> aurora.oks() > 0 && plain.oks() > 0))
                    .as("both probes wrote before the failover; aurora: %s plain: %s", aurora.lines(), plain.lines())
                    .isTrue();
            long failoverStart = System.currentTimeMillis();
            FailoverReport report = lab.failover();
            long dnsMoved = report.phase(FailoverReport.DNS_UPDATED).orElseThrow().toEpochMilli();
            String newWriter = report.newWriterId();
            Thread.sleep(AFTER_FAILOVER.toMillis());
            aurora.stop();
            plain.stop();
            System.out.println("[suite-metrics] default DNS cache: " + report);
            System.out.println("[suite-metrics] plain pgjdbc after the failover: " + plain.after(failoverStart));
            System.out.println("[suite-metrics] aurora-kit after the failover: " + aurora.after(failoverStart));

            assertThat(aurora.lines().get(0)).as("the probe JVM caches lookups (no -Dsun.net.inetaddr.ttl)")
                    .startsWith("ttl null");
            assertThat(plain.errorsWithState("25006", dnsMoved))
                    .as("plain pgjdbc still reaches the old writer, now read-only, after the name moved").isPositive();
            List<String> unknown = aurora.errors().stream().filter(l -> l.split(" ", 5)[2].equals("08007")).toList();
            assertThat(aurora.errors()).as("no error but a commit cut by the failover reached the application")
                    .containsExactlyElementsOf(unknown);
            assertThat(unknown).as("one writer thread, one failover: at most one commit cut").hasSizeLessThanOrEqualTo(1);
            List<String> auroraAfter = aurora.instancesAfter(dnsMoved);
            assertThat(auroraAfter).isNotEmpty().allMatch(newWriter::equals);

            long rows = LabQueries.count(lab, newWriter, "SELECT count(*) FROM " + TABLE + " WHERE k LIKE 'aurora-%'");
            long distinct = LabQueries.count(lab, newWriter,
                    "SELECT count(DISTINCT k) FROM " + TABLE + " WHERE k LIKE 'aurora-%'");
            assertThat(rows).as("every acknowledged write, once; a cut commit may or may not have landed")
                    .isEqualTo(distinct).isBetween(aurora.oks(), aurora.oks() + unknown.size());
            FailoverTimings.record(lab, ScenarioTiming.of("17-default-dns-cache",
                            "failover() with clients in JVMs caching DNS 30 s; plain pgjdbc got "
                                    + plain.errorsWithState("25006", failoverStart) + " x 25006")
                    .outageMs(aurora.longestGapMs()).writes(aurora.oks(), rows - distinct, rows - distinct));
        }
    }

    /** A {@link StaleDnsProbe} in a JVM of its own: same hosts file, the JDK's default DNS cache. */
    private static final class Probe implements AutoCloseable {
        private final Process process;
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final Thread reader;

        private Probe(Process process) {
            this.process = process;
            this.reader = new Thread(this::read, "probe-reader");
            this.reader.setDaemon(true);
            this.reader.start();
        }

        static Probe start(AuroraLab lab, String mode) throws IOException {
            Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
            Path log = lab.hostsFile().resolveSibling("stale-dns-probe-" + mode + ".log");
            ProcessBuilder builder = new ProcessBuilder(java.toString(),
                    "-Djdk.net.hosts.file=" + lab.hostsFile(),
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp", System.getProperty("java.class.path"), StaleDnsProbe.class.getName(), mode,
                    lab.clusterEndpoint(), Integer.toString(lab.port()), lab.database(), lab.user(), TABLE)
                    .redirectError(log.toFile());
            builder.environment().put("PROBE_PASSWORD", lab.password());
            return new Probe(builder.start());
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the probe ended
            }
        }

        List<String> lines() {
            synchronized (lines) {
                return new ArrayList<>(lines);
            }
        }

        long oks() {
            return lines().stream().filter(l -> l.startsWith("ok ")).count();
        }

        List<String> errors() {
            return lines().stream().filter(l -> l.startsWith("err ")).toList();
        }

        long errorsWithState(String sqlState, long fromEpochMs) {
            return errors().stream().map(l -> l.split(" ", 5))
                    .filter(f -> f[2].equals(sqlState) && Long.parseLong(f[3]) >= fromEpochMs).count();
        }

        List<String> instancesAfter(long fromEpochMs) {
            return lines().stream().filter(l -> l.startsWith("ok ")).map(l -> l.split(" "))
                    .filter(f -> Long.parseLong(f[3]) >= fromEpochMs).map(f -> f[2]).toList();
        }

        /** Lines from {@code fromEpochMs} on, compressed: each run of equal outcomes once, with its count. */
        String after(long fromEpochMs) {
            StringBuilder sb = new StringBuilder();
            String last = null;
            int count = 0;
            for (String line : lines()) {
                String[] f = line.split(" ", 5);
                if (f.length < 4 || Long.parseLong(f[3]) < fromEpochMs) {
                    continue;
                }
                String outcome = f[0] + " " + f[2];
                if (outcome.equals(last)) {
                    count++;
                    continue;
                }
                if (last != null) {
                    sb.append(last).append(" x").append(count).append(", ");
                }
                last = outcome;
                count = 1;
            }
            return sb.append(last).append(" x").append(count).toString();
        }

        long longestGapMs() {
            long longest = 0;
            long previous = -1;
            for (String line : lines()) {
                if (line.startsWith("ok ")) {
                    long at = Long.parseLong(line.split(" ")[3]);
                    if (previous >= 0) {
                        longest = Math.max(longest, at - previous);
                    }
                    previous = at;
                }
            }
            return longest;
        }

        void stop() throws InterruptedException {
            try (OutputStream in = process.getOutputStream()) {
                in.write('\n');
            } catch (IOException e) {
                // already gone
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            reader.join(5000);
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(5000);
        }
    }
}
