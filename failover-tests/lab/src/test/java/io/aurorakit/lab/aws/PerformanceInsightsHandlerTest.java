package io.aurorakit.lab.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aurorakit.insights.DbLoad;
import io.aurorakit.insights.DbLoadKey;
import io.aurorakit.insights.DbLoadSource;
import io.aurorakit.insights.DimensionGroup;
import io.aurorakit.insights.LoadSeries;
import io.aurorakit.insights.ResourceMetrics;
import org.junit.jupiter.api.Test;

/**
 * The lab's Performance Insights protocol without a lab: request parsing (timestamps as integers, decimals, exponent
 * form), the response shapes, PI's errors and the answers of a lab whose Performance Insights is off. The lab test
 * ({@code LabPerformanceInsightsApiTest}) covers real load over HTTP.
 */
class PerformanceInsightsHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "db-ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String TARGET = PerformanceInsightsHandler.TARGET_PREFIX;

    private final FakeSource source = new FakeSource();
    private final PerformanceInsightsHandler handler = new PerformanceInsightsHandler(
            id -> ID.equals(id) ? Optional.of(source) : Optional.empty());

    @Test
    void aLabWithoutPerformanceInsightsRefusesEveryResourceAsPiRefusesAnInstanceWithoutIt() throws Exception {
        PerformanceInsightsHandler off = new PerformanceInsightsHandler(null);
        for (String operation : List.of("DescribeDimensionKeys", "GetResourceMetrics",
                "ListAvailableResourceDimensions")) {
            Reply reply = call(off, operation, "{\"ServiceType\":\"RDS\",\"Identifier\":\"" + ID + "\","
                    + "\"StartTime\":1700000000,\"EndTime\":1700000600,\"Metric\":\"db.load.avg\","
                    + "\"GroupBy\":{\"Group\":\"db.wait_event\"},\"MetricQueries\":[{\"Metric\":\"db.load.avg\"}],"
                    + "\"Metrics\":[\"db.load\"]}");
            assertThat(reply.status).as(operation).isEqualTo(400);
            assertThat(reply.json.path("__type").asText()).isEqualTo("NotAuthorizedException");
            assertThat(reply.json.path("Message").asText())
                    .isEqualTo("The resource " + ID + " for service type RDS is not authorized for this account");
        }
    }

    @Test
    void timestampsAreReadAsIntegersDecimalsExponentsOrNumericStrings() throws Exception {
        for (String start : List.of("1700000000", "1700000000.000", "1.7E9", "1.700000000E+9", "\"1700000000\"")) {
            source.calls.clear();
            Reply reply = call(handler, "DescribeDimensionKeys", "{\"ServiceType\":\"RDS\",\"Identifier\":\"" + ID
                    + "\",\"StartTime\":" + start + ",\"EndTime\":1700000600.25,\"Metric\":\"db.load.avg\","
                    + "\"GroupBy\":{\"Group\":\"db.wait_event\"}}");
            assertThat(reply.status).as(start).isEqualTo(200);
            assertThat(source.calls).containsExactly(List.of(DimensionGroup.WAIT_EVENT,
                    Instant.ofEpochSecond(1_700_000_000L), Instant.ofEpochSecond(1_700_000_600L, 250_000_000), 10));
        }
        assertThat(call(handler, "DescribeDimensionKeys", describeBody("db.load.avg", "db.wait_event")
                .replace("\"StartTime\":1700000000", "\"StartTime\":\"yesterday\"")).json.path("Message").asText())
                .isEqualTo("StartTime must be a timestamp in epoch seconds, not \"yesterday\".");
    }

    @Test
    void describeDimensionKeysListsKeysWithTheirTotalsAndAlignedTimesAsEpochSeconds() throws Exception {
        Reply reply = call(handler, "DescribeDimensionKeys", describeBody("db.load.avg", "db.wait_event"));

        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.json.path("AlignedStartTime").asLong()).isEqualTo(1_700_000_000L);
        assertThat(reply.json.path("AlignedEndTime").asLong()).isEqualTo(1_700_000_600L);
        JsonNode first = reply.json.path("Keys").get(0);
        assertThat(first.path("Dimensions").path("db.wait_event.name").asText()).isEqualTo("Lock:transactionid");
        assertThat(first.path("Dimensions").path("db.wait_event.type").asText()).isEqualTo("Lock");
        assertThat(first.path("Total").asDouble()).isEqualTo(1.5);
        assertThat(reply.json.path("Keys")).hasSize(2);
        assertThat(reply.json.has("NextToken")).isFalse();

        // GroupBy.Dimensions narrows the answer; Filter keeps matching keys
        Reply narrowed = call(handler, "DescribeDimensionKeys", describeBody("db.sampledload.avg", "db.wait_event")
                .replace("\"Group\":\"db.wait_event\"", "\"Group\":\"db.wait_event\",\"Dimensions\":"
                        + "[\"db.wait_event.type\"],\"Limit\":5")
                .replace("\"Metric\"", "\"Filter\":{\"db.wait_event.name\":\"CPU\"},\"Metric\""));
        assertThat(narrowed.json.path("Keys")).hasSize(1);
        assertThat(narrowed.json.path("Keys").get(0).path("Dimensions").toString())
                .isEqualTo("{\"db.wait_event.type\":\"CPU\"}");
        assertThat(source.calls.get(source.calls.size() - 1).get(3)).as("limit asked with a filter").isEqualTo(25);
    }

    @Test
    void getResourceMetricsAnswersTheTotalThenOneSeriesPerKeyWithEndAlignedPointsAndNoValueWithoutData()
            throws Exception {
        String body = "{\"ServiceType\":\"RDS\",\"Identifier\":\"" + ID + "\",\"StartTime\":1700000000,"
                + "\"EndTime\":1700000900,\"MetricQueries\":[{\"Metric\":\"db.load.avg\","
                + "\"GroupBy\":{\"Group\":\"db.wait_event\"}}]}";
        Reply reply = call(handler, "GetResourceMetrics", body);

        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.json.path("Identifier").asText()).isEqualTo(ID);
        assertThat(source.calls.get(0).get(3)).as("PI's period for 15 minutes: ~100-200 points or fewer")
                .isEqualTo(60);
        JsonNode total = reply.json.path("MetricList").get(0);
        assertThat(total.path("Key").toString()).isEqualTo("{\"Metric\":\"db.load.avg\"}");
        JsonNode points = total.path("DataPoints");
        assertThat(points.get(0).path("Timestamp").asLong()).as("END_TIME: the period's end")
                .isEqualTo(1_700_000_060L);
        assertThat(points.get(0).path("Value").asDouble()).isEqualTo(2.0);
        assertThat(points.get(1).has("Value")).as("a period without samples has no Value").isFalse();
        assertThat(points.get(1).path("Timestamp").asLong()).isEqualTo(1_700_000_120L);
        JsonNode byKey = reply.json.path("MetricList").get(1);
        assertThat(byKey.path("Key").path("Dimensions").path("db.wait_event.name").asText())
                .isEqualTo("Lock:transactionid");

        Reply startAligned = call(handler, "GetResourceMetrics", body.replace("\"MetricQueries\"",
                "\"PeriodAlignment\":\"START_TIME\",\"PeriodInSeconds\":60,\"MetricQueries\""));
        assertThat(startAligned.json.path("MetricList").get(0).path("DataPoints").get(0).path("Timestamp").asLong())
                .isEqualTo(1_700_000_000L);
    }

    @Test
    void badRequestsGetPisErrors() throws Exception {
        assertError(call(handler, "DescribeDimensionKeys", describeBody("db.load.avg", "db.wait_event")
                .replace(ID, "db-NOSUCHRESOURCE0000000000")), "NotAuthorizedException",
                "The resource db-NOSUCHRESOURCE0000000000 for service type RDS is not authorized for this account");
        assertError(call(handler, "DescribeDimensionKeys", describeBody("db.load.avg", "db.nope")),
                "InvalidArgumentException", "This group is not a known group: db.nope is not valid for current "
                        + "resource");
        assertError(call(handler, "DescribeDimensionKeys", describeBody("db.load.p99", "db.wait_event")),
                "InvalidArgumentException", "The specified statistic is not a known statistic");
        assertError(call(handler, "DescribeDimensionKeys", describeBody("db.cpu.avg", "db.wait_event")),
                "InvalidArgumentException", "The specified metric is not a known metric: db.cpu.avg (Metric). The "
                        + "lab's Performance Insights answers db.load.avg and db.sampledload.avg.");
        assertError(call(handler, "DescribeDimensionKeys", describeBody("db.load.max", "db.wait_event")),
                "InvalidArgumentException", "The lab's Performance Insights answers db.load.avg and "
                        + "db.sampledload.avg only, not db.load.max (Metric).");
        assertError(call(handler, "DescribeDimensionKeys", describeBody("db.load.avg", "db.wait_event")
                .replace("\"Metric\"", "\"PeriodInSeconds\":30,\"Metric\"")), "InvalidArgumentException",
                "The specified PeriodInSeconds 30 is not valid; valid values are 1, 60, 300, 3600 and 86400.");
        assertError(call(handler, "DescribeDimensionKeys", describeBody("db.load.avg", "db.wait_event")
                .replace("\"Group\":\"db.wait_event\"", "\"Group\":\"db.wait_event\",\"Limit\":26")),
                "InvalidArgumentException", "GroupBy.Limit must be 1 to 25, not 26.");
        assertError(call(handler, "DescribeDimensionKeys", "{\"ServiceType\":\"RDS\",\"Identifier\":\"" + ID + "\"}"),
                "InvalidArgumentException", "Missing required parameter StartTime.");
        assertError(call(handler, "DescribeDBLogFiles", "{}"), "UnknownOperationException",
                "The lab's Performance Insights implements DescribeDimensionKeys, GetResourceMetrics and "
                        + "ListAvailableResourceDimensions, not DescribeDBLogFiles.");
        assertError(call(handler, "GetResourceMetrics", "{not json"), "SerializationException", null);
    }

    @Test
    void listAvailableResourceDimensionsListsTheSampledGroups() throws Exception {
        Reply reply = call(handler, "ListAvailableResourceDimensions", "{\"ServiceType\":\"RDS\",\"Identifier\":\""
                + ID + "\",\"Metrics\":[\"db.load\"]}");

        assertThat(reply.status).isEqualTo(200);
        JsonNode metric = reply.json.path("MetricDimensions").get(0);
        assertThat(metric.path("Metric").asText()).isEqualTo("db.load");
        List<String> groups = new ArrayList<>();
        metric.path("Groups").forEach(g -> groups.add(g.path("Group").asText()));
        assertThat(groups).contains("db.wait_event", "db.sql_tokenized", "db.user", "db.host", "db.application", "db",
                "db.wait_event_type");
        assertThat(metric.path("Groups").get(groups.indexOf("db.sql_tokenized")).path("Dimensions").toString())
                .contains("{\"Identifier\":\"db.sql_tokenized.statement\"}");
    }

    @Test
    void dimensionValuesAreCutAt500BytesAsPiCutsThem() {
        assertThat(PerformanceInsightsHandler.cut("x".repeat(600))).hasSize(500);
        String accents = "é".repeat(300); // 2 bytes each
        assertThat(PerformanceInsightsHandler.cut(accents).getBytes(StandardCharsets.UTF_8)).hasSize(500);
        assertThat(PerformanceInsightsHandler.cut("SELECT 1")).isEqualTo("SELECT 1");
    }

    private static String describeBody(String metric, String group) {
        return "{\"ServiceType\":\"RDS\",\"Identifier\":\"" + ID + "\",\"StartTime\":1700000000,"
                + "\"EndTime\":1700000600,\"Metric\":\"" + metric + "\",\"GroupBy\":{\"Group\":\"" + group + "\"}}";
    }

    private static void assertError(Reply reply, String type, String message) {
        assertThat(reply.status).as(reply.json.toString()).isEqualTo(400);
        assertThat(reply.json.path("__type").asText()).isEqualTo(type);
        if (message != null) {
            assertThat(reply.json.path("Message").asText()).isEqualTo(message);
        }
    }

    private static Reply call(PerformanceInsightsHandler handler, String operation, String body) throws Exception {
        HttpReply reply = handler.handle(TARGET + operation, body);
        assertThat(reply.contentType()).isEqualTo("application/x-amz-json-1.1");
        return new Reply(reply.status(), JSON.readTree(new String(reply.body(), StandardCharsets.UTF_8)));
    }

    private record Reply(int status, JsonNode json) {
    }

    /** Two keys, and two periods of which the second has no data; records each call's arguments. */
    private static final class FakeSource implements DbLoadSource {
        final List<List<Object>> calls = new ArrayList<>();

        @Override
        public DbLoad topKeys(DimensionGroup group, Instant start, Instant end, int limit) {
            calls.add(List.of(group, start, end, limit));
            return new DbLoad(group, Instant.ofEpochSecond(start.getEpochSecond()),
                    Instant.ofEpochSecond(end.getEpochSecond() + (end.getNano() > 0 ? 1 : 0)), List.of(
                    new DbLoadKey(Map.of("db.wait_event.name", "Lock:transactionid", "db.wait_event.type", "Lock"),
                            1.5),
                    new DbLoadKey(Map.of("db.wait_event.name", "CPU", "db.wait_event.type", "CPU"), 0.5)));
        }

        @Override
        public ResourceMetrics loadOverTime(DimensionGroup group, Instant start, Instant end, int periodSeconds,
                                            int limit) {
            calls.add(List.of(group == null ? "none" : group, start, end, periodSeconds, limit));
            Instant p0 = start;
            Instant p1 = start.plusSeconds(periodSeconds);
            List<LoadSeries> series = new ArrayList<>();
            series.add(new LoadSeries(Map.of(), List.of(new LoadSeries.Point(p0, 2.0),
                    new LoadSeries.Point(p1, null))));
            if (group != null) {
                series.add(new LoadSeries(Map.of("db.wait_event.name", "Lock:transactionid", "db.wait_event.type",
                        "Lock"), List.of(new LoadSeries.Point(p0, 1.0), new LoadSeries.Point(p1, null))));
            }
            return new ResourceMetrics(start, p1.plusSeconds(periodSeconds), periodSeconds, series);
        }
    }
}
