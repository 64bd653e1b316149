package io.aurorakit.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./drill} script itself, run by bash on a copy of the repository layout whose {@code java} is a stub that
 * records the JVM arguments: the lab's hosts file only in lab mode (with it, the JVM resolves names only from that
 * file and {@code --url} can reach no real host), and the caller's directory passed on for --json/--plot.
 */
class DrillScriptTest {

    @TempDir
    Path repo;
    @TempDir
    Path caller;
    private Path recorded;
    /** AURORA_LAB_HOSTS_FILE as ./drill lab exports it, or null. */
    private String labHostsFile;

    @BeforeEach
    void layOutACopyWithAStubJava() throws IOException {
        Path script = Path.of("").toAbsolutePath().getParent().getParent().resolve("drill");
        assertThat(script).as("the ./drill script two levels above this module").isRegularFile();
        Files.copy(script, repo.resolve("drill"));
        Path target = repo.resolve("failover-tests/drill/target");
        Files.createDirectories(target.resolve("classes/io/aurorakit/drill"));
        Files.writeString(target.resolve("drill.classpath"), "/nowhere.jar");
        Files.writeString(target.resolve("drill.stamp"), "");
        recorded = repo.resolve("java-args.txt");
        Path java = Files.createDirectories(repo.resolve("jdk/bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"" + recorded + "\"\n"
                + "echo \"caller=$AURORA_KIT_DRILL_CALLER_DIR\" >> \"" + recorded + "\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void labModeResolvesThroughTheLabsHostsFile() throws Exception {
        List<String> jvmArgs = runDrill("--fault", "crash");

        assertThat(jvmArgs).contains(
                "-Djdk.net.hosts.file=" + repo.toRealPath() + "/failover-tests/drill/target/drill.hosts",
                "io.aurorakit.drill.DrillCommand", "--fault", "crash");
    }

    @Test
    void urlModeLeavesNameResolutionToTheSystem() throws Exception {
        for (List<String> args : List.of(
                List.of("--url", "jdbc:aurora:postgresql://db.cluster-x.us-east-1.rds.amazonaws.com/app", "--user", "u"),
                List.of("--user", "u", "--url=jdbc:aurora:postgresql://db.cluster-x.us-east-1.rds.amazonaws.com/app"))) {
            List<String> jvmArgs = runDrill(args.toArray(String[]::new));

            assertThat(jvmArgs).noneMatch(arg -> arg.startsWith("-Djdk.net.hosts.file"));
            assertThat(jvmArgs).containsSubsequence(args);
        }
    }

    @Test
    void urlModeAtAStandaloneLabResolvesThroughItsHostsFile() throws Exception {
        labHostsFile = "/tmp/standalone-lab.hosts";
        List<String> jvmArgs = runDrill("--url", "jdbc:aurora:postgresql://lab.cluster-x.us-east-1.rds.amazonaws.com/db");

        assertThat(jvmArgs).contains("-Djdk.net.hosts.file=/tmp/standalone-lab.hosts");
    }

    @Test
    void theCallersDirectoryIsPassedOn() throws Exception {
        assertThat(runDrill("--json", "out.json")).contains("caller=" + caller.toRealPath());
    }

    private List<String> runDrill(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", repo.resolve("drill").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(caller.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", repo.resolve("jdk").toString());
        builder.environment().remove("AURORA_LAB_HOSTS_FILE");
        if (labHostsFile != null) {
            builder.environment().put("AURORA_LAB_HOSTS_FILE", labHostsFile);
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).as("no build: the layout is up to date").doesNotContain("building");
        return Files.readAllLines(recorded);
    }
}
