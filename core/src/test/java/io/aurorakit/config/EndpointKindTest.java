package io.aurorakit.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointKindTest {

    @ParameterizedTest
    @CsvSource({
        "mycluster.cluster-xyz.us-east-1.rds.amazonaws.com, AURORA_WRITER_CLUSTER",
        "mycluster.cluster-ro-xyz.us-east-1.rds.amazonaws.com, AURORA_READER_CLUSTER",
        "mycluster.cluster-custom-xyz.us-east-1.rds.amazonaws.com, AURORA_CUSTOM_CLUSTER",
        "MyCluster.Cluster-XYZ.eu-west-2.rds.amazonaws.com, AURORA_WRITER_CLUSTER",
        "instance-1.xyz.us-east-1.rds.amazonaws.com, RDS_INSTANCE",
        "myproxy.proxy-xyz.us-east-1.rds.amazonaws.com, RDS_PROXY",
        "my-custom.cluster-custom-xyz.us-east-1.rds.amazonaws.com., AURORA_CUSTOM_CLUSTER",
        "a.b.cluster-xyz.us-east-1.rds-fips.amazonaws.com, AURORA_WRITER_CLUSTER",
        "mycluster.cluster-xyz.ap-southeast-2.rds.amazonaws.au, AURORA_WRITER_CLUSTER",
        "mycluster.cluster-xyz.rds.cn-north-1.amazonaws.com.cn, AURORA_WRITER_CLUSTER",
        "mycluster.cluster-ro-xyz.rds.cn-northwest-1.amazonaws.com.cn, AURORA_READER_CLUSTER",
        "mycluster.cluster-xyz.cn-north-1.rds.amazonaws.com.cn, AURORA_WRITER_CLUSTER",
        "instance-1.xyz.rds.cn-north-1.amazonaws.com.cn, RDS_INSTANCE",
        "mycluster.cluster-xyz.us-gov-west-1.rds.amazonaws.com, AURORA_WRITER_CLUSTER",
        "mycluster.cluster-xyz.rds.us-gov-east-1.amazonaws.com, AURORA_WRITER_CLUSTER",
        "mycluster.cluster-xyz.rds.us-iso-east-1.c2s.ic.gov, AURORA_WRITER_CLUSTER",
        "mycluster.cluster-ro-xyz.rds.us-isob-east-1.sc2s.sgov.gov, AURORA_READER_CLUSTER",
        "instance-1.xyz.rds.us-iso-east-1.c2s.ic.gov, RDS_INSTANCE",
        "mydb.global-xyz.global.rds.amazonaws.com, AURORA_GLOBAL_WRITER",
        "myproxy-ro.endpoint.proxy-xyz.us-east-1.rds.amazonaws.com, RDS_PROXY_ENDPOINT",
        "myproxy-ro.endpoint.proxy-xyz.rds.cn-north-1.amazonaws.com.cn, RDS_PROXY_ENDPOINT",
        "myproxy.proxy-xyz.rds.cn-north-1.amazonaws.com.cn, RDS_PROXY",
        "lim.shardgrp-xyz.us-east-1.rds.amazonaws.com, AURORA_LIMITLESS_SHARD_GROUP",
        "mydb.xyz.us-east-1.rds.amazonaws.com, RDS_INSTANCE",
        "fe80::1, PLAIN",
        "db.internal.example.com, PLAIN",
        "mycluster.cluster-xyz.us-east-1.rds.amazonaws.com.example.com, PLAIN",
        "localhost, PLAIN",
        "127.0.0.1, PLAIN",
        "::1, PLAIN",
        "db.example.com, PLAIN",
        "mycluster.cluster-xyz.us-east-1.rds.amazonaws.com.evil.example, PLAIN"
    })
    void classifiesByNameOnly(String host, EndpointKind expected) {
        assertThat(EndpointKind.classify(host)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"PLAIN, not an Amazon RDS/Aurora host name", "RDS_PROXY, is an RDS Proxy",
        "RDS_PROXY_ENDPOINT, is an RDS Proxy", "AURORA_LIMITLESS_SHARD_GROUP, Limitless"})
    void inertKindsSayWhy(EndpointKind kind, String reason) {
        assertThat(kind.failoverCapable()).isFalse();
        assertThat(kind.failoverDisabledReason("h")).contains(reason).contains("failover");
    }
}
