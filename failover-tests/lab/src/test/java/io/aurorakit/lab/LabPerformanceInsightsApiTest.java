package io.aurorakit.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aurorakit.insights.DbLoadSampler;
import io.aurorakit.insights.DimensionGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * The lab's Performance Insights API over HTTP (the JDK's client, signed like an SDK request with dummy keys; the AWS
 * SDK for Java has no PI module on Maven Central), on one lab with a reader: real load on the writer - a slow
 * {@code pg_sleep} and an UPDATE waiting for a row lock - sampled by the writer's sampler and answered by wait event,
 * by statement and over time; PI's errors; and samplers that outlive a crash, a restart and a failover. The lab is
 * closed in {@link #closeTheLabAndCheckNothingLeaks()}, which checks the samplers' threads are gone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabPerformanceInsightsApiTest {

    private static final String TARGET = "PerformanceInsightsv20180227.";
    private static final Duration SAMPLED = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SAMPLER_THREADS = "aurora-lab-pi-";

    private static AuroraLab lab;
    private static HttpClient http;
    private static Instant labStart;

    @BeforeAll
    static void startALabWithPerformanceInsights() {
        labStart = Instant.now();
        lab = AuroraLab.builder().readers(1).timing(LabTiming.FAST).performanceInsights(true).start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void closeTheLabAndCheckNothingLeaks() throws Exception {
        if (lab == null) {
            return;
        }
        assertThat(samplerThreads()).as("one sampler thread per instance").hasSize(2);
        lab.close();
        assertThat(Await.until(Duration.ofSeconds(10), () -> samplerThreads().isEmpty()))
                .as("sampler threads after close: %s", samplerThreads()).isTrue();
    }

    @Test
    @Order(1)
    void describeDbInstancesReportsPerformanceInsightsAndTheIdentifiersPiTakes() {
        assertThat(lab.performanceInsightsEnabled()).isTrue();
        assertThat(lab.performanceInsightsEndpoint()).isEqualTo(lab.rdsEndpoint());
        try (RdsClient rds = RdsClient.builder().endpointOverride(lab.rdsEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("lab", "lab")))
                .build()) {
            List<DBInstance> instances = rds.describeDBInstances().dbInstances();
            assertThat(instances).hasSize(2).allSatisfy(i -> {
                assertThat(i.performanceInsightsEnabled()).isTrue();
                assertThat(i.dbiResourceId()).isEqualTo(lab.resourceId(i.dbInstanceIdentifier()));
            });
        }
    }

    @Test
    @Order(2)
    void aSlowQueryAndALockWaitOnTheWriterShowUpByWaitEventByStatementAndOverTime() throws Exception {
        String writer = lab.writerId();
        String resource = lab.resourceId(writer);
        try (Connection setup = lab.connectDirect(writer); Statement s = setup.createStatement()) {
            s.execute("CREATE TABLE pi_probe (id int PRIMARY KEY, n int NOT NULL)");
            s.execute("INSERT INTO pi_probe VALUES (1, 0)");
        }
        Instant from = Instant.now().minusSeconds(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Connection holder = lab.connectDirect(writer); Connection waiter = lab.connectDirect(writer);
             Connection sleeper = lab.connectDirect(writer); Statement hold = holder.createStatement();
             Statement wait = waiter.createStatement(); Statement sleep = sleeper.createStatement()) {
            // pg_stat_statements (PostgreSQL 15) records a statement's normalized text when it first completes: run
            // the slow query once quickly, as a recurring statement would have been (the UPDATE runs just below)
            sleep.execute("SELECT pg_sleep(0)");
            holder.setAutoCommit(false);
            hold.executeUpdate("UPDATE pi_probe SET n = n + 1 WHERE id = 1"); // the row lock, held until rollback
            Future<Integer> blocked = pool.submit(() -> wait.executeUpdate(
                    "UPDATE pi_probe SET n = n + 10 WHERE id = 1"));
            Future<Boolean> sleeping = pool.submit(() -> sleep.execute("SELECT pg_sleep(60)"));
            try {
                JsonNode waits = await("db.wait_event", resource, from,
                        keys -> names(keys, "db.wait_event.name").containsAll(List.of("Lock:transactionid",
                                "Timeout:PgSleep")));
                assertThat(names(waits, "db.wait_event.name")).contains("Lock:transactionid", "Timeout:PgSleep");
                JsonNode lock = key(waits, "db.wait_event.name", "Lock:transactionid");
                assertThat(lock.path("Dimensions").path("db.wait_event.type").asText()).isEqualTo("Lock");
                assertThat(lock.path("Total").asDouble()).isPositive();
                assertThat(key(waits, "db.wait_event.name", "Timeout:PgSleep").path("Dimensions")
                        .path("db.wait_event.type").asText()).isEqualTo("Timeout");

                // pg_stat_statements' texts: literals replaced by $n
                JsonNode statements = await("db.sql_tokenized", resource, from, keys -> {
                    List<String> texts = names(keys, "db.sql_tokenized.statement");
                    return texts.stream().anyMatch(t -> t.contains("pg_sleep"))
                            && texts.stream().anyMatch(t -> t.startsWith("UPDATE pi_probe"));
                });
                List<String> texts = names(statements, "db.sql_tokenized.statement");
                assertThat(texts).as("statements").contains("SELECT pg_sleep($1)",
                        "UPDATE pi_probe SET n = n + $1 WHERE id = $2");
                assertThat(key(statements, "db.sql_tokenized.statement", "SELECT pg_sleep($1)").path("Dimensions")
                        .path("db.sql_tokenized.id").asText()).matches("-?\\d+");

                // GetResourceMetrics: the total (no Dimensions), then one series per wait event
                Instant to = Instant.now().plusSeconds(1);
                ObjectNode request = request(resource, from, to);
                request.put("PeriodInSeconds", 1);
                request.putArray("MetricQueries").addObject().put("Metric", "db.load.avg").putObject("GroupBy")
                        .put("Group", "db.wait_event");
                JsonNode metrics = ok(call("GetResourceMetrics", request));
                assertThat(metrics.path("Identifier").asText()).isEqualTo(resource);
                assertThat(metrics.path("AlignedStartTime").asLong()).isEqualTo(from.getEpochSecond());
                JsonNode total = metrics.path("MetricList").get(0);
                assertThat(total.path("Key").path("Metric").asText()).isEqualTo("db.load.avg");
                assertThat(total.path("Key").has("Dimensions")).isFalse();
                assertThat(total.path("DataPoints").get(0).path("Timestamp").asLong()).as("END_TIME alignment")
                        .isEqualTo(from.getEpochSecond() + 1);
                assertThat(values(total)).as("sessions active at once: the sleeper and the waiter")
                        .anyMatch(v -> v >= 2.0);
                JsonNode lockSeries = series(metrics, "Lock:transactionid");
                assertThat(lockSeries.path("Key").path("Dimensions").path("db.wait_event.type").asText())
                        .isEqualTo("Lock");
                assertThat(values(lockSeries)).contains(1.0);
                assertThat(series(metrics, "Timeout:PgSleep")).isNotNull();

                // the Java view of the same sampler agrees
                assertThat(lab.dbLoad(writer).topKeys(DimensionGroup.WAIT_EVENT, from, to, 25).keys())
                        .anyMatch(k -> k.get("db.wait_event.name").equals("Lock:transactionid"));
            } finally {
                sleep.cancel(); // the sleeper ends with 57014
                holder.rollback(); // the waiting UPDATE goes through
                for (Future<?> load : List.of(blocked, sleeping)) {
                    try {
                        load.get(30, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException expected) {
                        // the cancelled sleep
                    }
                }
            }
            assertThat(blocked.get()).as("the waiting UPDATE after the rollback").isEqualTo(1);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    @Order(3)
    void aWindowWithoutSamplesHasNoKeysAndDataPointsWithoutValue() throws Exception {
        String resource = lab.resourceId(lab.writerId());
        Instant from = Instant.ofEpochSecond(labStart.getEpochSecond() / 60 * 60 - 600);
        Instant to = from.plusSeconds(300);

        ObjectNode describe = request(resource, from, to);
        describe.put("Metric", "db.load.avg");
        describe.putObject("GroupBy").put("Group", "db.sql_tokenized");
        JsonNode keys = ok(call("DescribeDimensionKeys", describe));
        assertThat(keys.path("Keys").isArray()).isTrue();
        assertThat(keys.path("Keys")).isEmpty();

        ObjectNode metrics = request(resource, from, to);
        metrics.put("PeriodInSeconds", 60);
        metrics.putArray("MetricQueries").addObject().put("Metric", "db.sampledload.avg");
        JsonNode answer = ok(call("GetResourceMetrics", metrics));
        JsonNode points = answer.path("MetricList").get(0).path("DataPoints");
        assertThat(points).hasSize(5);
        points.forEach(p -> {
            assertThat(p.has("Timestamp")).isTrue();
            assertThat(p.has("Value")).as("a period without samples: %s", p).isFalse();
        });
    }

    @Test
    @Order(4)
    void badRequestsGetPisErrors() throws Exception {
        String resource = lab.resourceId(lab.writerId());
        Instant to = Instant.now();
        Instant from = to.minusSeconds(60);

        ObjectNode unknown = describe("db-NOSUCHINSTANCE0000000000", from, to, "db.load.avg", "db.wait_event");
        assertError(call("DescribeDimensionKeys", unknown), "NotAuthorizedException",
                "The resource db-NOSUCHINSTANCE0000000000 for service type RDS is not authorized for this account");
        assertError(call("DescribeDimensionKeys", describe(resource, from, to, "db.cpu.avg", "db.wait_event")),
                "InvalidArgumentException", "The specified metric is not a known metric");
        assertError(call("DescribeDimensionKeys", describe(resource, from, to, "db.load.avg", "db.plans")),
                "InvalidArgumentException", "This group is not a known group: db.plans is not valid for current "
                        + "resource");
        ObjectNode badPeriod = describe(resource, from, to, "db.load.avg", "db.wait_event");
        badPeriod.put("PeriodInSeconds", 5);
        assertError(call("DescribeDimensionKeys", badPeriod), "InvalidArgumentException",
                "The specified PeriodInSeconds 5 is not valid");
        assertError(call("DescribeDimensionKeys", describe(resource, to, from, "db.load.avg", "db.wait_event")),
                "InvalidArgumentException", "must be before its end");
        ObjectNode metrics = request(resource, from, to);
        metrics.putArray("MetricQueries").addObject().put("Metric", "db.load.max");
        assertError(call("GetResourceMetrics", metrics), "InvalidArgumentException", "db.load.avg and "
                + "db.sampledload.avg only, not db.load.max");
        assertError(call("DescribeDBLogFiles", JSON.createObjectNode()), "UnknownOperationException",
                "not DescribeDBLogFiles");

        // the reader is served too: what ListAvailableResourceDimensions lists for it
        ObjectNode list = JSON.createObjectNode().put("ServiceType", "RDS")
                .put("Identifier", lab.resourceId("instance-2"));
        list.putArray("Metrics").add("db.load");
        JsonNode groups = ok(call("ListAvailableResourceDimensions", list)).path("MetricDimensions").get(0)
                .path("Groups");
        List<String> names = new ArrayList<>();
        groups.forEach(g -> names.add(g.path("Group").asText()));
        assertThat(names).contains("db.wait_event", "db.sql_tokenized", "db.user", "db.host", "db.application");
    }

    @Test
    @Order(5)
    void theSamplersOutliveACrashARestartAndAFailoverEachOnOneConnection() throws Exception {
        String reader = "instance-2";
        DbLoadSampler readerSampler = lab.sampler(reader);
        lab.crash(reader);
        lab.restart(reader);
        Instant restarted = Instant.now();
        assertThat(Await.until(SAMPLED, () -> readerSampler.latestSample().orElseThrow().isAfter(restarted)))
                .as("a sample after the restart; latest %s", readerSampler.latestSample()).isTrue();

        String oldWriter = lab.writerId();
        FailoverReport failover = lab.failover();
        Instant failedOver = Instant.now();
        assertThat(failover.newWriterId()).isEqualTo(reader);
        for (String id : List.of(oldWriter, reader)) {
            DbLoadSampler sampler = lab.sampler(id);
            assertThat(Await.until(SAMPLED, () -> sampler.latestSample().orElseThrow().isAfter(failedOver)))
                    .as("%s sampled after the failover; latest %s", id, sampler.latestSample()).isTrue();
            assertThat(LabQueries.backends(lab, id, "aurora-kit-dbload-sampler"))
                    .as("sampler connections on %s", id).isEqualTo(1);
        }
    }

    @Test
    @Order(6)
    void theLabsOwnSessionsAreNotLoad() throws Exception {
        String writer = lab.writerId();
        Instant from = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Connection> connections = new ArrayList<>();
        try {
            for (String application : List.of(LabSessions.CONTROL, "orders-service")) {
                Connection c = lab.connectDirect(writer);
                connections.add(c);
                try (Statement s = c.createStatement()) {
                    s.execute("SET application_name = '" + application + "'");
                }
                pool.submit(() -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("SELECT pg_sleep(5)");
                    }
                    return null;
                });
            }
            JsonNode byApplication = await("db.application", lab.resourceId(writer), from, answer ->
                    applications(answer).contains("orders-service"));
            assertThat(applications(byApplication)).as("the lab's control plane is machinery, not load")
                    .doesNotContain(LabSessions.CONTROL, LabSessions.HEARTBEAT);
        } finally {
            for (Connection c : connections) {
                c.close();
            }
            pool.shutdownNow();
        }
    }

    private static List<String> applications(JsonNode answer) {
        List<String> names = new ArrayList<>();
        answer.get("Keys").forEach(k -> names.add(k.get("Dimensions").path("db.application.name").asText()));
        return names;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Polls DescribeDimensionKeys of {@code group} over {@code [from, now + 1 s)} until {@code done} holds. */
    private static JsonNode await(String group, String resource, Instant from, Predicate<JsonNode> done)
            throws Exception {
        return Await.value(SAMPLED, () -> {
            ObjectNode request = describe(resource, from, Instant.now().plusSeconds(1), "db.load.avg", group);
            ((ObjectNode) request.get("GroupBy")).put("Limit", 25);
            return ok(call("DescribeDimensionKeys", request));
        }, done);
    }

    private static ObjectNode describe(String resource, Instant from, Instant to, String metric, String group) {
        ObjectNode request = request(resource, from, to);
        request.put("Metric", metric);
        request.putObject("GroupBy").put("Group", group);
        return request;
    }

    /** StartTime as integer epoch seconds (as botocore sends it), EndTime with milliseconds (as the Java SDK does). */
    private static ObjectNode request(String resource, Instant from, Instant to) {
        return JSON.createObjectNode().put("ServiceType", "RDS").put("Identifier", resource)
                .put("StartTime", from.getEpochSecond())
                .put("EndTime", BigDecimal.valueOf(to.toEpochMilli()).movePointLeft(3));
    }

    private static HttpResponse<String> call(String operation, JsonNode body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(lab.performanceInsightsEndpoint() + "/"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", TARGET + operation)
                .header("X-Amz-Date", "20260101T000000Z")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDLAB/20260101/us-east-1/pi/aws4_request, "
                        + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0".repeat(64))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
        return JSON.readTree(response.body());
    }

    private static void assertError(HttpResponse<String> response, String type, String messagePart) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.path("__type").asText()).isEqualTo(type);
        assertThat(error.path("Message").asText()).contains(messagePart);
    }

    private static List<String> names(JsonNode answer, String dimension) {
        List<String> names = new ArrayList<>();
        answer.path("Keys").forEach(k -> names.add(k.path("Dimensions").path(dimension).asText()));
        return names;
    }

    private static JsonNode key(JsonNode answer, String dimension, String value) {
        for (JsonNode k : answer.path("Keys")) {
            if (value.equals(k.path("Dimensions").path(dimension).asText())) {
                return k;
            }
        }
        throw new AssertionError("no key " + dimension + "=" + value + " in " + answer);
    }

    private static JsonNode series(JsonNode metrics, String waitEvent) {
        for (JsonNode s : metrics.path("MetricList")) {
            if (waitEvent.equals(s.path("Key").path("Dimensions").path("db.wait_event.name").asText())) {
                return s;
            }
        }
        throw new AssertionError("no series for " + waitEvent + " in " + metrics);
    }

    private static List<Double> values(JsonNode series) {
        List<Double> values = new ArrayList<>();
        series.path("DataPoints").forEach(p -> {
            if (p.has("Value")) {
                values.add(p.path("Value").asDouble());
            }
        });
        return values;
    }

    private static List<String> samplerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(SAMPLER_THREADS)).toList();
    }
}
