package io.aurorakit.bench;

import io.aurorakit.config.Preset;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.retry.FailoverListener;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The clients the JMH query-path and checkout benchmarks compare, as a JMH {@code @Param}. The constant names are the
 * parameter values in JMH's JSON (kept from the first results, hence lowerCamelCase).
 */
public enum ClientVariant {
    /** (a) HikariCP + pgjdbc: the baseline. */
    plainPgjdbc("(a) Hikari + pgjdbc", "(a) pgjdbc"),
    /** (b) HikariCP + the AWS wrapper with no plugins: the wrapper's own cost. */
    wrapperNoPlugins("(b) Hikari + wrapper, no plugins", "(b) wrapper, no plugins"),
    /** (c) HikariCP + the AWS wrapper with aurora-kit's plugins, configured by hand. */
    wrapperAuroraPlugins("(c) Hikari + wrapper, aurora-kit plugins", "(c) wrapper + plugins"),
    /** (d) {@code AuroraDataSource.getConnection()}. */
    auroraKit("(d) AuroraDataSource.getConnection", "(d) getConnection"),
    /** (d) {@code AuroraDataSource.write()}: a transaction with failover retry (one more round trip: COMMIT). */
    auroraKitHelpers("(d) AuroraDataSource.write()", "(d) write()");

    private final String label;
    private final String chartLabel;

    ClientVariant(String label, String chartLabel) {
        this.label = label;
        this.chartLabel = chartLabel;
    }

    /** Its row label in RESULTS.md. */
    String label() {
        return label;
    }

    /** Its bar label in the charts. */
    String chartLabel() {
        return chartLabel;
    }

    /** A pool of this kind on the lab's cluster endpoint (an {@code AuroraDataSource} for the aurora-kit variants). */
    DataSource open(AuroraLab lab) {
        String cluster = lab.clusterEndpoint();
        return switch (this) {
            case plainPgjdbc -> ClientPools.plain(lab, cluster, "a-plain", false);
            case wrapperNoPlugins -> ClientPools.wrapper(lab, cluster, "b-wrapper", "", "bench-b-" + cluster, false,
                    Map.of());
            case wrapperAuroraPlugins -> ClientPools.wrapper(lab, cluster, "c-plugins",
                    ClientPools.auroraKitPlugins(lab), "bench-c-" + cluster, false, Map.of());
            case auroraKit, auroraKitHelpers -> ClientPools.auroraKit(lab, Preset.PROVISIONED, Map.of(),
                    FailoverListener.NO_OP);
        };
    }
}
