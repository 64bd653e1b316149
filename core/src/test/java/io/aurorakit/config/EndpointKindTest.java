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
    @CsvSource({"PLAIN, not an Amazon RDS/Aurora host name", "RDS_PROXY, is an RDS Proxy"})
    void inertKindsSayWhy(EndpointKind kind, String reason) {
        assertThat(kind.failoverCapable()).isFalse();
        assertThat(kind.inertReason("h")).contains(reason).contains("failover");
    }
}
