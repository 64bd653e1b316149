package io.aurorakit.failover;

import io.aurorakit.SqlWork;
import io.aurorakit.lab.LabQueries;
import io.aurorakit.measure.LoadTable;

/**
 * Units of work the scenarios share: which instance the work ran on, and rows of the {@link LoadTable}. Ground truth
 * (rows on an instance, backends in {@code pg_stat_activity}) comes from {@link LabQueries}.
 *
 * <pre>{@code
 * String writer = ds.write(LabSql.INSTANCE_ID);
 * long rows = LabQueries.count(lab, lab.writerId(), "SELECT count(*) FROM t WHERE k = 'a'");
 * }</pre>
 */
final class LabSql {

    /** Work that returns the instance id of the connection it runs on. */
    static final SqlWork<String> INSTANCE_ID = LabQueries::instanceId;

    private LabSql() {
    }

    /** A work unit that inserts {@code key} into the {@link LoadTable} {@code table}; returns the instance it hit. */
    static SqlWork<String> insert(String table, String key) {
        return c -> LoadTable.insert(c, table, key);
    }

    /** A work unit that creates the {@link LoadTable} {@code table} (duplicates of a key stay visible). */
    static SqlWork<Void> createTable(String table) {
        return c -> {
            LoadTable.create(c, table);
            return null;
        };
    }
}
