package io.aurorakit.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Thread-safe record of the harness workload: every write and read with its outcome, plus the moments the library
 * reported a failure it handled (failover listener events). Times are {@link System#nanoTime()} values.
 */
final class OperationLog {

    enum Role { WRITE, READ }

    /** One finished operation; {@code sqlState} is null when it succeeded. */
    record Op(Role role, long startNanos, long endNanos, boolean ok, String sqlState) {
    }

    private final List<Op> ops = new ArrayList<>();
    private final List<Long> handledFailures = new ArrayList<>();

    synchronized void add(Role role, long startNanos, boolean ok, String sqlState) {
        ops.add(new Op(role, startNanos, System.nanoTime(), ok, sqlState));
    }

    /** The library saw (and handled) a failure: 08S02, 08007 or an unavailable-cluster retry. */
    synchronized void handledFailure() {
        handledFailures.add(System.nanoTime());
    }

    synchronized List<Op> ops() {
        return List.copyOf(ops);
    }

    synchronized List<Long> handledFailures() {
        return List.copyOf(handledFailures);
    }

    /** Ends of the successful operations of {@code role}, sorted. */
    List<Long> successEnds(Role role) {
        return ops().stream().filter(op -> op.role() == role && op.ok()).map(Op::endNanos).sorted().toList();
    }

    /** Failed operations that ended after {@code fromNanos}, by SQLState (or exception class). */
    Map<String, Integer> errorsAfter(long fromNanos) {
        Map<String, Integer> errors = new TreeMap<>();
        for (Op op : ops()) {
            if (!op.ok() && op.endNanos() >= fromNanos) {
                errors.merge(op.role().name().toLowerCase() + " " + op.sqlState(), 1, Integer::sum);
            }
        }
        return errors;
    }

    /**
     * Time from {@code fault} to the first sign of it the application got: a failed operation or a failure the
     * library handled; -1 if none.
     */
    long detectionNanos(long fault) {
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
     * The longest window without a success that ends after {@code fault}: it starts at the last success before the
     * fault and the unrecovered tail up to {@code end} counts. The same definition as the drill's
     * {@code DrillReport.longestGapAfter} (which is package-private in failover-tests).
     */
    static long longestGapAfter(List<Long> sortedSuccessEnds, long fault, long end) {
        long previous = fault;
        for (long success : sortedSuccessEnds) {
            if (success <= fault) {
                previous = success;
            }
        }
        long longest = 0;
        for (long success : sortedSuccessEnds) {
            if (success > fault) {
                longest = Math.max(longest, success - previous);
                previous = success;
            }
        }
        return Math.max(longest, end - previous);
    }
}
