package io.aurorakit.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.aurorakit.AuroraDataSource;
import io.aurorakit.measure.LoadClient;
import io.aurorakit.measure.LoadTable;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The harness's {@link LoadClient}s on {@link #TABLE}: aurora-kit's helpers (which retry after a failover) or, for
 * configurations without aurora-kit, a writer pool on the cluster endpoint and a reader pool on the reader endpoint,
 * the way applications use them today (autocommit statements, no retry beyond the workload's next tick).
 */
final class LoadClients {

    static final String TABLE = "harness_events";

    private LoadClients() {
    }

    static LoadClient auroraKit(AuroraDataSource dataSource) {
        return LoadClient.auroraKit(dataSource, TABLE);
    }

    static LoadClient pools(HikariDataSource writer, HikariDataSource reader) {
        return new LoadClient() {
            @Override
            public String write(String key) throws SQLException {
                try (Connection c = writer.getConnection()) {
                    return LoadTable.insert(c, TABLE, key);
                }
            }

            @Override
            public String read() throws SQLException {
                try (Connection c = reader.getConnection()) {
                    return LoadTable.read(c, TABLE);
                }
            }

            @Override
            public void close() {
                try {
                    reader.close();
                } finally {
                    writer.close();
                }
            }
        };
    }
}
