package io.aurorakit.internal;

import io.aurorakit.retry.FailureKind;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Classifies failures into a {@link FailureKind}, judged from the SQLState and causes of the first {@link SQLException}
 * in the cause chain.
 */
final class Failures {

    private Failures() {
    }

    /** How {@code failure} relates to failover: the first {@link SQLException} in its cause chain decides. */
    static FailureKind classify(Throwable failure) {
        SQLException e = sqlCause(failure);
        if (e == null) {
            return FailureKind.NOT_RETRYABLE;
        }
        UnknownHostException unknownHost = cause(e, UnknownHostException.class);
        if (unknownHost != null) {
            return isTemporary(unknownHost) ? FailureKind.UNAVAILABLE : FailureKind.NOT_RETRYABLE;
        }
        String state = e.getSQLState();
        if (state != null && !state.isEmpty()) {
            switch (state) {
                case "08S02":
                    return FailureKind.CONNECTION_CHANGED;
                case "08007":
                    return FailureKind.OUTCOME_UNKNOWN;
                case "08P01": // protocol violation: a bug, not an outage
                case "08004": // server rejected the connection: no password given, unsupported authentication, no SSL
                    return FailureKind.NOT_RETRYABLE;
                case "57P01": // admin shutdown
                case "57P02": // crash shutdown
                case "57P03": // cannot connect now (starting up, resuming)
                case "53300": // too many connections: typical right after a failover, when every client reconnects
                    return FailureKind.UNAVAILABLE;
                default:
                    if (state.startsWith("08")) {
                        return FailureKind.UNAVAILABLE;
                    }
                    return FailureKind.NOT_RETRYABLE;
            }
        }
        if (e instanceof SQLTransientConnectionException
                || hasCause(e, ConnectException.class) || hasCause(e, NoRouteToHostException.class)
                || isInitialConnectionTimeout(e) || isPoolClosedConnection(e)) {
            return FailureKind.UNAVAILABLE;
        }
        return FailureKind.NOT_RETRYABLE;
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

    /**
     * HikariCP evicts a connection whose statement failed with a connection error (08003 "This connection has been
     * closed", for instance) and puts a closed stand-in behind its proxy; every later call on that proxy - the next
     * statement of the transaction, its rollback - throws {@value #POOL_CLOSED_CONNECTION} with no SQLState. The
     * connection, and the transaction on it, are gone: a connection failure like 08003.
     */
    private static boolean isPoolClosedConnection(SQLException e) {
        if (!POOL_CLOSED_CONNECTION.equals(e.getMessage())) {
            return false;
        }
        StackTraceElement[] stack = e.getStackTrace();
        return stack.length > 0 && stack[0].getClassName().startsWith("com.zaxxer.hikari.pool.ProxyConnection");
    }

    /** HikariCP's message for any call on a connection it has closed behind its proxy (no SQLState). */
    static final String POOL_CLOSED_CONNECTION = "Connection is closed";

    /** Start of the wrapper 4.3.0 message {@code AuroraInitialConnectionStrategyPlugin.timeout}. */
    static final String INITIAL_CONNECTION_TIMEOUT =
            "The Aurora Initial Connection Strategy Plugin attempted to connect but timed out";

    /** The first {@link SQLException} in the cause chain of {@code failure} (itself included), or null. */
    static SQLException sqlCause(Throwable failure) {
        return cause(failure, SQLException.class);
    }

    /**
     * Whether a failed name lookup may succeed when tried again: the resolver said "try again" (EAI_AGAIN, e.g. "Temporary
     * failure in name resolution") rather than that the name does not exist.
     */
    static boolean isTemporary(UnknownHostException e) {
        String message = e.getMessage();
        return message != null && (message.contains("Temporary failure") || message.contains("try again"));
    }

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
