package io.aurorakit.lab;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tiny {@code sh} process, in its own session (setsid), that outlives the JVM only to clean up after it: it blocks
 * reading its stdin, a pipe whose write end only this JVM holds. When the JVM dies - even by {@code kill -9} - the
 * kernel closes the pipe, the read returns, and the script SIGKILLs the process group of every postmaster of the lab
 * (checked against /proc/pid/cmdline, so a recycled pid is never hit) and deletes the lab directory. On a normal
 * {@link #close()} the JVM writes {@code close} and the script exits without doing anything.
 */
final class LabWatchdog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LabWatchdog.class);

    private static final String SCRIPT = String.join("\n",
            "read line",
            "if [ \"$line\" = close ]; then exit 0; fi",
            "for f in \"$1\"/*/postmaster.pid; do",
            "  [ -f \"$f\" ] || continue",
            "  pid=$(head -n 1 \"$f\")",
            "  case \"$pid\" in ''|*[!0-9]*) continue;; esac",
            "  d=$(dirname \"$f\")",
            "  if tr '\\000' ' ' < /proc/\"$pid\"/cmdline 2>/dev/null | grep -qF -- \" $d \"; then",
            "    kill -9 -- -\"$pid\" 2>/dev/null; kill -9 \"$pid\" 2>/dev/null",
            "    shm=\"$shm $(sed -n 7p \"$f\" | awk '{print $2}')\"",
            "  fi",
            "done",
            "sleep 1",
            "for id in $shm; do ipcrm -m \"$id\" 2>/dev/null; done",
            "rm -rf -- \"$1\"",
            "");

    private final Process process;

    private LabWatchdog(Process process) {
        this.process = process;
    }

    static LabWatchdog start(LabWorkspace workspace) {
        try {
            Process p = new ProcessBuilder("setsid", "sh", "-c", SCRIPT, "aurora-lab-watchdog",
                    workspace.root().toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new LabWatchdog(p);
        } catch (IOException e) {
            throw new AuroraLabException("cannot start the lab watchdog (setsid sh)", e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Tells the watchdog the lab was cleaned up normally, and waits for it to exit. */
    @Override
    public void close() {
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write("close\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            LOG.debug("watchdog already gone: {}", e.toString());
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
