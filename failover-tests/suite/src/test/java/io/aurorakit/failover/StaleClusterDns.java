package io.aurorakit.failover;

import io.aurorakit.lab.AuroraLab;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A client-side stale DNS entry: re-points the lab's cluster endpoint, in the hosts file the JVM resolves from, at an
 * instance of our choosing (e.g. the old writer, now a reader), as a JVM or OS resolver that cached the old CNAME
 * target would. {@link #close()} points it back at the current writer. The lab re-publishes its names on its next
 * control-plane action, so pin only while no action runs. Uses the lab's hosts-file lock protocol.
 *
 * <pre>{@code
 * try (StaleClusterDns stale = StaleClusterDns.pin(lab, oldWriterId)) { ... cluster endpoint -> old writer ... }
 * }</pre>
 */
final class StaleClusterDns implements AutoCloseable {

    private final AuroraLab lab;

    private StaleClusterDns(AuroraLab lab) {
        this.lab = lab;
    }

    /** Points the cluster endpoint at {@code instanceId}'s proxy address. */
    static StaleClusterDns pin(AuroraLab lab, String instanceId) throws IOException {
        point(lab, instanceId);
        return new StaleClusterDns(lab);
    }

    private static void point(AuroraLab lab, String instanceId) throws IOException {
        String address = InetAddress.getByName(lab.instanceEndpoint(instanceId)).getHostAddress();
        Path file = lab.hostsFile();
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            assert lock.isValid();
            List<String> lines = new ArrayList<>();
            boolean found = false;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length >= 2 && fields[1].equals(lab.clusterEndpoint())) {
                    line = address + line.substring(line.indexOf(fields[0]) + fields[0].length());
                    found = true;
                }
                lines.add(line);
            }
            if (!found) {
                throw new IllegalStateException("no line for " + lab.clusterEndpoint() + " in " + file);
            }
            Path tmp = Files.createTempFile(file.getParent(), ".stale-dns", ".tmp");
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Points the cluster endpoint back at the current writer. */
    @Override
    public void close() throws IOException {
        point(lab, lab.writerId());
    }
}
