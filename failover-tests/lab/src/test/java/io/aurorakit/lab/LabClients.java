package io.aurorakit.lab;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;

/** Test clients of a lab: the real AWS wrapper through the lab's endpoints, and direct pgjdbc connections. */
final class LabClients {

    /** The plugins the failover tests use. */
    static final String FAILOVER_PLUGINS = "initialConnection,auroraConnectionTracker,failover2,efm2";

    private LabClients() {
    }

    /** Wrapper properties; every timeout in milliseconds (the wrapper converts them for pgjdbc). */
    static Properties wrapperProps(AuroraLab lab, String plugins, int socketTimeoutMs) {
        Properties p = lab.credentials();
        p.setProperty("wrapperDialect", "aurora-pg");
        p.setProperty("clusterId", "lab-test-" + UUID.randomUUID());
        p.setProperty("wrapperPlugins", plugins);
        p.setProperty("connectTimeout", "3000");
        p.setProperty("socketTimeout", Integer.toString(socketTimeoutMs));
        p.setProperty("loginTimeout", "5000");
        p.setProperty("failoverTimeoutMs", "30000");
        p.setProperty("monitoring-connectTimeout", "3000");
        p.setProperty("monitoring-socketTimeout", "3000");
        p.setProperty("topology-monitoring-connectTimeout", "3000");
        p.setProperty("topology-monitoring-socketTimeout", "3000");
        return p;
    }

    static Connection wrapper(AuroraLab lab, String host, Properties props) throws SQLException {
        return DriverManager.getConnection("jdbc:aws-wrapper:postgresql://" + host + ":" + lab.port() + "/"
                + lab.database(), props);
    }

    /** A wrapper connection to the cluster endpoint with failover2 and efm2. */
    static Connection failoverConnection(AuroraLab lab) throws SQLException {
        return wrapper(lab, lab.clusterEndpoint(), wrapperProps(lab, FAILOVER_PLUGINS, 10_000));
    }


    /** Polls a direct connection to the reader until {@code sql} returns {@code expected} (replay is asynchronous). */
    static void awaitOnReader(AuroraLab lab, String readerId, String sql, String expected, java.time.Duration timeout)
            throws Exception {
        String last = Await.value(timeout, () -> {
            try (Connection c = lab.connectDirect(readerId)) {
                return LabQueries.queryString(c, sql);
            }
        }, expected::equals);
        if (!expected.equals(last)) {
            throw new AssertionError(readerId + ": " + sql + " returned " + last + ", expected " + expected
                    + " within " + timeout.toMillis() + " ms");
        }
    }

}
