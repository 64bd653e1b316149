package io.aurorakit.retry;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** How a failure relates to failover, judged from its SQLState and causes. */
enum FailureKind {
    /** 08S02: the wrapper reconnected to the new writer/reader; the same connection is usable, re-run the work. */
    CONNECTION_CHANGED,
    /** 08007: the transaction was cut by a failover; its outcome is unknown. */
    OUTCOME_UNKNOWN,
    /** No usable connection right now (08001, 08006, 08003, 57P01-57P03, refused); retry after a backoff. */
    UNAVAILABLE,
    /** A SQL, authentication or configuration error (42xxx, 23xxx, 28P01, unknown host...); never retried. */
    NOT_RETRYABLE;

    static FailureKind of(SQLException e) {
        if (hasCause(e, UnknownHostException.class)) {
            return NOT_RETRYABLE;
        }
        String state = e.getSQLState();
        if (state != null && !state.isEmpty()) {
            switch (state) {
                case "08S02":
                    return CONNECTION_CHANGED;
                case "08007":
                    return OUTCOME_UNKNOWN;
                case "08P01": // protocol violation: a bug, not an outage
                    return NOT_RETRYABLE;
                case "57P01": // admin shutdown
                case "57P02": // crash shutdown
                case "57P03": // cannot connect now (starting up, resuming)
                    return UNAVAILABLE;
                default:
                    if (state.startsWith("08")) {
                        return UNAVAILABLE;
                    }
                    return NOT_RETRYABLE;
            }
        }
        if (e instanceof SQLTransientConnectionException
                || hasCause(e, ConnectException.class) || hasCause(e, NoRouteToHostException.class)
                || isInitialConnectionTimeout(e)) {
            return UNAVAILABLE;
        }
        return NOT_RETRYABLE;
    }

    /**
     * The wrapper's initialConnection plugin retries network errors until {@code openConnectionRetryTimeoutMs}, then
     * throws an exception with no SQLState and no cause (message key
     * {@code AuroraInitialConnectionStrategyPlugin.timeout}); its text is all there is to recognise it by.
     */
    private static boolean isInitialConnectionTimeout(SQLException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            String message = c.getMessage();
            if (message != null && message.startsWith(INITIAL_CONNECTION_TIMEOUT)) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    /** Start of the wrapper 4.3.0 message {@code AuroraInitialConnectionStrategyPlugin.timeout}. */
    static final String INITIAL_CONNECTION_TIMEOUT =
            "The Aurora Initial Connection Strategy Plugin attempted to connect but timed out";

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        return cause(t, type) != null;
    }

    /** The first throwable of {@code type} in the cause chain of {@code t}, or null. */
    static <X extends Throwable> X cause(Throwable t, Class<X> type) {
        int depth = 0;
        for (Throwable c = t; c != null && depth < 20; c = c.getCause(), depth++) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
