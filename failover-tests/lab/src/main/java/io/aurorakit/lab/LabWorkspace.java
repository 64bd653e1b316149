package io.aurorakit.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's private temp directory ({@code <java.io.tmpdir>/aurora-lab-<id>-*}): one data directory and log per
 * instance, the password files, and an {@value #OWNER_FILE} marker holding the owning JVM's pid so that a later lab
 * can reap what a killed JVM left behind ({@link #reapOrphans()}).
 */
final class LabWorkspace {

    private static final Logger LOG = LoggerFactory.getLogger(LabWorkspace.class);

    static final String PREFIX = "aurora-lab-";
    static final String OWNER_FILE = "owner.pid";

    private final Path root;

    private LabWorkspace(Path root) {
        this.root = root;
    }

    static LabWorkspace create(String labId, PostgresBinaries binaries) {
        try {
            Path root = Files.createTempDirectory(PREFIX + labId + "-");
            Files.writeString(root.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
            binaries.giveToPostgres(root);
            return new LabWorkspace(root);
        } catch (IOException e) {
            throw new AuroraLabException("cannot create the lab's temp directory in " + tempBase(), e);
        }
    }

    private static Path tempBase() {
        return Paths.get(System.getProperty("java.io.tmpdir"));
    }

    /** Whether a lab directory for this lab id exists (in this JVM's temp directory). */
    static boolean exists(String labId) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tempBase(), PREFIX + labId + "-*")) {
            return dirs.iterator().hasNext();
        } catch (IOException e) {
            return true;
        }
    }

    Path root() {
        return root;
    }

    Path dataDir(String instanceId) {
        return root.resolve(instanceId);
    }

    Path logFile(String instanceId) {
        return root.resolve(instanceId + ".log");
    }

    /** Writes a file readable only by the PostgreSQL account (passwords). */
    Path writePrivateFile(String name, String content, PostgresBinaries binaries) {
        Path file = root.resolve(name);
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, content, StandardCharsets.UTF_8);
            binaries.giveToPostgres(file);
            return file;
        } catch (IOException e) {
            throw new AuroraLabException("cannot write " + file, e);
        }
    }

    /** Deletes the whole directory tree; retries briefly because dying processes may still write logs. */
    void delete() {
        for (int attempt = 0; attempt < 5 && Files.exists(root); attempt++) {
            try {
                deleteTree(root);
            } catch (IOException e) {
                if (attempt == 4) {
                    LOG.warn("could not delete the lab directory {}: {}", root, e.toString());
                }
                sleep(100);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Kills the postmasters and deletes the directories of labs whose owning JVM is gone (a JVM killed with -9 whose
     * watchdog was killed too). Labs of live JVMs are left alone.
     */
    static void reapOrphans() {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tempBase(), PREFIX + "*")) {
            for (Path dir : dirs) {
                Optional<Long> owner = readPid(dir.resolve(OWNER_FILE));
                if (owner.isEmpty() || ProcessHandle.of(owner.get()).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                LOG.info("reaping the orphaned lab directory {} (owner JVM {} is gone)", dir, owner.get());
                killPostmasters(dir);
                deleteTree(dir);
            }
        } catch (IOException e) {
            LOG.debug("reaping orphaned labs failed: {}", e.toString());
        }
    }

    /** SIGKILLs the process group of every postmaster whose data directory lies in {@code dir}. */
    static void killPostmasters(Path dir) throws IOException {
        List<Path> killed = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path dataDir : entries) {
                Optional<Long> pid = readPid(dataDir.resolve("postmaster.pid"));
                if (pid.isPresent() && isPostmasterOf(pid.get(), dataDir)) {
                    killGroup(pid.get());
                    killed.add(dataDir);
                }
            }
        }
        for (Path dataDir : killed) {
            releaseSharedMemory(dataDir);
        }
    }

    /** Whether {@code pid} is a postmaster started with {@code -D dataDir}. */
    static boolean isPostmasterOf(long pid, Path dataDir) {
        try {
            byte[] raw = Files.readAllBytes(Paths.get("/proc", Long.toString(pid), "cmdline"));
            String cmdline = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
            return cmdline.contains(" " + dataDir + " ");
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGKILL to the process group led by {@code pid} (a postmaster started by pg_ctl leads its own) and to it. */
    static void killGroup(long pid) {
        PostgresBinaries.runQuietly(List.of("kill", "-KILL", "--", "-" + pid));
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (isRunning(pid)) {
            if (System.nanoTime() > deadline) {
                LOG.warn("postmaster {} did not exit within 5 s after SIGKILL", pid);
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Whether the process exists and is not a zombie (a killed process stays a zombie until its parent reaps it). */
    static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Paths.get("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            int end = stat.lastIndexOf(')');
            return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) != 'Z' && stat.charAt(end + 2) != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Removes the SysV shared memory segment a SIGKILLed postmaster left behind (line 7 of postmaster.pid: key and
     * id). Dynamic shared memory lives in PGDATA ({@code dynamic_shared_memory_type = mmap}), so nothing else leaks.
     */
    static void releaseSharedMemory(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            if (lines.size() >= 7) {
                String[] parts = lines.get(6).trim().split("\\s+");
                if (parts.length == 2 && parts[1].matches("\\d+")) {
                    PostgresBinaries.runQuietly(List.of("ipcrm", "-m", parts[1]));
                }
            }
        } catch (IOException e) {
            LOG.debug("no postmaster.pid in {}: {}", dataDir, e.toString());
        }
    }

    static Optional<Long> readPid(Path file) {
        try {
            String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
            return first.matches("\\d+") ? Optional.of(Long.parseLong(first)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
