package io.aurorakit.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an endpoint host name is, judged from its name only (no DNS lookup), with the same name forms as the AWS
 * wrapper's {@code RdsUtils} (4.3.0): commercial regions ({@code name.cluster-xyz.us-east-1.rds.amazonaws.com}, also
 * {@code .au}, {@code .eu}, {@code .uk}, {@code rds-fips}), China ({@code name.cluster-xyz.rds.cn-north-1.amazonaws.com.cn}
 * and the older {@code name.cluster-xyz.cn-north-1.rds.amazonaws.com.cn}), GovCloud and ISO
 * ({@code name.cluster-xyz.rds.us-gov-west-1.amazonaws.com}, {@code ...rds.us-iso-east-1.c2s.ic.gov},
 * {@code ...rds.us-isob-east-1.sc2s.sgov.gov}), Aurora Global Database writer endpoints
 * ({@code name.global-xyz.global.rds.amazonaws.com}) and RDS Proxy custom endpoints
 * ({@code name.endpoint.proxy-xyz.us-east-1.rds.amazonaws.com}).
 *
 * <p>The kind decides failover, not the wrapper's dialect: with failover on, aurora-kit leaves {@code wrapperDialect}
 * to the wrapper's own detection ({@code DialectManager}), which starts from the same name forms (a cluster name as
 * {@code aurora-pg}, a global writer as {@code global-aurora-pg}, an instance as {@code rds-pg}, anything else as
 * {@code pg}) and, after the first connection, moves to the dialect whose {@code isDialect} queries the server answers
 * (Aurora: {@code aurora_stat_utils} in {@code rds.extensions} and {@code aurora_replica_status()}; a Multi-AZ DB
 * cluster behind a {@code cluster-} name: {@code rds-multi-az-pg-cluster}).
 */
enum EndpointKind {
    /** {@code name.cluster-xyz.region.rds.amazonaws.com}: the writer endpoint of an Aurora (or Multi-AZ DB) cluster. */
    AURORA_WRITER_CLUSTER(true),
    /** {@code name.cluster-ro-xyz.region.rds.amazonaws.com}: the reader endpoint of a cluster. */
    AURORA_READER_CLUSTER(true),
    /** {@code name.cluster-custom-xyz.region.rds.amazonaws.com}: an Aurora custom endpoint (Aurora only). */
    AURORA_CUSTOM_CLUSTER(true),
    /** {@code name.global-xyz.global.rds.amazonaws.com}: the writer endpoint of an Aurora Global Database. */
    AURORA_GLOBAL_WRITER(true),
    /** {@code name.shardgrp-xyz.region.rds.amazonaws.com}: an Aurora Limitless shard group (not supported). */
    AURORA_LIMITLESS_SHARD_GROUP(false),
    /**
     * {@code instance-1.xyz.region.rds.amazonaws.com}: one instance, of Aurora or of RDS for PostgreSQL: the wrapper
     * detects which.
     */
    RDS_INSTANCE(true),
    /** {@code name.proxy-xyz.region.rds.amazonaws.com}: RDS Proxy, which hides the topology. */
    RDS_PROXY(false),
    /** {@code name.endpoint.proxy-xyz.region.rds.amazonaws.com}: a custom endpoint of an RDS Proxy. */
    RDS_PROXY_ENDPOINT(false),
    /** Anything else: localhost, an IP address, a plain PostgreSQL host or a CNAME. */
    PLAIN(false);

    private static final String DNS = "(?<dns>proxy-|cluster-ro-|cluster-custom-|cluster-|shardgrp-)?";
    /** Commercial regions: {@code <id>.<region>.rds.amazonaws.com}, also {@code .com.cn} (older China form). */
    private static final Pattern COMMERCIAL = Pattern.compile("^(?<instance>.+)\\." + DNS
            + "[a-z0-9]+\\.[a-z0-9-]+\\.(rds|rds-fips)\\.amazonaws\\.(com|au|eu|uk|com\\.cn)\\.?$",
            Pattern.CASE_INSENSITIVE);
    /** China, GovCloud and ISO regions: {@code <id>.rds.<region>.amazonaws.com[.cn]}, {@code c2s.ic.gov}, ... */
    private static final Pattern REGION_AFTER_RDS = Pattern.compile("^(?<instance>.+)\\." + DNS
            + "[a-z0-9]+\\.(rds|rds-fips)\\.[a-z0-9-]+\\.(amazonaws\\.com|amazonaws\\.com\\.cn|c2s\\.ic\\.gov"
            + "|sc2s\\.sgov\\.gov)\\.?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern GLOBAL_WRITER = Pattern.compile(
            "^.+\\.global-[a-z0-9]+\\.global\\.rds\\.amazonaws\\.com\\.?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern PROXY_ENDPOINT = Pattern.compile(
            "^.+\\.endpoint\\.proxy-[a-z0-9]+\\.([a-z0-9-]+\\.rds\\.amazonaws\\.com(\\.cn)?"
                    + "|rds\\.[a-z0-9-]+\\.amazonaws\\.com\\.cn)\\.?$", Pattern.CASE_INSENSITIVE);

    /** The {@code .cluster-} label of a writer endpoint (not {@code cluster-ro-} or {@code cluster-custom-}). */
    private static final Pattern CLUSTER_LABEL = Pattern.compile("\\.cluster-(?!ro-|custom-)",
            Pattern.CASE_INSENSITIVE);

    private final boolean failoverCapable;

    EndpointKind(boolean failoverCapable) {
        this.failoverCapable = failoverCapable;
    }

    /** Whether failover, failure detection and read/write splitting apply by default ({@code failover=auto}). */
    boolean failoverCapable() {
        return failoverCapable;
    }

    /** Whether the name is an RDS Proxy endpoint (default or custom). */
    boolean isProxy() {
        return this == RDS_PROXY || this == RDS_PROXY_ENDPOINT;
    }

    /**
     * The reader endpoint of the cluster whose writer endpoint is {@code clusterHost}
     * ({@code name.cluster-xyz...} -> {@code name.cluster-ro-xyz...}); only for {@link #AURORA_WRITER_CLUSTER} names.
     */
    static String readerEndpointOf(String clusterHost) {
        if (classify(clusterHost) != AURORA_WRITER_CLUSTER) {
            throw new IllegalArgumentException(clusterHost + " is not an Aurora cluster endpoint");
        }
        String reader = CLUSTER_LABEL.matcher(clusterHost).replaceFirst(".cluster-ro-");
        if (classify(reader) != AURORA_READER_CLUSTER) {
            throw new IllegalStateException("the reader endpoint named after " + clusterHost + " is not one: " + reader);
        }
        return reader;
    }

    static EndpointKind classify(String host) {
        if (host == null || host.isEmpty()) {
            return PLAIN;
        }
        if (PROXY_ENDPOINT.matcher(host).matches()) {
            return RDS_PROXY_ENDPOINT;
        }
        if (GLOBAL_WRITER.matcher(host).matches()) {
            return AURORA_GLOBAL_WRITER;
        }
        Matcher m = COMMERCIAL.matcher(host);
        if (!m.matches()) {
            m = REGION_AFTER_RDS.matcher(host);
            if (!m.matches()) {
                return PLAIN;
            }
        }
        String dns = m.group("dns");
        if (dns == null) {
            return RDS_INSTANCE;
        }
        switch (dns.toLowerCase(Locale.ROOT)) {
            case "cluster-ro-":
                return AURORA_READER_CLUSTER;
            case "cluster-custom-":
                return AURORA_CUSTOM_CLUSTER;
            case "cluster-":
                return AURORA_WRITER_CLUSTER;
            case "shardgrp-":
                return AURORA_LIMITLESS_SHARD_GROUP;
            default:
                return RDS_PROXY;
        }
    }

    /** Why failover is inert for this endpoint with {@code failover=auto}, for the one INFO line; null when it applies. */
    String failoverDisabledReason(String host) {
        switch (this) {
            case RDS_PROXY:
            case RDS_PROXY_ENDPOINT:
                return "Endpoint " + host + " is an RDS Proxy: failover, failure detection and read/write splitting are"
                        + " disabled (the proxy handles failover itself and hides the cluster topology)";
            case AURORA_LIMITLESS_SHARD_GROUP:
                return "Endpoint " + host + " is an Aurora Limitless shard group: failover, failure detection and"
                        + " read/write splitting are disabled (aurora-kit does not configure the wrapper's limitless"
                        + " plugin)";
            case PLAIN:
                return "Endpoint " + host + " is not an Amazon RDS/Aurora host name: failover, failure detection and"
                        + " read/write splitting are disabled; it is used as an ordinary pooled PostgreSQL DataSource"
                        + " (for a CNAME of an Aurora cluster set clusterInstanceHostPattern, or failover=on)";
            default:
                return null;
        }
    }
}
