package io.aurorakit.failover;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.aurorakit.lab.AuroraLab;

/**
 * The evidence file of the failover suite: {@code <build dir>/failover-timings.json}, one JSON object per scenario
 * (scenario, fault, detectionMs, outageMs, retries, writesAcknowledged, lost, duplicates, profile - the lab's timing
 * profile name - profileDetail, recordedAt). Each test class
 * merges its entries in (read-modify-write under a file lock), replacing older entries of the same scenario, so the
 * file holds every scenario after a full run.
 *
 * <p>The build directory is the parent of {@code -Djdk.net.hosts.file} (the module's pom puts the lab's hosts file in
 * {@code ${project.build.directory}}), so {@code -Dbuild.dir.name=target-x} builds write to {@code target-x}.
 * {@code -Dfailover.timings.file=PATH} overrides it.
 *
 * <pre>{@code
 * FailoverTimings.record(lab, ScenarioTiming.of("9-planned-failover-under-load", "5 x failover()").writes(812, 0, 0));
 * }</pre>
 */
final class FailoverTimings {

    static final String FILE_PROPERTY = "failover.timings.file";
    static final String FILE_NAME = "failover-timings.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Object JVM_LOCK = new Object();

    private FailoverTimings() {
    }

    /** Where the timings go. */
    static Path file() {
        String explicit = System.getProperty(FILE_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return Paths.get(explicit).toAbsolutePath();
        }
        String hosts = System.getProperty("jdk.net.hosts.file");
        Path buildDir = hosts != null && !hosts.isBlank() && Paths.get(hosts).toAbsolutePath().getParent() != null
                ? Paths.get(hosts).toAbsolutePath().getParent()
                : Paths.get("target").toAbsolutePath();
        return buildDir.resolve(FILE_NAME);
    }

    /** Merges {@code timing}, measured on {@code lab}, into the file, replacing an older entry of the same scenario. */
    static void record(AuroraLab lab, ScenarioTiming timing) {
        Path file = file();
        synchronized (JVM_LOCK) {
            try {
                Files.createDirectories(file.getParent());
                Path lockFile = file.resolveSibling(FILE_NAME + ".lock");
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                    assert lock.isValid();
                    List<ObjectNode> entries = read(file);
                    entries.removeIf(e -> timing.scenario().equals(e.path("scenario").asText()));
                    ObjectNode entry = JSON.valueToTree(timing);
                    entry.put("profile", lab.timing().name());
                    entry.put("profileDetail", lab.timing().toString());
                    entry.put("recordedAt", Instant.now().toString());
                    entries.add(entry);
                    entries.sort(Comparator.comparing(FailoverTimings::scenarioOrder)
                            .thenComparing(e -> e.path("scenario").asText()));
                    ArrayNode array = JSON.createArrayNode();
                    entries.forEach(array::add);
                    Path tmp = Files.createTempFile(file.getParent(), ".failover-timings", ".tmp");
                    JSON.writeValue(tmp.toFile(), array);
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record " + timing + " in " + file, e);
            }
        }
    }

    private static List<ObjectNode> read(Path file) throws IOException {
        List<ObjectNode> entries = new ArrayList<>();
        if (Files.exists(file) && Files.size(file) > 0) {
            for (var node : JSON.readTree(file.toFile())) {
                if (node instanceof ObjectNode object) {
                    entries.add(object);
                }
            }
        }
        return entries;
    }

    /** Scenario names start with their issue number ({@code 9-...}); sort numerically. */
    private static int scenarioOrder(ObjectNode entry) {
        String name = entry.path("scenario").asText();
        int digits = 0;
        while (digits < name.length() && Character.isDigit(name.charAt(digits))) {
            digits++;
        }
        return digits == 0 ? Integer.MAX_VALUE : Integer.parseInt(name.substring(0, Math.min(digits, 6)));
    }
}
