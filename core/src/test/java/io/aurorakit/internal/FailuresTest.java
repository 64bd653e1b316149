package io.aurorakit.internal;

import io.aurorakit.retry.FailoverEvent;
import io.aurorakit.retry.FailoverListener;
import io.aurorakit.retry.FailureKind;
import io.aurorakit.retry.OutcomeUnknownException;
import io.aurorakit.retry.RetriesExhaustedException;
import io.aurorakit.retry.RetryPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailuresTest {

    @ParameterizedTest
    @CsvSource({
        "08S02, CONNECTION_CHANGED",
        "08007, OUTCOME_UNKNOWN",
        "08001, UNAVAILABLE",
        "08006, UNAVAILABLE",
        "08003, UNAVAILABLE",
        "08004, NOT_RETRYABLE",
        "53300, UNAVAILABLE",
        "3D000, NOT_RETRYABLE",
        "28000, NOT_RETRYABLE",
        "57P01, UNAVAILABLE",
        "57P03, UNAVAILABLE",
        "08P01, NOT_RETRYABLE",
        "42601, NOT_RETRYABLE",
        "42P01, NOT_RETRYABLE",
        "23505, NOT_RETRYABLE",
        "23503, NOT_RETRYABLE",
        "28P01, NOT_RETRYABLE",
        "25006, NOT_RETRYABLE",
        "40001, NOT_RETRYABLE",
        "22023, NOT_RETRYABLE"
    })
    void classifiesBySqlState(String state, FailureKind expected) {
        assertThat(Failures.classify(new SQLException("x", state))).isEqualTo(expected);
    }

    @Test
    void hikarisClosedConnectionIsAConnectionFailure() throws Exception {
        // What HikariCP puts behind its proxy once it evicted a broken connection: every call throws without SQLState.
        java.lang.reflect.Field stand = Class.forName("com.zaxxer.hikari.pool.ProxyConnection$ClosedConnection")
                .getDeclaredField("CLOSED_CONNECTION");
        stand.setAccessible(true);
        java.sql.Connection closed = (java.sql.Connection) stand.get(null);
        SQLException rollback = org.assertj.core.api.Assertions.catchThrowableOfType(SQLException.class,
                closed::rollback);
        assertThat(rollback.getSQLState()).isNull();
        assertThat(Failures.classify(rollback)).isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(Failures.classify(new SQLException("Connection is closed"))).as("the same text from elsewhere")
                .isEqualTo(FailureKind.NOT_RETRYABLE);
    }

    @Test
    void refusedConnectionsWithoutSqlStateAreUnavailable() {
        assertThat(Failures.classify(new SQLException("refused", null, new ConnectException("Connection refused"))))
                .isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(Failures.classify(new SQLTransientConnectionException("pool timeout")))
                .isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(Failures.classify(new SQLException("no state"))).isEqualTo(FailureKind.NOT_RETRYABLE);
    }

    @Test
    void poolTimeoutCarryingAnAuthFailureIsNotRetried() {
        assertThat(Failures.classify(new SQLTransientConnectionException("timeout", "28P01")))
                .isEqualTo(FailureKind.NOT_RETRYABLE);
    }

    @Test
    void unknownHostIsAConfigurationErrorNotAnOutage() {
        assertThat(Failures.classify(new SQLException("attempt failed", "08001", new UnknownHostException("nohost"))))
                .isEqualTo(FailureKind.NOT_RETRYABLE);
    }

    @Test
    void theInitialConnectionPluginsTimeoutIsAnOutage() {
        // wrapper 4.3.0: no SQLState, no cause; the network errors it retried are swallowed
        SQLException timeout = new SQLException(Failures.INITIAL_CONNECTION_TIMEOUT + " after 3000ms. Please ensure"
                + " that your URL is correct, there are no network issues, and you are connecting to the correct role"
                + " if 'verifyOpenedConnectionType' was set.");
        assertThat(Failures.classify(timeout)).isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(Failures.classify(new SQLTransientConnectionException("pool init", null, timeout)))
                .isEqualTo(FailureKind.UNAVAILABLE);
    }

    /** The plugin's message as the wrapper 4.3.0 formats it from its own bundle (fails if a wrapper upgrade rewords it). */
    static SQLException initialConnectionTimeout(long millis) {
        return new SQLException(software.amazon.jdbc.util.Messages.get("AuroraInitialConnectionStrategyPlugin.timeout",
                new Object[] {millis, "verifyOpenedConnectionType"}));
    }

    @Test
    void theInitialConnectionTimeoutAsTheWrapperWordsItIsAnOutageHoweverItArrives() {
        SQLException timeout = initialConnectionTimeout(90_000);
        assertThat(timeout.getSQLState()).isNull();
        assertThat(timeout.getMessage()).startsWith(Failures.INITIAL_CONNECTION_TIMEOUT);
        // thrown by the wrapper's connect; HikariCP passes it on from getConnection() on a running pool...
        assertThat(Failures.classify(timeout)).isEqualTo(FailureKind.UNAVAILABLE);
        // ...wraps it in its timeout (no SQLState either, the wrapper gave none)...
        assertThat(Failures.classify(new SQLTransientConnectionException("aurora-kit-writer - Connection is not"
                + " available, request timed out after 90000ms (total=0, active=0, idle=0, waiting=0)", null,
                timeout))).isEqualTo(FailureKind.UNAVAILABLE);
        // ...or, when the pool starts on a paused Serverless instance, in a RuntimeException
        assertThat(Failures.classify(new com.zaxxer.hikari.pool.HikariPool.PoolInitializationException(timeout)))
                .isEqualTo(FailureKind.UNAVAILABLE);
    }

    @Test
    void otherExceptionsWithoutSqlStateStaySqlErrors() {
        assertThat(Failures.classify(new SQLException("The Aurora Initial Connection Strategy Plugin said something"
                + " else"))).isEqualTo(FailureKind.NOT_RETRYABLE);
        assertThat(Failures.classify(new RuntimeException("no SQLException at all"))).isEqualTo(
                FailureKind.NOT_RETRYABLE);
    }
}
