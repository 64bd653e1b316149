package io.aurorakit.drill;

import io.aurorakit.lab.Fault;
import io.aurorakit.measure.OperationLog.Gap;
import io.aurorakit.measure.OperationLog.Op;
import io.aurorakit.measure.OperationLog.Role;
import io.aurorakit.measure.OperationLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a drill measured: the fault's timeline, detection time, outages, retries and the write verification.
 * Serialised as-is by {@code --json}; {@link #toText()} is the summary printed at the end of a run.
 *
 * @param detectionMs      fault injection to the wrapper's own detection of the faulted instance (see
 *                         {@link WrapperDetection}; for isolate, failure detection declaring the isolated writer dead);
 *                         null if the wrapper logged none
 * @param applicationNoticedMs fault injection to the first error or failover the application saw; null if none
 * @param writeOutageMs    the longest window after the fault in which no write was acknowledged by any thread
 * @param readOutageMs     the same for reads
 * @param maxThreadWriteOutageMs the longest such window seen by a single writer thread
 * @param seed             the seed of a {@code --fault chaos} run (repeat it with {@code --seed}); null otherwise
 * @param faults           each lab fault with its own outage (one for a single-fault drill, many for chaos)
 * @param writerWaits      what the writer was waiting on before and after the fault; null when unknown (chaos runs)
 */
record DrillReport(
        String target,
        String fault,
        String settings,
        Long detectionMs,
        Long applicationNoticedMs,
        long writeOutageMs,
        long readOutageMs,
        long maxThreadWriteOutageMs,
        long retries,
        long failoversSeen,
        long writesAcknowledged,
        long writesFailed,
        long writesOutcomeUnknown,
        long unknownOutcomeCommitted,
        long writesLost,
        long duplicates,
        long readsOk,
        long readsFailed,
        boolean recovered,
        boolean passed,
        String verdict,
        List<String> lostSample,
        List<TimelineEvent> timeline,
        long bucketMs,
        List<ThroughputSample> throughput,
        Long seed,
        List<FaultOutage> faults,
        WriterWaits writerWaits) {

    /**
     * One fault of the run and what it cost: its outages are the longest windows without an acknowledged write (read)
     * from its injection to the next fault's (or the end of the workload), {@link OperationLog#longestGapAfter}.
     *
     * @param atMs        when it was injected, in ms since the workload started
     * @param detectionMs injection to the wrapper's own detection of it; null if the wrapper logged none
     * @param recovered   whether a write was acknowledged after it, before the next fault
     */
    record FaultOutage(int number, String fault, String instance, long atMs, Long detectionMs, long writeOutageMs,
                       long readOutageMs, boolean recovered) {
    }

    /** {@code successEnds} from {@code from} on, with {@code from} itself first (a moment with nothing outstanding). */
    private static List<Long> startingAt(List<Long> successEnds, long from) {
        List<Long> result = new ArrayList<>();
        result.add(from);
        successEnds.stream().filter(end -> end > from).forEach(result::add);
        return result;
    }

    /** Width of the {@link #throughput} buckets: fine enough to show a sub-second outage. */
    static final long BUCKET_MS = 250;

    static DrillReport of(String target, String fault, String settings, DrillRecorder recorder,
                          WriteVerification verification, long endNanos, Long seed, WriterWaits writerWaits) {
        OperationLog log = recorder.log();
        List<Op> ops = log.ops();
        long fault0 = recorder.faultNanos() < 0 ? recorder.startNanos() : recorder.faultNanos();

        List<Long> writeOks = log.successEnds(Role.WRITE);
        List<Long> readOks = log.successEnds(Role.READ);
        if (Fault.PAUSE.id().equals(fault)) {
            // the workload was stopped while the cluster paused: the outage starts when the load returns
            writeOks = startingAt(writeOks, fault0);
            readOks = startingAt(readOks, fault0);
        }
        Gap writeGap = OperationLog.longestGapAfter(writeOks, fault0, endNanos);
        long readOutage = OperationLog.longestGapAfter(readOks, fault0, endNanos).length();
        long maxThreadOutage = log.longestGapsPerThread(Role.WRITE, fault0, endNanos).values().stream()
                .mapToLong(Gap::length).max().orElse(0);

        long detectionNanos = log.detectionNanos(fault0);
        Long detection = detectionNanos < 0 ? null : detectionNanos;
        long writesAfterFault = writeOks.stream().filter(end -> end > fault0).count();
        List<FaultOutage> faults = faultOutages(recorder, writeOks, readOks, endNanos);
        FaultOutage unrecovered = faults.stream().filter(f -> !f.recovered()).findFirst().orElse(null);
        boolean recovered = writesAfterFault > 0 && unrecovered == null;

        List<DrillRecorder.Stamped> derived = new ArrayList<>();
        if (detection != null) {
            derived.add(new DrillRecorder.Stamped(fault0 + detection, "application notices the failure", "app"));
        }
        if (writeGap.end() < endNanos) {
            derived.add(new DrillRecorder.Stamped(writeGap.end(), "writes resume (end of the write outage)", "app"));
        }
        List<TimelineEvent> timeline = recorder.timeline(derived);

        long writesFailed = ops.stream().filter(op -> op.role() == Role.WRITE && !op.ok()).count();
        long readsFailed = ops.stream().filter(op -> op.role() == Role.READ && !op.ok()).count();
        String verdict;
        if (verification.lost() > 0) {
            verdict = "FAIL: " + verification.lost() + " acknowledged writes lost, e.g. " + verification.lostSample();
        } else if (verification.duplicates() > 0) {
            verdict = "FAIL: " + verification.duplicates() + " writes stored more than once";
        } else if (!recovered) {
            verdict = faults.size() > 1 && unrecovered != null
                    ? "FAIL: no write succeeded after fault " + unrecovered.number() + " (" + unrecovered.fault()
                            + ") before the next one"
                    : "FAIL: no write succeeded after the fault";
        } else {
            verdict = "PASS: every acknowledged write is present exactly once";
        }
        boolean passed = verdict.startsWith("PASS");

        return new DrillReport(target, fault, settings,
                recorder.wrapperDetectionNanos() < 0 ? null : recorder.wrapperDetectionNanos() / 1_000_000,
                detection == null ? null : detection / 1_000_000,
                writeGap.length() / 1_000_000, readOutage / 1_000_000, maxThreadOutage / 1_000_000,
                recorder.retries(), recorder.failovers(),
                writeOks.size(), writesFailed, recorder.log().outcomeUnknown().size(), verification.unknownCommitted(),
                verification.lost(), verification.duplicates(), readOks.size(), readsFailed,
                recovered, passed, verdict, verification.lostSample(), List.copyOf(timeline),
                BUCKET_MS, throughput(ops, recorder.startNanos(), endNanos), seed, faults, writerWaits);
    }

    /** Each lab fault's outages, between its injection and the next one's (the last: up to {@code endNanos}). */
    private static List<FaultOutage> faultOutages(DrillRecorder recorder, List<Long> writeOks, List<Long> readOks,
                                                  long endNanos) {
        List<DrillRecorder.FaultMark> marks = recorder.faults();
        List<FaultOutage> outages = new ArrayList<>(marks.size());
        for (int i = 0; i < marks.size(); i++) {
            DrillRecorder.FaultMark mark = marks.get(i);
            long from = mark.nanos();
            long to = i + 1 < marks.size() ? marks.get(i + 1).nanos() : endNanos;
            List<Long> writes = until(writeOks, to);
            boolean recovered = writes.stream().anyMatch(end -> end > from);
            outages.add(new FaultOutage(mark.number(), mark.fault(), mark.instance(), recorder.millisSinceStart(from),
                    mark.detectionNanos() < 0 ? null : (mark.detectionNanos() - from) / 1_000_000,
                    OperationLog.longestGapAfter(writes, from, to).length() / 1_000_000,
                    OperationLog.longestGapAfter(until(readOks, to), from, to).length() / 1_000_000, recovered));
        }
        return List.copyOf(outages);
    }

    /** The sorted {@code ends} up to {@code to} (a fault's window ends where the next fault starts). */
    private static List<Long> until(List<Long> ends, long to) {
        int cut = 0;
        while (cut < ends.size() && ends.get(cut) <= to) {
            cut++;
        }
        return ends.subList(0, cut);
    }

    /** Rates per second in {@link #BUCKET_MS} buckets; the last, partial bucket is left out. */
    private static List<ThroughputSample> throughput(List<Op> ops, long start, long end) {
        long bucketNanos = BUCKET_MS * 1_000_000;
        int buckets = (int) Math.max(1, (end - start) / bucketNanos);
        long[][] counts = new long[buckets][4];
        for (Op op : ops) {
            long bucket = (op.endNanos() - start) / bucketNanos;
            if (bucket >= 0 && bucket < buckets) {
                counts[(int) bucket][(op.role() == Role.WRITE ? 0 : 2) + (op.ok() ? 0 : 1)]++;
            }
        }
        double perSecond = 1000.0 / BUCKET_MS;
        List<ThroughputSample> samples = new ArrayList<>(buckets);
        for (int b = 0; b < buckets; b++) {
            samples.add(new ThroughputSample(b * BUCKET_MS / 1000.0, counts[b][0] * perSecond,
                    counts[b][1] * perSecond, counts[b][2] * perSecond, counts[b][3] * perSecond));
        }
        return samples;
    }

    /** The end-of-run summary: the fault's timeline, then one line per measure, then the verdict. */
    String toText() {
        StringBuilder out = new StringBuilder();
        out.append("\nTimeline (ms since the workload started)\n");
        for (TimelineEvent event : timeline) {
            out.append(String.format(Locale.ROOT, "  %8d  %-5s %s%n", event.atMs(), event.source(), event.name()));
        }
        out.append("\nSummary: ").append(fault).append(" on ").append(target).append('\n');
        out.append(String.format(Locale.ROOT, "  %-28s %s%n", "settings", settings));
        out.append(String.format(Locale.ROOT, "  %-28s %s%n", "detection time", faults.size() > 1 ? "per fault, below"
                : detectionMs == null ? "n/a (the wrapper did not detect a failure)" : detectionMs + " ms (by the wrapper)"));
        out.append(String.format(Locale.ROOT, "  %-28s %s%n", "application noticed",
                applicationNoticedMs == null ? "n/a (no error or failover reached the application)"
                        : applicationNoticedMs + " ms (first error or failover it saw)"));
        out.append(String.format(Locale.ROOT, "  %-28s %d ms (longest single thread: %d ms)%n", "write outage",
                writeOutageMs, maxThreadWriteOutageMs));
        out.append(String.format(Locale.ROOT, "  %-28s %d ms%n", "read outage", readOutageMs));
        out.append(String.format(Locale.ROOT, "  %-28s %d (failovers seen by the app: %d)%n", "retries", retries,
                failoversSeen));
        out.append(String.format(Locale.ROOT, "  %-28s %d (failed: %d, outcome unknown: %d, of which committed: %d)%n",
                "writes acknowledged", writesAcknowledged, writesFailed, writesOutcomeUnknown, unknownOutcomeCommitted));
        out.append(String.format(Locale.ROOT, "  %-28s %d (failed: %d)%n", "reads ok", readsOk, readsFailed));
        out.append(String.format(Locale.ROOT, "  %-28s %d%n", "writes lost", writesLost));
        out.append(String.format(Locale.ROOT, "  %-28s %d%n", "duplicates", duplicates));
        if (seed != null) {
            out.append(String.format(Locale.ROOT, "  %-28s %d (repeat the run with --seed %d)%n", "seed", seed, seed));
        }
        if (faults.size() > 1) {
            out.append("\nPer fault (outage: longest window without an acknowledged write/read until the next fault)\n");
            out.append(String.format(Locale.ROOT, "  %3s  %8s  %-12s %-12s %10s %13s %12s%n", "#", "at ms", "fault",
                    "instance", "detection", "write outage", "read outage"));
            for (FaultOutage f : faults) {
                out.append(String.format(Locale.ROOT, "  %3d  %8d  %-12s %-12s %10s %10d ms %9d ms%s%n", f.number(),
                        f.atMs(), f.fault(), f.instance(), f.detectionMs() == null ? "n/a" : f.detectionMs() + " ms",
                        f.writeOutageMs(), f.readOutageMs(), f.recovered() ? "" : "  NOT RECOVERED"));
            }
            FaultOutage worst = faults.stream().max(java.util.Comparator.comparingLong(FaultOutage::writeOutageMs))
                    .orElseThrow();
            out.append(String.format(Locale.ROOT, "  %d faults; longest write outage %d ms (fault %d, %s)%n",
                    faults.size(), worst.writeOutageMs(), worst.number(), worst.fault()));
        }
        if (writerWaits != null) {
            out.append('\n');
            writerWaits.lines().forEach(line -> out.append(line).append('\n'));
        }
        out.append('\n').append(verdict).append('\n');
        return out.toString();
    }
}
