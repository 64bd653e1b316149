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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A company DNS name for the lab's cluster, as a CNAME such as {@code orders-db.corp.example} would be: a name that
 * is no RDS name (the wrapper's {@code RdsUtils} and aurora-kit's endpoint rules see a plain host) resolving, through
 * the hosts file the JVM reads, to where the cluster endpoint points now. The line carries the lab's tag, so the lab
 * removes it when it closes; the lab also drops it when it re-publishes its names after a control-plane action
 * (failover, crash, ...), so use it while none runs. {@link #close()} removes it. Uses the lab's hosts-file lock
 * protocol, like {@link StaleClusterDns}.
 *
 * <pre>{@code
 * try (LabCname cname = LabCname.add(lab)) { ... jdbc:aurora:postgresql://" + cname.name() + ":" + lab.port() ... }
 * }</pre>
 */
final class LabCname implements AutoCloseable {

    private final AuroraLab lab;
    private final String name;

    private LabCname(AuroraLab lab, String name) {
        this.lab = lab;
        this.name = name;
    }

    /** Adds {@code <lab id>-db.corp.example}, pointing at the cluster endpoint's current address. */
    static LabCname add(AuroraLab lab) throws IOException {
        // instanceHostPattern() is "?.<lab id>.us-east-1.rds.amazonaws.com"
        String labId = lab.instanceHostPattern().split("\\.")[1];
        String name = labId + "-db.corp.example";
        String address = InetAddress.getByName(lab.clusterEndpoint()).getHostAddress();
        edit(lab, name, address + " " + name + " # aurora-lab " + labId);
        return new LabCname(lab, name);
    }

    /** The alias host name. */
    String name() {
        return name;
    }

    @Override
    public void close() throws IOException {
        edit(lab, name, null);
    }

    /** Removes every line for {@code name}, then appends {@code line} unless it is null. */
    private static void edit(AuroraLab lab, String name, String line) throws IOException {
        Path file = lab.hostsFile();
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            assert lock.isValid();
            List<String> lines = new ArrayList<>();
            for (String existing : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] fields = existing.trim().split("\\s+");
                if (fields.length < 2 || !fields[1].equals(name)) {
                    lines.add(existing);
                }
            }
            if (line != null) {
                lines.add(line);
            }
            Path tmp = Files.createTempFile(file.getParent(), ".lab-cname", ".tmp");
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
