package io.aurorakit;

import io.aurorakit.internal.FailoverRetry;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Guards the connection handed to the work of one attempt of {@code write()}/{@code read()}: aurora-kit owns the
 * transaction, so the work may not commit, roll back, switch autocommit or close it (nor send {@code COMMIT},
 * {@code ROLLBACK}, {@code END} or {@code ABORT} as SQL); and once the connection or one of its statements has raised a
 * connection failure (08S02, 08007, 08xxx) the transaction is gone, so every further call is refused with that
 * failure's SQLState - work that catches and swallows it cannot commit only the tail of its transaction on the new
 * writer. Savepoints stay allowed. One guard per attempt; used by the attempt's thread.
 */
final class WorkGuard {

    /** What aurora-kit does itself around the work. */
    private static final Set<String> OWNED = Set.of("commit", "setAutoCommit", "close", "abort");
    /** Calls that stay allowed after a connection failure: they cannot change or read data. */
    private static final Set<String> ALWAYS_ALLOWED = Set.of("isClosed", "isWrapperFor", "unwrap", "getWarnings",
            "clearWarnings");
    /** SQL commands that end the transaction aurora-kit owns. */
    private static final Set<String> TRANSACTION_END = Set.of("COMMIT", "END", "ROLLBACK", "ABORT");
    private static final String SQL_STATE_INVALID_TRANSACTION_STATE = "25000";
    /** What separates the words of a SQL command, compiled once: every statement the work prepares is checked. */
    private static final Pattern WORDS = Pattern.compile("[\\s;]+");

    private final Connection connection;
    private SQLException connectionFailure;

    WorkGuard(Connection target) {
        this.connection = (Connection) Proxy.newProxyInstance(WorkGuard.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new Guarded(target, true));
    }

    /** The connection to hand to the work. */
    Connection connection() {
        return connection;
    }

    /** Throws the connection failure the work caught and did not rethrow, if there was one. */
    void throwIfConnectionFailed() throws SQLException {
        if (connectionFailure != null) {
            throw refused("the work returned normally");
        }
    }

    private SQLException refused(String what) {
        SQLException refused = new SQLException("Refused: " + what + " after the connection failed inside this unit of"
                + " work (SQLState " + connectionFailure.getSQLState() + ": " + connectionFailure.getMessage()
                + "); its transaction is gone and aurora-kit runs the whole work again when that is safe - let the"
                + " SQLException propagate instead of catching it", connectionFailure.getSQLState(),
                connectionFailure);
        return refused;
    }

    private static SQLException owned(String method) {
        return new SQLException(method + " is not allowed inside the work of write()/writeIdempotent()/read():"
                + " aurora-kit owns the transaction - return from the work to commit it, throw to roll it back, and do"
                + " not close the connection", SQL_STATE_INVALID_TRANSACTION_STATE);
    }

    /** Whether {@code sql} starts with a command that ends the transaction ({@code ROLLBACK TO} is allowed). */
    static boolean endsTransaction(String sql) {
        String[] words = WORDS.split(sql.trim(), 3);
        if (words.length == 0) {
            return false;
        }
        String first = words[0].toUpperCase(Locale.ROOT);
        if (!TRANSACTION_END.contains(first)) {
            return false;
        }
        return !(first.equals("ROLLBACK") && words.length > 1 && words[1].equalsIgnoreCase("TO"));
    }

    /** Invocation handler of the connection and of the statements it creates. */
    private final class Guarded implements InvocationHandler {
        private final Object target;
        private final boolean isConnection;

        Guarded(Object target, boolean isConnection) {
            this.target = target;
            this.isConnection = isConnection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, name, args);
            }
            if (isConnection && (OWNED.contains(name) || (name.equals("rollback") && method.getParameterCount() == 0))) {
                throw owned("Connection." + name + "()");
            }
            if ((!isConnection && name.equals("close")) || name.equals("isClosed")) {
                return invokeTarget(method, args); // closing a statement is always fine
            }
            if (connectionFailure != null && !ALWAYS_ALLOWED.contains(name)) {
                throw refused((isConnection ? "Connection." : "Statement.") + name + "()");
            }
            if (args != null && args.length > 0 && args[0] instanceof String && takesSql(name)
                    && endsTransaction((String) args[0])) {
                throw owned("SQL '" + ((String) args[0]).trim().split("\\s+")[0] + "'");
            }
            if (!isConnection && name.equals("getConnection")) {
                return connection;
            }
            Object result = invokeTarget(method, args);
            return guardStatement(method.getReturnType(), result);
        }

        private boolean takesSql(String name) {
            return name.startsWith("execute") || name.equals("addBatch") || name.startsWith("prepare");
        }

        private Object invokeTarget(Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                Throwable failure = e.getCause();
                if (failure instanceof SQLException && connectionFailure == null
                        && FailoverRetry.isConnectionFailure((SQLException) failure)) {
                    connectionFailure = (SQLException) failure;
                }
                throw failure;
            }
        }

        private Object guardStatement(Class<?> type, Object result) {
            if (result == null || !(type == Statement.class || type == PreparedStatement.class
                    || type == CallableStatement.class)) {
                return result;
            }
            return Proxy.newProxyInstance(WorkGuard.class.getClassLoader(), new Class<?>[] {type},
                    new Guarded(result, false));
        }

        private Object objectMethod(Object proxy, String name, Object[] args) {
            switch (name) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                default:
                    return "aurora-kit work connection over " + target;
            }
        }
    }
}
