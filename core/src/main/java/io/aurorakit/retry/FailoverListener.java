package io.aurorakit.retry;

/**
 * Receives what happens when a failover interrupts work: connection changes (08S02), unknown outcomes (08007),
 * backoff retries while the cluster is unavailable, and exhaustion. Called on the thread running the work; keep it
 * quick. Exceptions thrown by a listener are logged and ignored.
 *
 * <pre>{@code
 * FailoverListener log = FailoverListener.of(event -> System.out.println(event));
 * AuroraDataSource ds = AuroraDataSource.builder().clusterEndpoint(host, 5432).listener(log).build();
 * }</pre>
 */
public interface FailoverListener {

    /** A listener that ignores everything. */
    FailoverListener NO_OP = new FailoverListener() { };

    /** A listener that hands every event to {@code consumer}. */
    static FailoverListener of(java.util.function.Consumer<FailoverEvent> consumer) {
        java.util.Objects.requireNonNull(consumer, "consumer");
        return new FailoverListener() {
            @Override
            public void onEvent(FailoverEvent event) {
                consumer.accept(event);
            }
        };
    }

    /** Called for every {@link FailoverEvent}; dispatches to the per-kind methods by default. */
    default void onEvent(FailoverEvent event) {
        switch (event.kind()) {
            case CONNECTION_CHANGED:
                onConnectionChanged(event);
                break;
            case OUTCOME_UNKNOWN:
                onOutcomeUnknown(event);
                break;
            case UNAVAILABLE:
                onUnavailableRetry(event);
                break;
            default:
                onExhausted(event);
                break;
        }
    }

    /** The wrapper failed over (08S02); the work runs again at once. */
    default void onConnectionChanged(FailoverEvent event) {
    }

    /** A transaction was cut by a failover (08007); it runs again only if idempotent ({@link FailoverEvent#retrying()}). */
    default void onOutcomeUnknown(FailoverEvent event) {
    }

    /** The cluster was unavailable (08001/08006/...); the work runs again after {@link FailoverEvent#delay()}. */
    default void onUnavailableRetry(FailoverEvent event) {
    }

    /** Attempts or time budget ran out; a {@link RetriesExhaustedException} follows. */
    default void onExhausted(FailoverEvent event) {
    }

    /**
     * A unit of work ended: how, after how many attempts, and how long it took from the start of the first attempt
     * to the end of the last (backoff waits included). Called for every call, also those that saw no failover.
     */
    default void onCallEnded(CallOutcome outcome, int attempts, java.time.Duration duration) {
    }
}
