package io.aurorakit.lab;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hosts file the JVM resolves names from ({@code -Djdk.net.hosts.file=FILE}); the lab maps its Aurora names to
 * loopback addresses here. Several labs (in this or other JVMs) may share the file: each owns the lines tagged with
 * its {@code # aurora-lab <id>} comment, edits happen under an exclusive lock on {@code FILE.lock}, and the file is
 * replaced atomically so a concurrent lookup never sees half a file. {@code 127.0.0.1 localhost} is always kept
 * (the JDK consults only this file once the property is set).
 */
final class HostsFile {

    private static final Logger LOG = LoggerFactory.getLogger(HostsFile.class);

    /** The JDK system property naming the hosts file. */
    static final String HOSTS_FILE_PROPERTY = "jdk.net.hosts.file";
    /** The JDK system property for the positive lookup cache TTL (must be 0 for re-targeting to be seen at once). */
    static final String TTL_PROPERTY = "sun.net.inetaddr.ttl";

    private static final String LOCALHOST_LINE = "127.0.0.1 localhost";
    private static final String TAG = "# aurora-lab ";
    /** Serialises edits within this JVM; FileLock only excludes other processes. */
    private static final Object JVM_LOCK = new Object();

    private final Path file;

    private HostsFile(Path file) {
        this.file = file;
    }

    static HostsFile fromSystemProperty() {
        String value = System.getProperty(HOSTS_FILE_PROPERTY);
        if (value == null || value.isBlank()) {
            throw new AuroraLabException("The system property " + HOSTS_FILE_PROPERTY + " is not set: AuroraLab maps "
                    + "its Aurora endpoint names to loopback addresses through a hosts file the JVM must read. Start "
                    + "the JVM with -D" + HOSTS_FILE_PROPERTY + "=/path/to/aurora-lab.hosts -D" + TTL_PROPERTY
                    + "=0 (the file is created if missing; Maven: surefire argLine)");
        }
        if (!"0".equals(System.getProperty(TTL_PROPERTY))) {
            LOG.warn("-D{}=0 is not set: the JVM may cache the cluster endpoint's old address after a failover",
                    TTL_PROPERTY);
        }
        return new HostsFile(Paths.get(value.trim()).toAbsolutePath());
    }

    Path path() {
        return file;
    }

    /** Replaces this lab's lines with the given name-to-address mapping. */
    void put(String labId, Map<String, String> nameToAddress) {
        List<String> lines = new ArrayList<>();
        nameToAddress.forEach((name, address) -> lines.add(address + " " + name + " " + TAG + labId));
        edit(labId, lines);
    }

    /** Removes this lab's lines. */
    void remove(String labId) {
        edit(labId, List.of());
    }

    private void edit(String labId, List<String> newLines) {
        synchronized (JVM_LOCK) {
            try {
                Path parent = file.getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE)) {
                    FileLock lock = channel.lock();
                    try {
                    List<String> kept = new ArrayList<>();
                    if (Files.exists(file)) {
                        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                            if (!line.endsWith(TAG + labId) && !line.isBlank() && !isOrphan(line)) {
                                kept.add(line);
                            }
                        }
                    }
                    if (kept.stream().noneMatch(l -> l.trim().equals(LOCALHOST_LINE))) {
                        kept.add(0, LOCALHOST_LINE);
                    }
                    kept.addAll(newLines);
                    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".aurora-lab-hosts", ".tmp");
                    Files.write(tmp, kept, StandardCharsets.UTF_8);
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } finally {
                        lock.release();
                    }
                }
            } catch (IOException e) {
                throw new AuroraLabException("cannot update the hosts file " + file + " (from -D"
                        + HOSTS_FILE_PROPERTY + ")", e);
            }
        }
    }

    /** A line of a lab whose directory is gone (its JVM was killed and its watchdog cleaned up). */
    private static boolean isOrphan(String line) {
        int tag = line.indexOf(TAG);
        return tag >= 0 && !LabWorkspace.exists(line.substring(tag + TAG.length()).trim());
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
