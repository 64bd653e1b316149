package io.aurorakit.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** close() leaves nothing behind, and two labs at once do not collide. */
class AuroraLabHygieneTest {

    @Test
    void twoLabsRunSideBySideAndCloseLeavesNoProcessDirectoryOrHostsLine() throws Exception {
        CompletableFuture<AuroraLab> first = CompletableFuture.supplyAsync(
                () -> AuroraLab.builder().readers(1).clusterName("alpha").start());
        AuroraLab second = AuroraLab.builder().readers(0).clusterName("beta").start();
        AuroraLab one = first.join();
        List<Long> pids = new ArrayList<>();
        Path firstDir = one.directory();
        Path secondDir = second.directory();
        try {
            assertThat(firstDir).isNotEqualTo(secondDir);
            assertThat(one.clusterEndpoint()).isNotEqualTo(second.clusterEndpoint());
            for (AuroraLab lab : List.of(one, second)) {
                try (Connection c = LabClients.wrapper(lab, lab.clusterEndpoint(),
                        LabClients.wrapperProps(lab, LabClients.FAILOVER_PLUGINS, 10_000))) {
                    assertThat(LabQueries.instanceId(c)).isEqualTo("instance-1");
                    String serverAddress = LabQueries.queryString(c, "SELECT host(inet_server_addr())");
                    assertThat(lab.directJdbcUrl("instance-1")).contains("//" + serverAddress + ":" + lab.port() + "/");
                }
                for (LabInstance instance : lab.instances()) {
                    pids.add(lab.postmasterPid(instance.id()).orElseThrow());
                }
            }
            assertThat(Files.readString(one.hostsFile())).contains(one.clusterEndpoint(), second.clusterEndpoint());
        } finally {
            one.close();
            second.close();
        }
        assertThat(pids).hasSize(3).allMatch(pid -> !LabWorkspace.isRunning(pid), "postmaster gone");
        assertThat(pgrep(firstDir.toString())).isEmpty();
        assertThat(pgrep(secondDir.toString())).isEmpty();
        assertThat(firstDir).doesNotExist();
        assertThat(secondDir).doesNotExist();
        String hosts = Files.readString(one.hostsFile());
        assertThat(hosts).doesNotContain(one.clusterEndpoint()).doesNotContain(second.clusterEndpoint())
                .contains("127.0.0.1 localhost");
    }

    @Test
    void aPausedServerlessLabLeavesNoThreadOrProcessAndADeepSleepResumesSlower() throws Exception {
        Duration resume = Duration.ofMillis(500);
        Duration deepResume = Duration.ofSeconds(2);
        Duration deepAfter = Duration.ofSeconds(2);
        List<Thread> before = liveThreads("aurora-lab-serverless-", List.of());
        AuroraLab lab = AuroraLab.builder().readers(1).tls(false).serverless(ServerlessConfig.of(0, 2,
                Duration.ofSeconds(1)).withResumeTime(resume).withDeepSleep(deepAfter, deepResume)).start();
        String prefix = "aurora-lab-serverless-";
        List<Long> pids = new ArrayList<>();
        Path dir = lab.directory();
        try {
            assertThat(liveThreads(prefix, before)).hasSize(2);
            for (LabInstance instance : lab.instances()) {
                pids.add(lab.postmasterPid(instance.id()).orElseThrow());
            }
            assertThat(Await.until(Duration.ofSeconds(20), () -> lab.instances().stream()
                    .allMatch(LabInstance::paused))).as("an idle lab pauses after 1 s").isTrue();
            assertThat(pids).allMatch(pid -> !LabWorkspace.isRunning(pid), "paused: PostgreSQL stopped");
            Thread.sleep(deepAfter.plusMillis(300).toMillis()); // a pause longer than deepSleepAfter: nothing to poll
            long t0 = System.nanoTime();
            try (Connection c = AuroraLabServerlessTest.connect(lab, lab.readerEndpoint())) {
                Duration held = Duration.ofNanos(System.nanoTime() - t0);
                System.out.println("[lab-metrics] after a deep sleep the connection was held " + held.toMillis()
                        + " ms (deep-sleep resume time " + deepResume.toMillis() + " ms)");
                assertThat(held).isGreaterThanOrEqualTo(deepResume);
                assertThat(LabQueries.instanceId(c)).as("the reader endpoint answers with a paused reader")
                        .isEqualTo("instance-2");
            }
            assertThat(lab.serverlessEvents()).last().satisfies(e -> assertThat(e.notes())
                    .anyMatch(n -> n.contains("deep sleep")));
            pids.clear();
            for (LabInstance instance : lab.instances()) {
                pids.add(lab.postmasterPid(instance.id()).orElseThrow());
            }
            lab.pause("instance-1");
        } finally {
            lab.close();
        }
        assertThat(liveThreads(prefix, before)).isEmpty();
        assertThat(pids).allMatch(pid -> !LabWorkspace.isRunning(pid), "postmaster gone");
        assertThat(pgrep(dir.toString())).isEmpty();
        assertThat(dir).doesNotExist();
    }

    private static List<Thread> liveThreads(String prefix, List<Thread> except) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)
                && t.isAlive() && !except.contains(t)).toList();
    }

    /** Processes (any user) whose command line mentions {@code text}. */
    private static List<String> pgrep(String text) throws Exception {
        Process p = new ProcessBuilder("pgrep", "-a", "-f", text).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        List<String> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank() && !line.contains("pgrep")) {
                lines.add(line);
            }
        }
        return lines;
    }
}
