package io.aurorakit.measure;

import io.aurorakit.AuroraDataSource;
import java.sql.SQLException;

/**
 * How a {@link Workload} writes and reads: through aurora-kit ({@link #auroraKit}) or any other client a benchmark
 * compares it with.
 *
 * <pre>{@code
 * LoadClient client = LoadClient.auroraKit(dataSource, "orders");
 * String writer = client.write("k-1");
 * }</pre>
 */
public interface LoadClient extends AutoCloseable {

    /** Writes the row with {@code key} (not declared idempotent); returns the instance that committed it, or null. */
    String write(String key) throws SQLException;

    /** Reads; returns the instance that served it, or null. */
    String read() throws SQLException;

    /** Releases the client's connections; aborts statements still hanging on a black-holed connection. */
    @Override
    void close();

    /**
     * aurora-kit's {@code write()} (non-idempotent) and {@code read()} on the {@link LoadTable} {@code table}. Closing
     * the client closes the data source.
     */
    static LoadClient auroraKit(AuroraDataSource dataSource, String table) {
        return new LoadClient() {
            @Override
            public String write(String key) throws SQLException {
                return dataSource.write(c -> LoadTable.insert(c, table, key));
            }

            @Override
            public String read() throws SQLException {
                return dataSource.read(c -> LoadTable.read(c, table));
            }

            @Override
            public void close() {
                dataSource.close();
            }
        };
    }
}
