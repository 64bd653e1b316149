package io.aurorakit.drill;

import io.aurorakit.measure.OperationLog.Op;
import io.aurorakit.measure.OperationLog.Role;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Prints one status line per second while a drill runs: operations per role and outcome, the writer, retries. */
final class LiveStatus implements AutoCloseable {

    private final DrillRecorder recorder;
    private final PrintStream out;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "drill-status");
        thread.setDaemon(true);
        return thread;
    });
    private int seen;

    LiveStatus(DrillRecorder recorder, PrintStream out) {
        this.recorder = recorder;
        this.out = out;
    }

    void start() {
        ticker.scheduleAtFixedRate(this::print, 1, 1, TimeUnit.SECONDS);
    }

    private void print() {
        List<Op> ops = recorder.log().ops();
        List<Op> fresh = ops.subList(Math.min(seen, ops.size()), ops.size());
        seen = ops.size();
        long[] counts = new long[4];
        for (Op op : fresh) {
            counts[(op.role() == Role.WRITE ? 0 : 2) + (op.ok() ? 0 : 1)]++;
        }
        out.printf(Locale.ROOT, "t=%3ds  writes ok %4d failed %3d | reads ok %4d failed %3d | writer %-12s | retries %d%n",
                recorder.millisSinceStart(recorder.now()) / 1000, counts[0], counts[1], counts[2], counts[3],
                recorder.currentWriter(), recorder.retries());
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
