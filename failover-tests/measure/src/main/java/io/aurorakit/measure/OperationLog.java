package io.aurorakit.measure;

import io.aurorakit.retry.OutcomeUnknownException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Thread-safe record of a workload running through a fault: every operation with its outcome, and the moments the
 * library reported a failure it handled (its {@code FailoverListener} events). It also computes what the drill and the
 * benchmarks report from it, with one definition for both: detection time and outage. Times are nanoseconds of its
 * clock ({@link System#nanoTime()} unless a test gives its own).
 *
 * <pre>{@code
 * OperationLog log = new OperationLog();
 * long start = System.nanoTime();
 * // ... run a write ...
 * log.add(OperationLog.Role.WRITE, 0, start, true, null);
 * long outageNanos = OperationLog.longestGapAfter(log.successEnds(OperationLog.Role.WRITE), fault, end).length();
 * }</pre>
 */
public final class OperationLog implements Workload.Listener {

    /** What an operation did. */
    public enum Role { WRITE, READ }

    /**
     * One finished operation.
     *
     * @param thread   the workload thread's number within its role
     * @param sqlState the failure's SQLState (or exception class); null when it succeeded
     */
    public record Op(Role role, int thread, long startNanos, long endNanos, boolean ok, String sqlState) {
    }

    /** An interval without any success, in nanoTime. */
    public record Gap(long start, long end) {
        /** Its length in nanoseconds. */
        public long length() {
            return end - start;
        }
    }

    private final List<Op> ops = new ArrayList<>();
    private final List<Long> handledFailures = new ArrayList<>();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> outcomeUnknown = ConcurrentHashMap.newKeySet();
    private final LongSupplier nanoTime;

    /** A log on {@link System#nanoTime()}. */
    public OperationLog() {
        this(System::nanoTime);
    }

    /** A log on the given nanosecond clock (tests). */
    public OperationLog(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Records an operation that started at {@code startNanos} and ends now. */
    public synchronized void add(Role role, int thread, long startNanos, boolean ok, String sqlState) {
        ops.add(new Op(role, thread, startNanos, nanoTime.getAsLong(), ok, sqlState));
    }

    @Override
    public void written(int thread, long startNanos, String key, String instance) {
        acknowledged.add(key);
        add(Role.WRITE, thread, startNanos, true, null);
    }

    @Override
    public void writeFailed(int thread, long startNanos, String key, Exception failure) {
        if (failure instanceof OutcomeUnknownException) {
            outcomeUnknown.add(key);
        }
        add(Role.WRITE, thread, startNanos, false, sqlState(failure));
    }

    @Override
    public void read(int thread, long startNanos, String instance, Exception failure) {
        add(Role.READ, thread, startNanos, failure == null, failure == null ? null : sqlState(failure));
    }

    /** The SQLState of a failure, or its class name when it has none. */
    public static String sqlState(Exception failure) {
        return failure instanceof SQLException sql ? String.valueOf(sql.getSQLState())
                : failure.getClass().getSimpleName();
    }

    /** Keys of the writes that were acknowledged. */
    public Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    /** Keys of the writes whose outcome was reported unknown ({@code OutcomeUnknownException}). */
    public Set<String> outcomeUnknown() {
        return Set.copyOf(outcomeUnknown);
    }

    /** Failed operations so far. */
    public synchronized long failures() {
        return ops.stream().filter(op -> !op.ok()).count();
    }

    /** The library saw (and handled) a failure now: 08S02, 08007 or an unavailable-cluster retry. */
    public synchronized void handledFailure() {
        handledFailures.add(nanoTime.getAsLong());
    }

    /** Every operation so far, in the order they finished. */
    public synchronized List<Op> ops() {
        return List.copyOf(ops);
    }

    /** When the library handled failures. */
    public synchronized List<Long> handledFailures() {
        return List.copyOf(handledFailures);
    }

    /** Ends of the successful operations of {@code role}, sorted. */
    public List<Long> successEnds(Role role) {
        return successEnds(role, -1);
    }

    /** Ends of the successful operations of {@code role} by one thread ({@code thread < 0}: all), sorted. */
    public List<Long> successEnds(Role role, int thread) {
        return ops().stream().filter(op -> op.role() == role && op.ok() && (thread < 0 || op.thread() == thread))
                .map(Op::endNanos).sorted().toList();
    }

    /** Failed operations that ended at or after {@code fromNanos}, counted by role and SQLState. */
    public Map<String, Integer> errorsAfter(long fromNanos) {
        Map<String, Integer> errors = new TreeMap<>();
        for (Op op : ops()) {
            if (!op.ok() && op.endNanos() >= fromNanos) {
                errors.merge(op.role().name().toLowerCase(java.util.Locale.ROOT) + " " + op.sqlState(), 1,
                        Integer::sum);
            }
        }
        return errors;
    }

    /**
     * Time from {@code fault} to the first sign of it the application got: a failed operation or a failure the
     * library handled; -1 if there was none.
     */
    public long detectionNanos(long fault) {
        long first = Long.MAX_VALUE;
        for (Op op : ops()) {
            if (!op.ok() && op.endNanos() >= fault) {
                first = Math.min(first, op.endNanos());
            }
        }
        for (long at : handledFailures()) {
            if (at >= fault) {
                first = Math.min(first, at);
            }
        }
        return first == Long.MAX_VALUE ? -1 : first - fault;
    }

    /**
     * Per thread of {@code role}: its own outage after {@code fault} (see {@link #longestGapAfter}), keyed by thread
     * number, for the threads that ran at all.
     */
    public Map<Integer, Gap> longestGapsPerThread(Role role, long fault, long end) {
        Map<Integer, Gap> gaps = new TreeMap<>();
        ops().stream().filter(op -> op.role() == role).mapToInt(Op::thread).distinct().forEach(thread ->
                gaps.put(thread, longestGapAfter(successEnds(role, thread), fault, end)));
        return gaps;
    }

    /**
     * The outage: the longest interval without a success that ends after {@code fault}. It starts at the last success
     * before the fault, and the tail up to {@code end} counts (a workload that never recovered has its whole tail as
     * outage).
     */
    public static Gap longestGapAfter(List<Long> sortedSuccessEnds, long fault, long end) {
        long previous = fault;
        for (long success : sortedSuccessEnds) {
            if (success <= fault) {
                previous = success;
            }
        }
        Gap longest = new Gap(previous, previous);
        for (long success : sortedSuccessEnds) {
            if (success > fault) {
                if (success - previous > longest.length()) {
                    longest = new Gap(previous, success);
                }
                previous = success;
            }
        }
        return end - previous > longest.length() ? new Gap(previous, end) : longest;
    }
}
