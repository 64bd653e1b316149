package io.aurorakit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.retry.OutcomeUnknownException;
import io.aurorakit.retry.RetriesExhaustedException;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The translation decides whether Spring-style retries re-run work, so each row of its table is checked: a safe
 * re-run is transient, a change that may have been made is not. (Its input is a driver exception and Spring's
 * transaction state on this thread; the lab's Spring Boot applications exercise it against real failovers.)
 */
class AuroraSqlExceptionTranslatorTest {

    private final AuroraSqlExceptionTranslator translator = new AuroraSqlExceptionTranslator();

    @AfterEach
    void clearTransactionState() {
        FailoverMark.clear();
        TransactionSynchronizationManager.setActualTransactionActive(false);
        TransactionSynchronizationManager.setCurrentTransactionReadOnly(false);
    }

    @Test
    void aConnectionFailureDuringCommitIsOutcomeUnknownWhateverTheWrapperSaid() {
        TransactionSynchronizationManager.setActualTransactionActive(true);
        for (String state : new String[] {"08S02", "08007", "08006", "57P01"}) {
            DataAccessException e = translator.translate("JDBC commit", null, new SQLException("cut", state));
            assertThat(e).as(state).isInstanceOf(OutcomeUnknownDataAccessException.class)
                    .isInstanceOf(NonTransientDataAccessException.class).hasMessageContaining("during COMMIT");
        }
    }

    @Test
    void aFailoverInsideATransactionBeforeCommitIsSafeToReRun() {
        TransactionSynchronizationManager.setActualTransactionActive(true);
        for (String state : new String[] {"08S02", "08007", "08001"}) {
            DataAccessException e = translator.translate("PreparedStatementCallback", "INSERT INTO t VALUES (1)",
                    new SQLException("failed over", state));
            assertThat(e).as(state).isInstanceOf(TransientFailoverException.class)
                    .isInstanceOf(TransientDataAccessException.class).hasMessageContaining("nothing was committed");
        }
    }

    @Test
    void aFailoverInsideATransactionMarksItSoItsRollbackCannotHideTheFailover() {
        assertThat(FailoverMark.isSet()).isFalse();
        translator.translate("x", "SELECT 1", new SQLException("duplicate key", "23505"));
        assertThat(FailoverMark.isSet()).as("not after an SQL error").isFalse();
        TransactionSynchronizationManager.setActualTransactionActive(true);
        translator.translate("StatementCallback", "SELECT 1", new SQLException("closed", "08003"));
        assertThat(FailoverMark.isSet()).isTrue();
        FailoverMark.clear();
        assertThat(FailoverMark.isSet()).isFalse();
    }

    @Test
    void outsideATransactionOnlyReadsAreSafeToReRun() {
        SQLException failover = new SQLException("failed over", "08S02");
        assertThat(translator.translate("StatementCallback", "UPDATE t SET v = 1", failover))
                .isInstanceOf(OutcomeUnknownDataAccessException.class).hasMessageContaining("autocommit");
        assertThat(translator.translate("StatementCallback", " /* q */ select count(*) from t", failover))
                .isInstanceOf(TransientFailoverException.class);
        assertThat(translator.translate("StatementCallback", "WITH x AS (SELECT 1) SELECT * FROM x", failover))
                .isInstanceOf(TransientFailoverException.class);
        assertThat(translator.translate("StatementCallback", "WITH d AS (DELETE FROM t RETURNING *) SELECT count(*)"
                + " FROM d", failover)).as("a CTE that writes").isInstanceOf(OutcomeUnknownDataAccessException.class);
        TransactionSynchronizationManager.setCurrentTransactionReadOnly(true);
        assertThat(translator.translate("ConnectionCallback", null, failover))
                .isInstanceOf(TransientFailoverException.class);
    }

    @Test
    void aurorakitsOwnVerdictsKeepTheirMeaning() {
        SQLException cause = new SQLException("cut", "08007");
        assertThat(translator.translate("x", null, new OutcomeUnknownException(cause)))
                .isInstanceOf(OutcomeUnknownDataAccessException.class);
        assertThat(translator.translate("x", null, new RetriesExhaustedException(5, Duration.ofSeconds(3),
                "maxAttempts=5 reached", new SQLException("refused", "08001"))))
                .isInstanceOf(TransientFailoverException.class);
    }

    @Test
    void otherFailuresGetSpringsOwnTranslation() {
        TransactionSynchronizationManager.setActualTransactionActive(true);
        assertThat(translator.translate("x", "INSERT", new SQLException("duplicate key", "23505")))
                .isInstanceOf(DuplicateKeyException.class);
        DataAccessException readOnly = translator.translate("x", "INSERT", new SQLException("read-only", "25006"));
        assertThat(readOnly == null || !(readOnly instanceof TransientFailoverException
                || readOnly instanceof OutcomeUnknownDataAccessException)).as("25006 is not a failover").isTrue();
    }
}
