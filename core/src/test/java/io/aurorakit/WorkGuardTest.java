package io.aurorakit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The connection handed to work: what it refuses and when. The target is a scripted connection (the unit's input,
 * recording the calls that reach it); the lab suite runs the same guard over the real wrapper during real failovers.
 */
class WorkGuardTest {

    /** Calls that reached the target connection or its statements. */
    private final List<String> reached = new ArrayList<>();
    /** The SQLState the next statement execution fails with, or null. */
    private String failNextWith;

    private Connection target() {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    reached.add("Connection." + method.getName());
                    switch (method.getName()) {
                        case "createStatement":
                            return statement(Statement.class);
                        case "prepareStatement":
                            return statement(PreparedStatement.class);
                        case "getAutoCommit":
                            return false;
                        case "isClosed":
                            return false;
                        default:
                            return null;
                    }
                });
    }

    private Object statement(Class<?> type) {
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            reached.add("Statement." + method.getName());
            if (method.getName().startsWith("execute") && failNextWith != null) {
                String state = failNextWith;
                failNextWith = null;
                throw new SQLException("scripted " + state, state);
            }
            return method.getReturnType() == int.class ? 1 : method.getReturnType() == boolean.class ? false : null;
        });
    }

    @Test
    void theTransactionBelongsToAuroraKit() throws SQLException {
        Connection c = new WorkGuard(target()).connection();
        assertThatThrownBy(c::commit).isInstanceOf(SQLException.class)
                .hasMessageContaining("Connection.commit() is not allowed inside the work")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25000"));
        assertThatThrownBy(c::rollback).hasMessageContaining("Connection.rollback()");
        assertThatThrownBy(() -> c.setAutoCommit(true)).hasMessageContaining("Connection.setAutoCommit()");
        assertThatThrownBy(c::close).hasMessageContaining("Connection.close()");
        try (Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("  commit")).hasMessageContaining("SQL 'commit'");
            assertThatThrownBy(() -> s.executeUpdate("END;")).hasMessageContaining("not allowed");
            assertThatThrownBy(() -> s.execute("rollback")).hasMessageContaining("not allowed");
            assertThatCode(() -> s.execute("ROLLBACK TO SAVEPOINT a")).doesNotThrowAnyException();
            assertThatCode(() -> s.execute("SELECT 'commit'")).doesNotThrowAnyException();
        }
        assertThatThrownBy(() -> c.prepareStatement("COMMIT")).hasMessageContaining("not allowed");
        assertThatCode(() -> c.rollback(null)).as("savepoints stay allowed").doesNotThrowAnyException();
        assertThat(reached).doesNotContain("Connection.commit", "Connection.setAutoCommit", "Connection.close")
                .as("only the savepoint rollback reached the connection").containsOnlyOnce("Connection.rollback");
    }

    @Test
    void afterAConnectionFailureEveryFurtherStatementIsRefusedWithItsSqlState() throws SQLException {
        WorkGuard guard = new WorkGuard(target());
        Connection c = guard.connection();
        Statement s = c.createStatement();
        failNextWith = "08S02";
        assertThatThrownBy(() -> s.executeUpdate("INSERT INTO t VALUES (1)")).hasMessage("scripted 08S02");
        int before = reached.size();

        assertThatThrownBy(() -> s.executeUpdate("INSERT INTO t VALUES (2)"))
                .isInstanceOf(SQLException.class).hasMessageContaining("Refused: Statement.executeUpdate()")
                .hasMessageContaining("let the SQLException propagate")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08S02"));
        assertThatThrownBy(() -> c.prepareStatement("INSERT INTO t VALUES (3)"))
                .hasMessageContaining("Refused: Connection.prepareStatement()");
        assertThatCode(s::close).as("closing a statement stays allowed").doesNotThrowAnyException();
        assertThat(reached.subList(before, reached.size())).containsExactly("Statement.close");
        assertThatThrownBy(guard::throwIfConnectionFailed).hasMessageContaining("the work returned normally")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08S02"));
    }

    @Test
    void sqlErrorsDoNotPoisonTheConnection() throws SQLException {
        WorkGuard guard = new WorkGuard(target());
        Connection c = guard.connection();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?)")) {
            failNextWith = "23505";
            assertThatThrownBy(ps::executeUpdate).hasMessage("scripted 23505");
            assertThatCode(ps::executeUpdate).doesNotThrowAnyException();
            assertThat(ps.getConnection()).isSameAs(c);
        }
        assertThatCode(guard::throwIfConnectionFailed).doesNotThrowAnyException();
    }
}
