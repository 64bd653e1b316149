package io.aurorakit.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.aurorakit.AuroraDataSource;
import io.aurorakit.config.AuroraConfig;
import io.aurorakit.config.Preset;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.retry.FailoverListener;
import java.util.Map;
import java.util.Properties;

/**
 * Builds the connection pools that the benchmarks and the failover harness compare. Every pool points at a lab
 * endpoint by name (cluster or reader endpoint), so all of them go through the same embedded-Toxiproxy proxy.
 */
final class ClientPools {

    /** Pool size used everywhere (fixed size: minimumIdle = maximumPoolSize, as HikariCP recommends). */
    static final int POOL_SIZE = 4;
    /** The wrapper's documented HikariCP exception override (keeps failed-over connections in the pool). */
    static final String HIKARI_EXCEPTION_OVERRIDE = AuroraConfig.HIKARI_EXCEPTION_OVERRIDE;

    private ClientPools() {
    }

    /** (a) HikariCP + plain pgjdbc on {@code host}. */
    static HikariDataSource plain(AuroraLab lab, String host, String poolName, boolean readOnly) {
        HikariConfig h = base(lab, poolName, "jdbc:postgresql://" + host + ":" + lab.port() + "/" + lab.database());
        h.setReadOnly(readOnly);
        return new HikariDataSource(h);
    }

    /** HikariCP + plain pgjdbc straight to instance {@code instanceId}'s server, past its proxy. */
    static HikariDataSource direct(AuroraLab lab, String instanceId, String poolName) {
        return new HikariDataSource(base(lab, poolName, lab.directJdbcUrl(instanceId)));
    }

    /**
     * HikariCP + the AWS wrapper on {@code host} with the given plugins ({@code ""} = none) and otherwise the
     * wrapper's own defaults; {@code clusterId} keys the wrapper's topology cache (must be unique per cluster).
     */
    static HikariDataSource wrapper(AuroraLab lab, String host, String poolName, String plugins, String clusterId,
                                    boolean readOnly, Map<String, String> extra) {
        HikariConfig h = base(lab, poolName, "jdbc:aws-wrapper:postgresql://" + host + ":" + lab.port() + "/"
                + lab.database());
        h.setDriverClassName(AuroraConfig.WRAPPER_DRIVER_CLASS);
        Properties p = new Properties();
        p.setProperty("wrapperPlugins", plugins);
        p.setProperty("wrapperDialect", "aurora-pg");
        p.setProperty("clusterId", clusterId);
        extra.forEach(p::setProperty);
        h.setDataSourceProperties(p);
        if (!plugins.isEmpty()) {
            h.setExceptionOverrideClassName(HIKARI_EXCEPTION_OVERRIDE);
        }
        h.setReadOnly(readOnly);
        return new HikariDataSource(h);
    }

    /** The wrapper plugin list aurora-kit configures for an Aurora cluster endpoint (read from core, not copied). */
    static String auroraKitPlugins(AuroraLab lab) {
        return AuroraConfig.builder().clusterEndpoint(lab.clusterEndpoint(), lab.port()).database(lab.database()).build()
                .wrapperProperties().getProperty("wrapperPlugins");
    }

    /** (d) aurora-kit's DataSource on the lab's cluster endpoint with {@code preset} and extra properties. */
    static AuroraDataSource auroraKit(AuroraLab lab, Preset preset, Map<String, String> properties,
                                      FailoverListener listener) {
        AuroraDataSource.Builder b = AuroraDataSource.builder()
                .clusterEndpoint(lab.clusterEndpoint(), lab.port())
                .database(lab.database())
                .user(lab.user())
                .password(lab.password())
                .preset(preset)
                .maximumPoolSize(POOL_SIZE)
                .listener(listener);
        properties.forEach(b::property);
        return b.build();
    }

    private static HikariConfig base(AuroraLab lab, String poolName, String url) {
        HikariConfig h = new HikariConfig();
        h.setPoolName(poolName);
        h.setJdbcUrl(url);
        h.setUsername(lab.user());
        h.setPassword(lab.password());
        h.setMaximumPoolSize(POOL_SIZE);
        h.setMinimumIdle(POOL_SIZE);
        return h;
    }
}
