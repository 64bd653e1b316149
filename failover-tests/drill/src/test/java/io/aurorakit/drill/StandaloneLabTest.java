package io.aurorakit.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.lab.LabQueries;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code ./drill lab}: a lab started in its own JVM serves another process (this test) through the printed export
 * lines alone - its databases and its Performance Insights API - and SIGTERM stops it leaving no PostgreSQL process and no lab directory behind.
 */
class StandaloneLabTest {

    private static final Pattern EXPORT = Pattern.compile("^export ([A-Z_]+)='(.*)'$");
    private static final Pattern PI_RESOURCE =
            Pattern.compile("^\\s*PI resource id\\s+(db-[A-Z0-9]{26})\\s+instance-\\d+$");

    @Test
    void anotherProcessUsesTheLabThroughTheExportLinesAndSigtermLeavesNothing() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Djdk.net.hosts.file=" + System.getProperty("jdk.net.hosts.file"),
                "-Dsun.net.inetaddr.ttl=0", "-cp", System.getProperty("java.class.path"),
                DrillCommand.class.getName(), "lab", "--readers", "1", "--timing", "fast"));
        Process lab = new ProcessBuilder(command).redirectErrorStream(true).start();
        Map<String, String> exports = new HashMap<>();
        List<String> printed = new ArrayList<>();
        Path directory = null;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(lab.getInputStream(), StandardCharsets.UTF_8));
            for (String line = out.readLine(); line != null && !line.startsWith("Running."); line = out.readLine()) {
                printed.add(line);
                Matcher m = EXPORT.matcher(line);
                if (m.matches()) {
                    exports.put(m.group(1), m.group(2));
                }
                if (line.trim().startsWith("lab directory")) {
                    directory = Path.of(line.trim().substring("lab directory".length()).trim());
                }
            }
            assertThat(exports).as("printed:%n%s", String.join("\n", printed)).containsKeys("DATABASE_URL_WRITER",
                    "DATABASE_URL_READER", "AURORA_LAB_HOSTS_FILE", "AURORA_LAB_JVM_FLAGS", "AURORA_LAB_CLUSTER_ID",
                    "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL_RDS",
                    "AWS_ENDPOINT_URL_PI");
            assertThat(directory).isDirectory();
            List<String> resourceIds = new ArrayList<>();
            for (String line : printed) {
                Matcher m = PI_RESOURCE.matcher(line);
                if (m.matches()) {
                    resourceIds.add(m.group(1));
                }
            }
            assertThat(resourceIds).as("a PI resource id per instance").hasSize(2).doesNotHaveDuplicates();
            // the lab's Performance Insights API answers for them from the other process
            long now = System.currentTimeMillis() / 1000;
            String describe = "{\"ServiceType\":\"RDS\",\"Identifier\":\"" + resourceIds.get(0) + "\",\"StartTime\":"
                    + (now - 60) + ",\"EndTime\":" + (now + 1) + ",\"Metric\":\"db.load.avg\","
                    + "\"GroupBy\":{\"Group\":\"db.wait_event\"}}";
            HttpResponse<String> pi = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(exports.get("AWS_ENDPOINT_URL_PI") + "/"))
                            .header("Content-Type", "application/x-amz-json-1.1")
                            .header("X-Amz-Target", "PerformanceInsightsv20180227.DescribeDimensionKeys")
                            .POST(HttpRequest.BodyPublishers.ofString(describe)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(pi.statusCode()).as(pi.body()).isEqualTo(200);
            assertThat(pi.body()).contains("\"Keys\":[");

            try (AuroraDataSource ds = AuroraDataSource.fromEnvironment(exports)) {
                String writer = ds.write(c -> LabQueries.instanceId(c));
                String reader = ds.read(c -> LabQueries.instanceId(c));
                assertThat(writer).isNotEqualTo(reader);
                assertThat(printed).anyMatch(l -> l.contains("(writer " + writer + ")"));
            }
        } finally {
            lab.destroy(); // SIGTERM
            assertThat(lab.waitFor(60, TimeUnit.SECONDS)).as("the lab's JVM ends on SIGTERM").isTrue();
        }
        assertThat(lab.exitValue()).as("JVM exit on SIGTERM").isEqualTo(143);
        assertThat(directory).as("the lab directory is removed").doesNotExist();
        assertThat(processesMentioning(directory.toString())).as("PostgreSQL processes of the lab").isEmpty();
    }

    @Test
    void badOptionsAreOneLineUsageErrors() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DrillCommand.execute(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true,
                StandardCharsets.UTF_8), "lab", "--timing", "slow");
        assertThat(code).isEqualTo(DrillCommand.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8).trim())
                .isEqualTo("drill: --timing: expected fast or aurora, got 'slow' (see ./drill --help)");
    }

    private static List<String> processesMentioning(String text) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    if (cmdline.contains(text)) {
                        found.add(p.getFileName() + ": " + cmdline);
                    }
                } catch (IOException gone) {
                    // the process ended while listing
                }
            }
        }
        return found;
    }
}
