package io.aurorakit.lab.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.FailoverReport;
import io.aurorakit.lab.LabInstance;
import io.aurorakit.lab.LabTiming;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.Event;
import software.amazon.awssdk.services.rds.model.FailoverDbClusterResponse;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.SourceType;

/** The lab's RDS endpoint driven by the real AWS SDK for Java v2 {@code RdsClient}. */
class LabRdsApiTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.configure(b -> b.readers(2).timing(LabTiming.FAST)
            .promotionTier("instance-3", 2));

    private static RdsClient rds;

    @BeforeAll
    static void client() {
        rds = LabRds.client(LAB.lab());
    }

    @AfterAll
    static void closeClient() {
        rds.close();
    }

    @BeforeEach
    void settled(AuroraLab lab) throws InterruptedException {
        LabRds.awaitSettled(rds, lab);
        lab.awaitHealthy(Duration.ofSeconds(20));
    }

    @Test
    void failoverDbClusterIsAsynchronousAndEndsAvailableWithANewWriter(AuroraLab lab) throws Exception {
        String oldWriter = lab.writerId();

        FailoverDbClusterResponse response = rds.failoverDBCluster(b -> b.dbClusterIdentifier(lab.clusterIdentifier()));

        assertThat(response.dbCluster().status()).isEqualTo("failing-over");
        assertThat(response.dbCluster().dbClusterIdentifier()).isEqualTo(lab.clusterIdentifier());
        DBCluster after = LabRds.awaitCluster(rds, lab,
                c -> "available".equals(c.status()) && !LabRds.writerOf(c).equals(oldWriter), "a new writer");
        assertThat(LabRds.writerOf(after)).isEqualTo(lab.writerId());
        assertThat(after.dbClusterMembers()).hasSize(3).filteredOn(DBClusterMember::isClusterWriter).hasSize(1);
    }

    @Test
    void failoverDbClusterPromotesTheTargetInstance(AuroraLab lab) throws Exception {
        String target = lab.instances().stream().filter(i -> i.role() == LabInstance.Role.READER)
                .map(LabInstance::id).filter(id -> !id.equals("instance-2")).findFirst().orElseThrow();

        FailoverDbClusterResponse response = rds.failoverDBCluster(b -> b.dbClusterIdentifier(lab.clusterIdentifier())
                .targetDBInstanceIdentifier(target));

        assertThat(response.dbCluster().status()).isEqualTo("failing-over");
        DBCluster after = LabRds.awaitCluster(rds, lab,
                c -> "available".equals(c.status()) && LabRds.writerOf(c).equals(target), target + " as writer");
        assertThat(lab.writerId()).isEqualTo(target);
        assertThat(after.dbClusterMembers()).filteredOn(m -> !m.dbInstanceIdentifier().equals(target))
                .allSatisfy(m -> assertThat(m.isClusterWriter()).isFalse());
    }

    @Test
    void aSecondFailoverWhileFailingOverIsAnInvalidDbClusterState(AuroraLab lab) throws Exception {
        rds.failoverDBCluster(b -> b.dbClusterIdentifier(lab.clusterIdentifier()));

        InvalidDbClusterStateException e = catchThrowableOfType(InvalidDbClusterStateException.class,
                () -> rds.failoverDBCluster(b -> b.dbClusterIdentifier(lab.clusterIdentifier())));

        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidDBClusterStateFault");
        assertThat(e.awsErrorDetails().errorMessage()).contains(lab.clusterIdentifier()).contains("failing-over");
        assertThat(e.requestId()).isNotBlank();
        LabRds.awaitSettled(rds, lab);
    }

    @Test
    void describeDbClustersShowsTheClusterAsAuroraDoes(AuroraLab lab) {
        DBCluster cluster = LabRds.describe(rds, lab);

        assertThat(rds.describeDBClusters().dbClusters()).hasSize(1);
        assertThat(cluster.status()).isEqualTo("available");
        assertThat(cluster.engine()).isEqualTo("aurora-postgresql");
        assertThat(cluster.engineVersion()).startsWith("15.");
        assertThat(cluster.endpoint()).isEqualTo(lab.clusterEndpoint());
        assertThat(cluster.readerEndpoint()).isEqualTo(lab.readerEndpoint());
        assertThat(cluster.port()).isEqualTo(lab.port());
        assertThat(cluster.dbClusterArn()).isEqualTo("arn:aws:rds:us-east-1:123456789012:cluster:"
                + lab.clusterIdentifier());
        assertThat(cluster.dbClusterResourceId()).matches("cluster-[A-Z0-9]{26}");
        assertThat(LabRds.writerOf(cluster)).isEqualTo(lab.writerId());
        Map<String, DBClusterMember> members = cluster.dbClusterMembers().stream()
                .collect(Collectors.toMap(DBClusterMember::dbInstanceIdentifier, Function.identity()));
        assertThat(members).containsOnlyKeys("instance-1", "instance-2", "instance-3");
        assertThat(members.get("instance-3").promotionTier()).isEqualTo(2);
        assertThat(members.get("instance-2").promotionTier()).isEqualTo(1);
        assertThat(members.values()).allSatisfy(m ->
                assertThat(m.dbClusterParameterGroupStatus()).isEqualTo("in-sync"));
        // by ARN too, and through a db-cluster-id filter
        assertThat(rds.describeDBClusters(b -> b.dbClusterIdentifier(cluster.dbClusterArn())).dbClusters())
                .hasSize(1);
        assertThat(rds.describeDBClusters(b -> b.filters(f -> f.name("db-cluster-id").values("other")))
                .dbClusters()).isEmpty();
    }

    @Test
    void describeDbInstancesShowsEveryInstanceWithAStableResourceId(AuroraLab lab) {
        List<DBInstance> all = rds.describeDBInstances().dbInstances();

        assertThat(all).extracting(DBInstance::dbInstanceIdentifier)
                .containsExactly("instance-1", "instance-2", "instance-3");
        for (DBInstance i : all) {
            assertThat(i.dbInstanceStatus()).isEqualTo("available");
            assertThat(i.engine()).isEqualTo("aurora-postgresql");
            assertThat(i.dbClusterIdentifier()).isEqualTo(lab.clusterIdentifier());
            assertThat(i.endpoint().address()).isEqualTo(lab.instanceEndpoint(i.dbInstanceIdentifier()));
            assertThat(i.endpoint().port()).isEqualTo(lab.port());
            assertThat(i.dbiResourceId()).matches("db-[A-Z0-9]{26}")
                    .isEqualTo(lab.resourceId(i.dbInstanceIdentifier()));
            assertThat(i.dbInstanceArn()).isEqualTo("arn:aws:rds:us-east-1:123456789012:db:"
                    + i.dbInstanceIdentifier());
            assertThat(i.availabilityZone()).matches("us-east-1[abc]");
        }
        assertThat(all).extracting(DBInstance::dbiResourceId).doesNotHaveDuplicates();
        assertThat(rds.describeDBInstances(b -> b.dbInstanceIdentifier("instance-3")).dbInstances())
                .singleElement().satisfies(i -> {
                    assertThat(i.promotionTier()).isEqualTo(2);
                    assertThat(i.dbiResourceId()).isEqualTo(lab.resourceId("instance-3"));
                });
        assertThat(rds.describeDBInstances(b -> b.filters(f -> f.name("db-cluster-id")
                .values(lab.clusterIdentifier()))).dbInstances()).hasSize(3);
        assertThat(rds.describeDBInstances(b -> b.filters(f -> f.name("db-cluster-id").values("other")))
                .dbInstances()).isEmpty();
        assertThat(rds.describeDBInstances(b -> b.filters(f -> f.name("dbi-resource-id")
                .values(lab.resourceId("instance-2")))).dbInstances())
                .extracting(DBInstance::dbInstanceIdentifier).containsExactly("instance-2");
    }

    @Test
    void rebootDbInstanceRestartsAReaderInPlace(AuroraLab lab) throws Exception {
        String reader = lab.instances().stream().filter(i -> i.role() == LabInstance.Role.READER)
                .map(LabInstance::id).findFirst().orElseThrow();
        String writer = lab.writerId();
        Instant before = Instant.now().minusSeconds(1);

        DBInstance response = rds.rebootDBInstance(b -> b.dbInstanceIdentifier(reader)).dbInstance();

        assertThat(response.dbInstanceIdentifier()).isEqualTo(reader);
        assertThat(response.dbInstanceStatus()).isEqualTo("rebooting");
        LabRds.awaitSettled(rds, lab);
        assertThat(lab.writerId()).isEqualTo(writer);
        List<Event> events = rds.describeEvents(b -> b.sourceType(SourceType.DB_INSTANCE).sourceIdentifier(reader)
                .startTime(before)).events();
        assertThat(events).extracting(Event::message).containsSubsequence("DB instance shutdown.",
                "DB instance restarted.");
        assertThat(events).allSatisfy(e -> assertThat(e.eventCategories()).containsExactly("availability"));
    }

    @Test
    void rebootDbInstanceWithForceFailoverFailsOverTheWriter(AuroraLab lab) throws Exception {
        String oldWriter = lab.writerId();

        rds.rebootDBInstance(b -> b.dbInstanceIdentifier(oldWriter).forceFailover(true));

        LabRds.awaitCluster(rds, lab, c -> "available".equals(c.status())
                && !LabRds.writerOf(c).equals(oldWriter), "a new writer after ForceFailover");
        RdsException e = catchThrowableOfType(RdsException.class, () -> rds.rebootDBInstance(b -> b
                .dbInstanceIdentifier(oldWriter).forceFailover(true)));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterCombination");
        assertThat(e.statusCode()).isEqualTo(400);
    }

    @Test
    void describeEventsShowsAuroraFailoverEventsAlsoForFailoversFromJava(AuroraLab lab) throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS); // the previous test's events are older
        CompletableFuture<FailoverReport> failover = CompletableFuture.supplyAsync(lab::failover);
        // a failover started from Java shows as failing-over too (it takes several 100 ms; polls every 50 ms)
        DBCluster during = LabRds.awaitCluster(rds, lab, c -> "failing-over".equals(c.status()) || failover.isDone(),
                "failing-over");
        assertThat(during.status()).as("DescribeDBClusters while lab.failover() runs").isEqualTo("failing-over");
        FailoverReport report = failover.get();
        String target = report.newWriterId();

        List<Event> cluster = rds.describeEvents(b -> b.sourceType(SourceType.DB_CLUSTER)
                .sourceIdentifier(lab.clusterIdentifier()).startTime(before)).events();

        assertThat(cluster).extracting(Event::message).containsExactly(
                "Started cross AZ failover to DB instance: " + target,
                "Completed failover to DB instance: " + target);
        assertThat(cluster).allSatisfy(e -> {
            assertThat(e.eventCategories()).containsExactly("failover");
            assertThat(e.sourceTypeAsString()).isEqualTo("db-cluster");
            assertThat(e.sourceArn()).isEqualTo("arn:aws:rds:us-east-1:123456789012:cluster:"
                    + lab.clusterIdentifier());
            assertThat(e.date()).isAfterOrEqualTo(before);
        });
        List<Event> oldWriter = rds.describeEvents(b -> b.sourceType(SourceType.DB_INSTANCE)
                .sourceIdentifier(report.oldWriterId()).eventCategories("availability").startTime(before)).events();
        assertThat(oldWriter).extracting(Event::message).containsExactly("DB instance shutdown.",
                "DB instance restarted.");
        assertThat(rds.describeEvents(b -> b.eventCategories("failover").startTime(Instant.now().plusSeconds(5))
                .endTime(Instant.now().plusSeconds(60))).events()).isEmpty();
        assertThat(rds.describeEvents(b -> b.duration(60)).events()).extracting(Event::message)
                .contains("Completed failover to DB instance: " + target);
    }

    @Test
    void describeEventsRecordsACrashedWriter(AuroraLab lab) throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        FailoverReport report = lab.crashWriter();

        List<String> messages = rds.describeEvents(b -> b.startTime(before)).events().stream()
                .map(e -> e.sourceIdentifier() + ": " + e.message()).toList();

        assertThat(messages).containsSubsequence(report.oldWriterId() + ": DB instance shutdown.",
                lab.clusterIdentifier() + ": Started cross AZ failover to DB instance: " + report.newWriterId(),
                lab.clusterIdentifier() + ": Completed failover to DB instance: " + report.newWriterId(),
                report.oldWriterId() + ": DB instance restarted.");
    }

    @Test
    void errorsMapToTheSdksModeledExceptions(AuroraLab lab) {
        DbClusterNotFoundException noCluster = catchThrowableOfType(DbClusterNotFoundException.class,
                () -> rds.describeDBClusters(b -> b.dbClusterIdentifier("nope")));
        assertThat(noCluster.statusCode()).isEqualTo(404);
        assertThat(noCluster.awsErrorDetails().errorMessage()).isEqualTo("DBCluster nope not found.");
        assertThat(catchThrowableOfType(DbClusterNotFoundException.class,
                () -> rds.failoverDBCluster(b -> b.dbClusterIdentifier("nope"))).statusCode()).isEqualTo(404);

        DbInstanceNotFoundException noInstance = catchThrowableOfType(DbInstanceNotFoundException.class,
                () -> rds.describeDBInstances(b -> b.dbInstanceIdentifier("instance-9")));
        assertThat(noInstance.statusCode()).isEqualTo(404);
        assertThat(noInstance.awsErrorDetails().errorMessage()).isEqualTo("DBInstance instance-9 not found.");
        assertThat(catchThrowableOfType(DbInstanceNotFoundException.class,
                () -> rds.rebootDBInstance(b -> b.dbInstanceIdentifier("instance-9"))).statusCode()).isEqualTo(404);

        RdsException toWriter = catchThrowableOfType(RdsException.class, () -> rds.failoverDBCluster(b -> b
                .dbClusterIdentifier(lab.clusterIdentifier()).targetDBInstanceIdentifier(lab.writerId())));
        assertThat(toWriter.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
        assertThat(toWriter.awsErrorDetails().errorMessage()).contains(lab.writerId()).contains("already the writer");
        RdsException unknownTarget = catchThrowableOfType(RdsException.class, () -> rds.failoverDBCluster(b -> b
                .dbClusterIdentifier(lab.clusterIdentifier()).targetDBInstanceIdentifier("instance-9")));
        assertThat(unknownTarget.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");

        RdsException sourceId = catchThrowableOfType(RdsException.class,
                () -> rds.describeEvents(b -> b.sourceIdentifier("instance-1")));
        assertThat(sourceId.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterCombination");
        assertThat(sourceId.statusCode()).isEqualTo(400);
        RdsException filter = catchThrowableOfType(RdsException.class,
                () -> rds.describeDBInstances(b -> b.filters(f -> f.name("color").values("blue"))));
        assertThat(filter.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
        assertThat(filter.awsErrorDetails().errorMessage()).contains("color");
        assertThat(lab.writerId()).as("no error changed anything").isNotNull();
    }

    @Test
    void rawQueryProtocolEnvelopeAndUnknownAction(AuroraLab lab) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> ok = post(http, lab.rdsEndpoint(), "Action=DescribeDBClusters&Version=2014-10-31");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Content-Type")).hasValue("text/xml");
        assertThat(ok.body()).containsSubsequence(
                "<DescribeDBClustersResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><DescribeDBClustersResult>",
                "</DescribeDBClustersResult><ResponseMetadata><RequestId>");

        HttpResponse<String> unknown = post(http, lab.rdsEndpoint(), "Action=DeleteDBCluster&Version=2014-10-31");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("<ErrorResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"
                + "<Error><Type>Sender</Type><Code>InvalidAction</Code>"
                + "<Message>The action DeleteDBCluster is not valid for this web service.</Message></Error><RequestId>");
    }

    private static HttpResponse<String> post(HttpClient http, URI endpoint, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
