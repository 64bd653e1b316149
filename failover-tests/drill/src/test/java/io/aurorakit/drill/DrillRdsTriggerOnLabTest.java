package io.aurorakit.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * {@code ./drill --url ... --trigger rds} end to end against the lab's RDS API: the drill calls FailoverDBCluster with
 * the AWS SDK, follows DescribeDBClusters and DescribeEvents, and puts what the control plane said on the timeline next
 * to what the application saw; bad input ends with one line and no report.
 */
class DrillRdsTriggerOnLabTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.configure(b -> b.readers(2).performanceInsights(true));

    private static final String PASSWORD_VARIABLE = "LAB_PASSWORD";

    @BeforeEach
    void dummyCredentials() {
        // The SDK's standard chain reads these system properties (as it would AWS_ACCESS_KEY_ID/...); the lab accepts
        // any signature. No instance-metadata lookups.
        System.setProperty("aws.accessKeyId", LabSheet.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", LabSheet.SECRET_KEY);
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    @AfterEach
    void clearCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void theDrillTriggersAndFollowsARealFailoverThroughTheRdsApi(AuroraLab lab, @TempDir Path dir) throws Exception {
        String oldWriter = lab.writerId();
        String target = lab.instances().stream().map(i -> i.id()).filter(id -> !id.equals(oldWriter)).findFirst()
                .orElseThrow();
        Path json = dir.resolve("rds.json");
        Run run = drill(lab, "--trigger", "rds", "--cluster-id", lab.clusterIdentifier(), "--target", target,
                "--region", "us-east-1", "--rds-endpoint", lab.rdsEndpoint().toString(), "--warmup", "2s", "--after",
                "3s", "--json", json.toString());

        assertThat(run.code).as("exit code; stdout:%n%s%nstderr:%n%s", run.out, run.err).isEqualTo(DrillCommand.PASS);
        assertThat(lab.writerId()).isEqualTo(target);
        assertThat(run.out).contains("RDS cluster " + lab.clusterIdentifier() + " is available, writer " + oldWriter,
                "writes lost                  0");
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("fault").asText()).isEqualTo(DrillPlan.RDS_FAILOVER);
        List<String> timeline = new ArrayList<>();
        report.get("timeline").forEach(e -> timeline.add(e.get("name").asText()));
        assertThat(timeline).contains("FailoverDBCluster requested (target " + target + ")",
                "RDS: cluster failing-over, writer " + oldWriter, "RDS: cluster available, writer " + target);
        assertThat(timeline).anyMatch(e -> e.startsWith("RDS event: ") && e.contains(target));
        assertThat(timeline).anyMatch(e -> e.startsWith("writer changed: " + oldWriter + " -> " + target));
        // what the writer was waiting on, read from PI of the old and the new writer (their DbiResourceIds)
        assertThat(run.out).contains("What the writer was waiting on (average active sessions; Performance Insights ("
                + lab.resourceId(oldWriter) + ", " + lab.resourceId(target) + "))", "  before the fault: " + oldWriter,
                "  after the fault: " + target);
        assertThat(report.get("writerWaits").get("after").get("instance").asText()).isEqualTo(target);
    }

    @Test
    void badInputEndsWithOneLineAndNoReport(AuroraLab lab) throws InterruptedException {
        Run unknown = drill(lab, "--trigger", "rds", "--cluster-id", "no-such-cluster", "--region", "us-east-1",
                "--rds-endpoint", lab.rdsEndpoint().toString());
        assertThat(unknown.code).isEqualTo(DrillCommand.USAGE);
        assertThat(unknown.err.trim()).isEqualTo("drill: --cluster-id no-such-cluster: no such DB cluster in us-east-1"
                + " (DBClusterNotFoundFault)");
        assertThat(unknown.out).doesNotContain("writes lost");

        Run badTarget = drill(lab, "--trigger", "rds", "--cluster-id", lab.clusterIdentifier(), "--target",
                "instance-9", "--region", "us-east-1", "--rds-endpoint", lab.rdsEndpoint().toString());
        assertThat(badTarget.code).isEqualTo(DrillCommand.USAGE);
        assertThat(badTarget.err).startsWith("drill: --target instance-9: not an instance of cluster");

        try (RdsClient rds = RdsClient.builder().endpointOverride(lab.rdsEndpoint()).region(Region.US_EAST_1)
                .build()) {
            rds.failoverDBCluster(b -> b.dbClusterIdentifier(lab.clusterIdentifier()));
            Run busy = drill(lab, "--trigger", "rds", "--cluster-id", lab.clusterIdentifier(), "--region",
                    "us-east-1", "--rds-endpoint", lab.rdsEndpoint().toString());
            assertThat(busy.code).as(busy.err).isEqualTo(DrillCommand.FAIL);
            assertThat(busy.err.trim()).isEqualTo("drill: --cluster-id " + lab.clusterIdentifier() + ": the cluster is"
                    + " 'failing-over', not 'available'; a failover cannot start now");
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (!"available".equals(rds.describeDBClusters(b -> b.dbClusterIdentifier(lab.clusterIdentifier()))
                    .dbClusters().get(0).status()) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }

        clearCredentials();
        System.setProperty("aws.profile", "aurora-kit-no-such-profile");
        try {
            Run noCredentials = drill(lab, "--trigger", "rds", "--cluster-id", lab.clusterIdentifier(), "--region",
                    "us-east-1", "--rds-endpoint", lab.rdsEndpoint().toString());
            assertThat(noCredentials.code).isEqualTo(DrillCommand.USAGE);
            assertThat(noCredentials.err).startsWith("drill: --trigger rds: no AWS credentials found");
            assertThat(noCredentials.err.lines()).hasSize(1);
        } finally {
            System.clearProperty("aws.profile");
        }

        Run noClusterId = drill(lab, "--trigger", "rds");
        assertThat(noClusterId.code).isEqualTo(DrillCommand.USAGE);
        assertThat(noClusterId.err).contains("--cluster-id is required with --trigger rds");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run drill(AuroraLab lab, String... extra) {
        List<String> args = new ArrayList<>(List.of("--url", lab.jdbcUrl(), "--user", lab.user(), "--password-env",
                PASSWORD_VARIABLE, "--rate", "20"));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of(PASSWORD_VARIABLE, lab.password(), "AWS_ENDPOINT_URL_PI",
                lab.performanceInsightsEndpoint().toString());
        int code = DrillCommand.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env::get, args.toArray(String[]::new));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
