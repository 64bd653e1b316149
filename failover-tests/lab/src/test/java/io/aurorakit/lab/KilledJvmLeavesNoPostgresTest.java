package io.aurorakit.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A JVM that holds a lab and dies by {@code kill -9} (no shutdown hook runs) leaves no PostgreSQL process and no lab
 * directory behind: the lab's watchdog notices the JVM is gone and cleans up.
 */
class KilledJvmLeavesNoPostgresTest {

    /** The child JVM: starts a lab, prints its directory, then waits to be killed. */
    public static final class LabHolder {
        public static void main(String[] args) throws Exception {
            AuroraLab lab = AuroraLab.builder().readers(1).start();
            System.out.println("LAB " + lab.directory());
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(2));
            lab.close();
        }
    }

    @Test
    void killMinusNineOfTheJvmLeavesNoPostgresProcessOrDirectory() throws Exception {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(),
                "-Djdk.net.hosts.file=" + System.getProperty("jdk.net.hosts.file"), "-Dsun.net.inetaddr.ttl=0",
                "-cp", System.getProperty("java.class.path"), LabHolder.class.getName())
                .redirectErrorStream(true).start();
        Path directory = null;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("LAB ")) {
                    directory = Paths.get(line.substring(4));
                    break;
                }
            }
            assertThat(directory).as("the child JVM started a lab").isNotNull();
            assertThat(postgresProcessesOf(directory)).as("the lab's postgres processes while the JVM lives")
                    .isNotEmpty();

            child.destroyForcibly(); // SIGKILL: no shutdown hook
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

            Path dir = directory;
            Await.until(Duration.ofSeconds(20), () -> postgresProcessesOf(dir).isEmpty() && !Files.exists(dir));
            assertThat(postgresProcessesOf(directory)).as("postgres processes 20 s after kill -9 of the JVM").isEmpty();
            assertThat(directory).as("lab directory").doesNotExist();
        } finally {
            child.destroyForcibly();
        }
    }

    /** Live (not zombie) processes whose command line names the lab directory. */
    private static List<Long> postgresProcessesOf(Path directory) throws IOException {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Paths.get("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    if (cmdline.contains("postgres") && cmdline.contains(directory.toString())) {
                        pids.add(Long.parseLong(name));
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return pids;
    }
}
