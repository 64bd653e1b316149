package io.aurorakit.spring;

import io.aurorakit.internal.FailoverRetry;
import io.aurorakit.retry.FailureKind;
import io.aurorakit.retry.OutcomeUnknownException;
import io.aurorakit.retry.RetriesExhaustedException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Translates failover-related {@link SQLException}s by what they mean for the work, the way {@code write()} decides;
 * everything else goes to Spring's own PostgreSQL translation. Spring alone maps the wrapper's 08S02 and 08007 to a
 * non-transient {@code DataAccessResourceFailureException}, so Spring-style retries never re-run the work, and could
 * not tell a safe re-run from a commit that may have happened.
 *
 * <table>
 * <caption>Translation</caption>
 * <tr><th>failure</th><th>becomes</th></tr>
 * <tr><td>a connection failure (08S02, 08007, 08xxx, 57P0x, 53300, refused) while committing (task
 * {@code JDBC commit})</td><td>{@link OutcomeUnknownDataAccessException}</td></tr>
 * <tr><td>the same inside a transaction, before COMMIT (the wrapper's 08007 included: it keeps reporting 08007 on a
 * pooled connection that was once in a transaction)</td><td>{@link TransientFailoverException}</td></tr>
 * <tr><td>the same outside a transaction (autocommit): a read-only transaction or a query
 * ({@code SELECT}, {@code WITH}, {@code SHOW}, {@code VALUES}, {@code TABLE}, with no {@code INSERT}/{@code UPDATE}/
 * {@code DELETE}/{@code MERGE} in it) is transient; any other statement may have
 * committed itself</td><td>{@link TransientFailoverException} / {@link OutcomeUnknownDataAccessException}</td></tr>
 * <tr><td>{@link OutcomeUnknownException} from {@code write()}</td><td>{@link OutcomeUnknownDataAccessException}</td></tr>
 * <tr><td>{@link RetriesExhaustedException} (nothing was committed, or the work was idempotent)</td>
 * <td>{@link TransientFailoverException}</td></tr>
 * <tr><td>anything else (SQL errors, authentication, 25006...)</td><td>Spring's PostgreSQL translation</td></tr>
 * </table>
 *
 * <pre>{@code
 * JdbcTemplate jdbc = new JdbcTemplate(dataSource);
 * jdbc.setExceptionTranslator(new AuroraSqlExceptionTranslator());
 * }</pre>
 */
public class AuroraSqlExceptionTranslator implements SQLExceptionTranslator {

    /** A statement that only reads (when it calls no function that writes). */
    private static final Pattern QUERY = Pattern.compile("^\\s*(?:/\\*.*?\\*/\\s*)*\\(?\\s*(select|with|show|values|table)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /** A data-modifying part, e.g. in {@code WITH d AS (DELETE ... RETURNING *) SELECT ...}: not a read. */
    private static final Pattern WRITES = Pattern.compile("\\b(insert|update|delete|merge)\\b",
            Pattern.CASE_INSENSITIVE);

    private final SQLExceptionTranslator fallback;

    /** Falls back to Spring's error-code translation for PostgreSQL. */
    public AuroraSqlExceptionTranslator() {
        this(new SQLErrorCodeSQLExceptionTranslator("PostgreSQL"));
    }

    /** Falls back to {@code fallback} for failures that are not failover-related. */
    public AuroraSqlExceptionTranslator(SQLExceptionTranslator fallback) {
        this.fallback = fallback;
    }

    @Override
    public DataAccessException translate(String task, String sql, SQLException ex) {
        String what = (task == null ? "JDBC" : task) + (sql == null ? "" : " [" + sql + "]");
        if (FailoverRetry.sqlCause(ex) instanceof OutcomeUnknownException || ex instanceof OutcomeUnknownException) {
            return new OutcomeUnknownDataAccessException(what + ": " + ex.getMessage(), ex);
        }
        if (ex instanceof RetriesExhaustedException) {
            return new TransientFailoverException(what + ": " + ex.getMessage()
                    + "; nothing was committed (or the work was idempotent): it may be run again later", ex);
        }
        FailureKind kind = FailoverRetry.classify(ex);
        if (kind == FailureKind.NOT_RETRYABLE) {
            return fallback.translate(task, sql, ex);
        }
        if (isCommit(task)) {
            return outcomeUnknown(what, ex, "during COMMIT");
        }
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            FailoverMark.set();
            return transientFailure(what, ex, "inside a transaction, before COMMIT: nothing was committed");
        }
        if (TransactionSynchronizationManager.isCurrentTransactionReadOnly() || isQuery(sql)) {
            return transientFailure(what, ex, "in a read-only statement outside a transaction");
        }
        return outcomeUnknown(what, ex, "while a statement ran outside a transaction (autocommit): it may have"
                + " committed itself");
    }

    /** A plain read: starts like a query and has no data-modifying part (a CTE may hide one). */
    private static boolean isQuery(String sql) {
        return sql != null && QUERY.matcher(sql).find() && !WRITES.matcher(sql).find();
    }

    private static boolean isCommit(String task) {
        return task != null && task.toLowerCase(Locale.ROOT).contains("commit");
    }

    private static DataAccessException transientFailure(String what, SQLException ex, String when) {
        return new TransientFailoverException(what + ": the connection failed over or was lost " + when
                + "; safe to run the transaction again (SQLState " + ex.getSQLState() + ": " + ex.getMessage() + ")",
                ex);
    }

    private static DataAccessException outcomeUnknown(String what, SQLException ex, String when) {
        return new OutcomeUnknownDataAccessException(what + ": the connection failed " + when + ", so the change may"
                + " or may not have been made; not safe to run again blindly (SQLState " + ex.getSQLState() + ": "
                + ex.getMessage() + ")", ex);
    }
}
