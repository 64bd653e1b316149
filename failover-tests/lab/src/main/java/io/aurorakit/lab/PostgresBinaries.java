package io.aurorakit.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The PostgreSQL server binaries the lab runs, and how to run them: as the JVM's own user, or - when the JVM runs as
 * root, which {@code postgres} refuses - as the ordinary {@value #OS_ACCOUNT} account through {@code setpriv}.
 * Binaries come from {@value #PG_BIN_ENV}, else {@code pg_config --bindir}, else {@code /usr/lib/postgresql/<v>/bin}.
 */
final class PostgresBinaries {

    /** Environment variable naming the directory holding initdb, pg_ctl, pg_basebackup, ... */
    static final String PG_BIN_ENV = "PG_BIN";
    /** The OS account PostgreSQL runs as when the JVM runs as root. */
    static final String OS_ACCOUNT = "postgres";

    private static final int OUTPUT_TAIL_CHARS = 2000;

    private final Path binDir;
    private final boolean asRoot;

    private PostgresBinaries(Path binDir, boolean asRoot) {
        this.binDir = binDir;
        this.asRoot = asRoot;
    }

    static PostgresBinaries locate() {
        Path dir = findBinDir();
        boolean root = "0".equals(runQuietly(List.of("id", "-u")));
        if (root && runQuietly(List.of("id", "-u", OS_ACCOUNT)) == null) {
            throw new AuroraLabException("The JVM runs as root, which PostgreSQL refuses, and the OS account '"
                    + OS_ACCOUNT + "' to run it as does not exist; create it (e.g. install the postgresql package) "
                    + "or run the JVM as an ordinary user");
        }
        return new PostgresBinaries(dir, root);
    }

    private static Path findBinDir() {
        String env = System.getenv(PG_BIN_ENV);
        if (env != null && !env.isBlank()) {
            Path dir = Paths.get(env.trim());
            if (!Files.isExecutable(dir.resolve("initdb")) || !Files.isExecutable(dir.resolve("pg_ctl"))) {
                throw new AuroraLabException(PG_BIN_ENV + "=" + env + " does not contain the executables initdb and "
                        + "pg_ctl; expected the bin directory of PostgreSQL 15 or newer, e.g. /usr/lib/postgresql/15/bin");
            }
            return dir;
        }
        String fromPgConfig = runQuietly(List.of("pg_config", "--bindir"));
        if (fromPgConfig != null && Files.isExecutable(Paths.get(fromPgConfig).resolve("initdb"))) {
            return Paths.get(fromPgConfig);
        }
        Path debian = Paths.get("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Path best = versions.map(v -> v.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                        .max(Comparator.comparingInt(PostgresBinaries::majorVersion)).orElse(null);
                if (best != null) {
                    return best;
                }
            } catch (IOException e) {
                // fall through to the error below
            }
        }
        throw new AuroraLabException("PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) not found: set the "
                + "environment variable " + PG_BIN_ENV + " to their directory (e.g. /usr/lib/postgresql/15/bin), put "
                + "pg_config on the PATH, or install PostgreSQL 15 (Debian/Ubuntu: apt-get install postgresql-15)");
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Runs a short command, returning its trimmed stdout, or null if it cannot run or fails. */
    static String runQuietly(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    Path binDir() {
        return binDir;
    }

    /** Whether PostgreSQL runs as another account than the JVM (the JVM is root). */
    boolean runsAsOtherAccount() {
        return asRoot;
    }

    /** Hands a file or directory the lab created to the account PostgreSQL runs as (no-op unless the JVM is root). */
    void giveToPostgres(Path path) {
        if (!asRoot) {
            return;
        }
        try {
            UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal user = lookup.lookupPrincipalByName(OS_ACCOUNT);
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(OS_ACCOUNT);
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
            view.setOwner(user);
            view.setGroup(group);
        } catch (IOException e) {
            throw new AuroraLabException("cannot hand " + path + " to the OS account '" + OS_ACCOUNT + "'", e);
        }
    }

    /**
     * Runs a PostgreSQL tool to completion and returns its combined output; throws if it fails or times out.
     *
     * @param workDir directory to run in (must be readable by the PostgreSQL account); its output goes to a file here
     */
    String run(Path workDir, Map<String, String> env, Duration timeout, String tool, String... args) {
        List<String> command = command(tool, args);
        Path output = null;
        try {
            output = Files.createTempFile(workDir, "cmd-", ".out");
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
            pb.environment().putAll(env);
            Process process = pb.start();
            boolean done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (!done || process.exitValue() != 0) {
                throw new AuroraLabException(tool + " " + (done ? "failed with exit code " + process.exitValue()
                        : "did not finish within " + timeout.toMillis() + " ms") + " (" + String.join(" ", args)
                        + "): " + tail(text));
            }
            return text;
        } catch (IOException e) {
            throw new AuroraLabException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuroraLabException("interrupted while running " + tool, e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // the workspace is deleted on close anyway
                }
            }
        }
    }

    private List<String> command(String tool, String... args) {
        List<String> command = new ArrayList<>();
        if (asRoot) {
            command.addAll(List.of("setpriv", "--reuid=" + OS_ACCOUNT, "--regid=" + OS_ACCOUNT, "--init-groups"));
        }
        command.add(binDir.resolve(tool).toString());
        command.addAll(List.of(args));
        return command;
    }

    private static String tail(String text) {
        String t = text.strip();
        return t.length() <= OUTPUT_TAIL_CHARS ? t : "..." + t.substring(t.length() - OUTPUT_TAIL_CHARS);
    }

    @Override
    public String toString() {
        return "PostgresBinaries[" + binDir + (asRoot ? ", as " + OS_ACCOUNT : "") + "]";
    }
}
