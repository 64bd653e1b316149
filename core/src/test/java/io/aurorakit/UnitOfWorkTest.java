package io.aurorakit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a failure means in each phase of one attempt (before COMMIT, during COMMIT, after COMMIT). The connection is a
 * scripted one that fails where the test says; the lab suite checks the same phases on real failovers.
 */
class UnitOfWorkTest {

    private final List<String> calls = new ArrayList<>();

    private Connection connection(String failingMethod, Throwable failure) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    calls.add(method.getName());
                    if (method.getName().equals(failingMethod)) {
                        throw failure;
                    }
                    return method.getReturnType() == boolean.class ? false : null;
                });
    }

    @Test
    void aRuntimeExceptionFromCloseAfterASuccessfulCommitIsNotAFailure() throws SQLException {
        Connection c = connection("close", new IllegalStateException("pool reset failed"));
        String result = UnitOfWork.run(c, UnitOfWork.Mode.WRITE, w -> "done");
        assertThat(result).isEqualTo("done");
        assertThat(calls).containsSubsequence("setAutoCommit", "commit", "close");
    }

    @Test
    void anOutcomeUnknownBeforeCommitIsAConnectionChangeNothingCommitted() {
        SQLException stale = new SQLException("Transaction resolution unknown", "08007");
        assertThatThrownBy(() -> UnitOfWork.run(connection("commit", new AssertionError("not reached")),
                UnitOfWork.Mode.WRITE,
                w -> {
                    throw stale;
                })).isInstanceOf(SQLException.class).hasCause(stale)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08S02"));
        assertThat(calls).doesNotContain("commit").contains("rollback", "close");
    }

    @Test
    void anOutcomeUnknownWhileStartingTheTransactionIsAConnectionChange() {
        SQLException stale = new SQLException("Transaction resolution unknown", "08007");
        assertThatThrownBy(() -> UnitOfWork.run(connection("setAutoCommit", stale), UnitOfWork.Mode.WRITE, w -> 1))
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08S02"));
    }

    @Test
    void aConnectionChangeDuringCommitIsOutcomeUnknown() {
        SQLException changed = new SQLException("connection changed", "08S02");
        assertThatThrownBy(() -> UnitOfWork.run(connection("commit", changed), UnitOfWork.Mode.WRITE, w -> 1))
                .hasCause(changed).hasMessageContaining("may or may not have committed")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08007"));
    }

    @Test
    void workThatSwallowsAFailoverIsNotCommitted() {
        Connection c = connection("none", null);
        SQLException changed = new SQLException("connection changed", "08S02");
        Connection failing = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("nativeSQL")) {
                        throw changed;
                    }
                    return method.invoke(c, args);
                });
        assertThatThrownBy(() -> UnitOfWork.run(failing, UnitOfWork.Mode.WRITE, w -> {
            try {
                w.nativeSQL("SELECT 1");
            } catch (SQLException swallowed) {
                // a careless DAO
            }
            return "tail only";
        })).satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08S02"));
        assertThat(calls).doesNotContain("commit");
    }

    @Test
    void anAutocommitReadSendsNoTransactionCommands() throws SQLException {
        Connection autocommit = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    calls.add(method.getName() + (args == null ? "" : java.util.Arrays.toString(args)));
                    return method.getReturnType() == boolean.class ? method.getName().equals("getAutoCommit") : null;
                });
        String read = UnitOfWork.run(autocommit, UnitOfWork.Mode.READ_AUTOCOMMIT, w -> "read");
        assertThat(read).isEqualTo("read");
        assertThat(calls).containsExactly("setReadOnly[true]", "getAutoCommit", "close");
    }

    @Test
    void anAutocommitReadOnAPoolWithoutAutocommitTurnsItOn() throws SQLException {
        UnitOfWork.run(connection("none", null), UnitOfWork.Mode.READ_AUTOCOMMIT, w -> 1);
        assertThat(calls).containsExactly("setReadOnly", "getAutoCommit", "setAutoCommit", "close");
    }

    @Test
    void aFailoverDuringAnAutocommitReadIsAConnectionChange() {
        SQLException stale = new SQLException("Transaction resolution unknown", "08007");
        assertThatThrownBy(() -> UnitOfWork.run(connection("none", null), UnitOfWork.Mode.READ_AUTOCOMMIT, w -> {
            throw stale;
        })).satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08S02"));
        assertThat(calls).doesNotContain("commit").contains("close");
    }
}
