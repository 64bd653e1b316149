package io.aurorakit.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an endpoint host name is, judged from its name only (no DNS lookup), like the wrapper's {@code RdsUtils}.
 */
enum EndpointKind {
    /** {@code name.cluster-xyz.region.rds.amazonaws.com}: the writer endpoint of an Aurora cluster. */
    AURORA_WRITER_CLUSTER(true),
    /** {@code name.cluster-ro-xyz.region.rds.amazonaws.com}: the reader endpoint of an Aurora cluster. */
    AURORA_READER_CLUSTER(true),
    /** {@code name.cluster-custom-xyz.region.rds.amazonaws.com}: a custom endpoint. */
    AURORA_CUSTOM_CLUSTER(true),
    /** {@code instance-1.xyz.region.rds.amazonaws.com}: one instance. */
    RDS_INSTANCE(true),
    /** {@code name.proxy-xyz.region.rds.amazonaws.com}: RDS Proxy, which hides the topology. */
    RDS_PROXY(false),
    /** Anything else: localhost, an IP address, a plain PostgreSQL host or a CNAME. */
    PLAIN(false);

    private static final Pattern RDS_HOST = Pattern.compile(
            "^(?<instance>[^.]+)\\.(?<prefix>cluster-ro-|cluster-custom-|cluster-|proxy-)?"
                    + "(?<domain>[a-zA-Z0-9]+\\.[a-zA-Z0-9-]+\\.(rds|rds-fips)\\.amazonaws\\.(com|com\\.cn|au|eu|uk))\\.?$",
            Pattern.CASE_INSENSITIVE);

    private final boolean failoverCapable;

    EndpointKind(boolean failoverCapable) {
        this.failoverCapable = failoverCapable;
    }

    /** Whether failover, failure detection and read/write splitting apply to this kind of endpoint. */
    boolean failoverCapable() {
        return failoverCapable;
    }

    static EndpointKind classify(String host) {
        Matcher m = RDS_HOST.matcher(host);
        if (!m.matches()) {
            return PLAIN;
        }
        String prefix = m.group("prefix");
        if (prefix == null) {
            return RDS_INSTANCE;
        }
        switch (prefix.toLowerCase(java.util.Locale.ROOT)) {
            case "cluster-ro-":
                return AURORA_READER_CLUSTER;
            case "cluster-custom-":
                return AURORA_CUSTOM_CLUSTER;
            case "cluster-":
                return AURORA_WRITER_CLUSTER;
            default:
                return RDS_PROXY;
        }
    }

    /** Why failover is inert for this endpoint, for the one INFO line; null when failover applies. */
    String inertReason(String host) {
        switch (this) {
            case RDS_PROXY:
                return "Endpoint " + host + " is an RDS Proxy: failover, failure detection and read/write splitting are"
                        + " disabled (the proxy handles failover itself and hides the cluster topology)";
            case PLAIN:
                return "Endpoint " + host + " is not an Amazon RDS/Aurora host name: failover, failure detection and"
                        + " read/write splitting are disabled; it is used as an ordinary pooled PostgreSQL DataSource";
            default:
                return null;
        }
    }
}
