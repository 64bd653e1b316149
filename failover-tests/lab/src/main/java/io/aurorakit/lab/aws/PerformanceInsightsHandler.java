package io.aurorakit.lab.aws;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aurorakit.insights.DbLoad;
import io.aurorakit.insights.DbLoadKey;
import io.aurorakit.insights.DbLoadSource;
import io.aurorakit.insights.DimensionGroup;
import io.aurorakit.insights.LoadSeries;
import io.aurorakit.insights.Periods;
import io.aurorakit.insights.ResourceMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Performance Insights' JSON 1.1 protocol ({@code X-Amz-Target: PerformanceInsightsv20180227.<Operation>}, API
 * version 2018-02-27) over the lab's per-instance samplers: {@code DescribeDimensionKeys}, {@code GetResourceMetrics}
 * and {@code ListAvailableResourceDimensions} for {@code ServiceType} {@code RDS} and an instance's
 * {@code DbiResourceId} as {@code Identifier}.
 *
 * <p>Supported: metrics {@code db.load.avg} and {@code db.sampledload.avg} (the same figure here: the lab samples every
 * active session, so nothing is scaled); the dimension groups of {@link DimensionGroup} by their PI names
 * ({@code db.wait_event}, {@code db.sql_tokenized}, {@code db.user}, {@code db.host}, {@code db.application},
 * {@code db}, {@code db.wait_event_type}) with {@code GroupBy.Dimensions} and {@code Limit} (1 to 25, default 10);
 * {@code PeriodInSeconds} 1, 60, 300, 3600, 86400 (absent: about 100 to 200 points for {@code GetResourceMetrics});
 * {@code PeriodAlignment} {@code END_TIME} (the default: a point's {@code Timestamp} is its period's end, as in AWS's
 * CLI example) or {@code START_TIME}; {@code Filter} on the dimensions of {@code DescribeDimensionKeys}' own group.
 * Every answer fits in one page: {@code MaxResults} is accepted and ignored, no {@code NextToken} is issued. Not
 * supported (an {@code InvalidArgumentException} saying so): {@code db.load.min|max|sum} (the samplers keep averages
 * per period, not the per-second figures these aggregate), {@code PartitionBy}, {@code AdditionalMetrics}, a
 * {@code Filter} in {@code GetResourceMetrics}, other groups ({@code db.sql}, {@code db.plans},
 * {@code db.session_type}, ...) and other operations.
 *
 * <p>Errors are {@code {"__type":...,"Message":...}} with HTTP 400 ({@code InternalServiceError}: 500):
 * <ul>
 *   <li>an {@code Identifier} no instance has, any {@code Identifier} while the lab's Performance Insights is off, and
 *       {@code ServiceType} {@code DOCDB}: {@code NotAuthorizedException} "The resource db-... for service type RDS is
 *       not authorized for this account" - what PI answers for an instance without Performance Insights (quoted in
 *       github.com/zalando/rds-health/issues/6, HTTP 400); PI cannot tell an unknown resource from one the account
 *       may not read, so the lab answers both alike (inferred: no public record of the unknown-id answer was
 *       found);</li>
 *   <li>an unknown group: {@code InvalidArgumentException} "This group is not a known group: db.x is not valid for
 *       current resource" (as quoted in github.com/aws-observability/observability-best-practices/issues/108);</li>
 *   <li>an unknown statistic ({@code db.load.p99}): "The specified statistic is not a known statistic" (as quoted in
 *       github.com/awslabs/mcp/issues/2216); an unknown metric, a bad period, limit or window, a missing required
 *       member: {@code InvalidArgumentException} with the lab's words (the window and limit checks are
 *       {@code io.aurorakit.insights}' own messages);</li>
 *   <li>another operation: {@code UnknownOperationException}; a body that is not JSON:
 *       {@code SerializationException}.</li>
 * </ul>
 * A window without samples is answered 200: no {@code Keys}, and data points without {@code Value} - AWS's own sample
 * that copies PI metrics to CloudWatch reads {@code datapoint.get('Value', None)} ("We don't always have values from
 * an instance"; github.com/aws-observability/observability-best-practices,
 * {@code sandbox/monitor-aurora-with-grafana/function/lambda_function.py}), though the model lists {@code Value} as
 * required.
 */
final class PerformanceInsightsHandler {

    static final String TARGET_PREFIX = "PerformanceInsightsv20180227.";
    static final String CONTENT_TYPE = JsonReplies.CONTENT_TYPE;
    static final Set<String> LOAD_METRICS = Set.of("db.load.avg", "db.sampledload.avg");
    static final List<String> RESOURCE_METRICS = List.of("db.load", "db.sampledload");
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 25;
    /** The most data points one series of {@code GetResourceMetrics} may have (the lab's limit, not PI's). */
    static final int MAX_DATA_POINTS = 10_000;
    /** PI cuts every response element at 500 bytes. */
    static final int MAX_ELEMENT_BYTES = 500;
    private static final int MAX_QUERIES = 15;
    private static final Set<String> FINE_GRAINED_ACTIONS = Set.of("DescribeDimensionKeys", "GetDimensionKeyDetails",
            "GetResourceMetrics");
    private static final Logger LOG = LoggerFactory.getLogger(PerformanceInsightsHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final PerformanceInsightsBackend backend;

    /** @param backend the lab's samplers, or null when its Performance Insights is off */
    PerformanceInsightsHandler(PerformanceInsightsBackend backend) {
        this.backend = backend;
    }

    /** Handles one request; never throws. */
    HttpReply handle(String target, String body) {
        String requestId = UUID.randomUUID().toString();
        String operation = target.substring(TARGET_PREFIX.length());
        try {
            JsonNode request = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
            ObjectNode out = switch (operation) {
                case "DescribeDimensionKeys" -> describeDimensionKeys(request);
                case "GetResourceMetrics" -> getResourceMetrics(request);
                case "ListAvailableResourceDimensions" -> listAvailableResourceDimensions(request);
                default -> throw new PiException("UnknownOperationException", "The lab's Performance Insights "
                        + "implements DescribeDimensionKeys, GetResourceMetrics and ListAvailableResourceDimensions, "
                        + "not " + operation + ".");
            };
            return JsonReplies.reply(200, requestId, out);
        } catch (PiException e) {
            LOG.debug("Performance Insights {} -> 400 {}: {}", operation, e.type, e.getMessage());
            return JsonReplies.error(400, requestId, e.type, e.getMessage());
        } catch (JsonProcessingException e) {
            return JsonReplies.error(400, requestId, "SerializationException",
                    "The request body is not JSON: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            // io.aurorakit.insights' checks of windows, periods and limits, in PI's terms
            LOG.debug("Performance Insights {} -> 400 InvalidArgumentException: {}", operation, e.getMessage());
            return JsonReplies.error(400, requestId, INVALID, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Performance Insights {} failed", operation, e);
            return JsonReplies.error(500, requestId, "InternalServiceError",
                    "The lab failed to handle " + operation + ": " + e);
        }
    }

    // ------------------------------------------------------------------------------------------------ operations

    private ObjectNode describeDimensionKeys(JsonNode request) {
        DbLoadSource source = source(request);
        Instant start = timestamp(request, "StartTime");
        Instant end = timestamp(request, "EndTime");
        String metric = loadMetric(required(request, "Metric").asText(), "Metric");
        GroupBy groupBy = groupBy(required(request, "GroupBy"), "GroupBy");
        unsupported(request, "PartitionBy");
        unsupported(request, "AdditionalMetrics");
        noPaging(request);
        Map<String, String> filter = filter(request, groupBy.group);
        Integer period = period(request);
        Instant from = period == null ? start : Periods.alignDown(start, period);
        Instant to = period == null ? end : Periods.alignUp(end, period);
        DbLoad load = source.topKeys(groupBy.group, from, to, filter.isEmpty() ? groupBy.limit : MAX_LIMIT);

        ObjectNode out = JSON.createObjectNode();
        out.put("AlignedStartTime", load.alignedStart().getEpochSecond());
        out.put("AlignedEndTime", load.alignedEnd().getEpochSecond());
        ArrayNode keys = out.putArray("Keys");
        int listed = 0;
        for (DbLoadKey key : load.keys()) {
            if (listed == groupBy.limit) {
                break;
            }
            if (filter.entrySet().stream().allMatch(f -> f.getValue().equals(key.get(f.getKey())))) {
                ObjectNode k = keys.addObject();
                k.set("Dimensions", dimensions(groupBy, key.dimensions()));
                k.put("Total", key.total());
                listed++;
            }
        }
        LOG.debug("DescribeDimensionKeys {} by {}: {} keys", metric, groupBy.group.piName(), listed);
        return out;
    }

    private ObjectNode getResourceMetrics(JsonNode request) {
        DbLoadSource source = source(request);
        String identifier = request.path("Identifier").asText();
        Instant start = timestamp(request, "StartTime");
        Instant end = timestamp(request, "EndTime");
        JsonNode queries = required(request, "MetricQueries");
        if (!queries.isArray() || queries.isEmpty() || queries.size() > MAX_QUERIES) {
            throw invalid("MetricQueries must be a list of 1 to " + MAX_QUERIES + " queries.");
        }
        noPaging(request);
        Integer requested = period(request);
        int period = requested != null ? requested : Periods.automatic(start, end);
        boolean endAligned = alignment(request);
        if (start.isBefore(end)) {
            long points = (Periods.alignUp(end, period).getEpochSecond()
                    - Periods.alignDown(start, period).getEpochSecond()) / period;
            if (points > MAX_DATA_POINTS) {
                throw invalid("The lab answers at most " + MAX_DATA_POINTS + " data points per metric; this window "
                        + "has " + points + " periods of " + period + " s. Specify a longer PeriodInSeconds.");
            }
        }

        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = JSON.createArrayNode();
        ResourceMetrics first = null;
        for (int q = 0; q < queries.size(); q++) {
            JsonNode query = queries.get(q);
            String where = "MetricQueries[" + q + "]";
            String metric = loadMetric(required(query, "Metric", where + ".Metric").asText(), where + ".Metric");
            JsonNode filter = query.get("Filter");
            if (filter != null && !filter.isNull() && !filter.isEmpty()) {
                throw invalid("The lab's Performance Insights does not support " + where + ".Filter.");
            }
            JsonNode groupNode = query.get("GroupBy");
            GroupBy groupBy = groupNode == null || groupNode.isNull() ? null : groupBy(groupNode, where + ".GroupBy");
            ResourceMetrics metrics = source.loadOverTime(groupBy == null ? null : groupBy.group, start, end, period,
                    groupBy == null ? DEFAULT_LIMIT : groupBy.limit);
            if (first == null) {
                first = metrics;
            }
            for (LoadSeries series : metrics.series()) {
                ObjectNode entry = list.addObject();
                ObjectNode key = entry.putObject("Key");
                key.put("Metric", metric);
                if (!series.dimensions().isEmpty()) {
                    key.set("Dimensions", dimensions(groupBy, series.dimensions()));
                }
                ArrayNode points = entry.putArray("DataPoints");
                for (LoadSeries.Point point : series.points()) {
                    ObjectNode p = points.addObject();
                    Instant at = endAligned ? point.timestamp().plusSeconds(metrics.periodSeconds())
                            : point.timestamp();
                    p.put("Timestamp", at.getEpochSecond());
                    if (point.value() != null) {
                        p.put("Value", point.value());
                    }
                }
            }
        }
        out.put("AlignedStartTime", first.alignedStart().getEpochSecond());
        out.put("AlignedEndTime", first.alignedEnd().getEpochSecond());
        out.put("Identifier", identifier);
        out.set("MetricList", list);
        return out;
    }

    private ObjectNode listAvailableResourceDimensions(JsonNode request) {
        source(request);
        JsonNode metrics = required(request, "Metrics");
        if (!metrics.isArray() || metrics.isEmpty() || metrics.size() > 5) {
            throw invalid("Metrics must be a list of 1 to 5 metrics, e.g. [\"db.load\"].");
        }
        JsonNode actions = request.get("AuthorizedActions");
        if (actions != null && !actions.isNull()) {
            for (JsonNode action : actions) {
                if (!FINE_GRAINED_ACTIONS.contains(action.asText())) {
                    throw invalid("AuthorizedActions must be DescribeDimensionKeys, GetDimensionKeyDetails or "
                            + "GetResourceMetrics, not " + action.asText() + ".");
                }
            }
        }
        noPaging(request);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("MetricDimensions");
        for (JsonNode m : metrics) {
            String metric = m.asText();
            if (!RESOURCE_METRICS.contains(metric)) {
                throw invalid("The specified metric is not a known metric: " + metric + ". The lab's Performance "
                        + "Insights has " + String.join(" and ", RESOURCE_METRICS) + ".");
            }
            ObjectNode entry = list.addObject();
            entry.put("Metric", metric);
            ArrayNode groups = entry.putArray("Groups");
            for (DimensionGroup group : DimensionGroup.values()) {
                ObjectNode g = groups.addObject();
                g.put("Group", group.piName());
                ArrayNode dimensions = g.putArray("Dimensions");
                for (String dimension : group.dimensions()) {
                    dimensions.addObject().put("Identifier", dimension);
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ arguments

    /** The load of the request's resource, or NotAuthorizedException as PI answers for a resource it does not serve. */
    private DbLoadSource source(JsonNode request) {
        String serviceType = required(request, "ServiceType").asText();
        if (!"RDS".equals(serviceType) && !"DOCDB".equals(serviceType)) {
            throw invalid("ServiceType must be RDS or DOCDB, not " + serviceType + ".");
        }
        String identifier = required(request, "Identifier").asText();
        if (identifier.length() > 256 || !identifier.matches("[a-zA-Z0-9-]+")) {
            throw invalid("Identifier must match ^[a-zA-Z0-9-]+$ (an instance's DbiResourceId, e.g. "
                    + "db-ABCDEFGHIJKLMNOPQRSTU1VW2X), not '" + identifier + "'.");
        }
        Optional<DbLoadSource> source = "RDS".equals(serviceType) && backend != null ? backend.dbLoad(identifier)
                : Optional.empty();
        return source.orElseThrow(() -> new PiException("NotAuthorizedException", "The resource " + identifier
                + " for service type " + serviceType + " is not authorized for this account"));
    }

    private static JsonNode required(JsonNode node, String member) {
        return required(node, member, member);
    }

    private static JsonNode required(JsonNode node, String member, String path) {
        JsonNode value = node.get(member);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())) {
            throw invalid("Missing required parameter " + path + ".");
        }
        return value;
    }

    /** Epoch seconds as an integer, a decimal or in exponent form ({@code 1.7E9}), or such a number in a string. */
    static Instant timestamp(JsonNode request, String member) {
        JsonNode node = required(request, member);
        BigDecimal seconds;
        try {
            if (node.isNumber()) {
                seconds = node.decimalValue();
            } else if (node.isTextual()) {
                seconds = new BigDecimal(node.asText().trim());
            } else {
                throw new NumberFormatException();
            }
            BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
            long nanos = seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.FLOOR).longValueExact();
            return Instant.ofEpochSecond(whole.longValueExact(), nanos);
        } catch (NumberFormatException | ArithmeticException | DateTimeException e) {
            throw invalid(member + " must be a timestamp in epoch seconds, not " + node + ".");
        }
    }

    private static Integer integer(JsonNode node, String member) {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            if (value.isNumber()) {
                return value.decimalValue().intValueExact();
            }
            if (value.isTextual()) {
                return new BigDecimal(value.asText().trim()).intValueExact();
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // below
        }
        throw invalid(member + " must be an integer, not " + value + ".");
    }

    private static Integer period(JsonNode request) {
        Integer period = integer(request, "PeriodInSeconds");
        if (period != null && !Periods.accepted(period)) {
            throw invalid("The specified PeriodInSeconds " + period + " is not valid; valid values are 1, 60, 300, "
                    + "3600 and 86400.");
        }
        return period;
    }

    /** True for {@code END_TIME} (the default). */
    private static boolean alignment(JsonNode request) {
        JsonNode value = request.get("PeriodAlignment");
        if (value == null || value.isNull() || "END_TIME".equals(value.asText())) {
            return true;
        }
        if ("START_TIME".equals(value.asText())) {
            return false;
        }
        throw invalid("PeriodAlignment must be END_TIME or START_TIME, not " + value.asText() + ".");
    }

    private static String loadMetric(String metric, String member) {
        if (LOAD_METRICS.contains(metric)) {
            return metric;
        }
        int dot = metric.lastIndexOf('.');
        String base = dot < 0 ? metric : metric.substring(0, dot);
        String statistic = dot < 0 ? "" : metric.substring(dot + 1);
        if (RESOURCE_METRICS.contains(base)) {
            if (Set.of("min", "max", "sum").contains(statistic)) {
                throw invalid("The lab's Performance Insights answers db.load.avg and db.sampledload.avg only, not "
                        + metric + " (" + member + ").");
            }
            throw invalid("The specified statistic is not a known statistic");
        }
        throw invalid("The specified metric is not a known metric: " + metric + " (" + member + "). The lab's "
                + "Performance Insights answers db.load.avg and db.sampledload.avg.");
    }

    private static GroupBy groupBy(JsonNode node, String where) {
        if (!node.isObject()) {
            throw invalid(where + " must be an object with Group, e.g. {\"Group\":\"db.wait_event\"}.");
        }
        String name = required(node, "Group", where + ".Group").asText();
        DimensionGroup group = null;
        for (DimensionGroup g : DimensionGroup.values()) {
            if (g.piName().equals(name)) {
                group = g;
            }
        }
        if (group == null) {
            throw invalid("This group is not a known group: " + name + " is not valid for current resource");
        }
        List<String> dimensions = new ArrayList<>();
        JsonNode wanted = node.get("Dimensions");
        if (wanted != null && !wanted.isNull()) {
            for (JsonNode d : wanted) {
                if (!group.dimensions().contains(d.asText())) {
                    throw invalid("The dimension " + d.asText() + " is not a dimension of the group " + name
                            + "; its dimensions are " + String.join(", ", group.dimensions()) + ".");
                }
                dimensions.add(d.asText());
            }
        }
        Integer limit = integer(node, "Limit");
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw invalid(where + ".Limit must be 1 to " + MAX_LIMIT + ", not " + limit + ".");
        }
        return new GroupBy(group, dimensions.isEmpty() ? group.dimensions() : List.copyOf(dimensions),
                limit == null ? DEFAULT_LIMIT : limit);
    }

    private static Map<String, String> filter(JsonNode request, DimensionGroup group) {
        JsonNode node = request.get("Filter");
        Map<String, String> filter = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return filter;
        }
        node.fields().forEachRemaining(f -> {
            if (!group.dimensions().contains(f.getKey())) {
                throw invalid("The lab's Performance Insights filters on dimensions of the GroupBy group ("
                        + String.join(", ", group.dimensions()) + ") only, not " + f.getKey() + ".");
            }
            filter.put(f.getKey(), f.getValue().asText());
        });
        return filter;
    }

    private static void unsupported(JsonNode request, String member) {
        JsonNode value = request.get(member);
        if (value != null && !value.isNull()) {
            throw invalid("The lab's Performance Insights does not support " + member + ".");
        }
    }

    private static void noPaging(JsonNode request) {
        Integer max = integer(request, "MaxResults");
        if (max != null && (max < 0 || max > MAX_LIMIT)) {
            throw invalid("MaxResults must be 0 to " + MAX_LIMIT + ", not " + max + ".");
        }
        JsonNode token = request.get("NextToken");
        if (token != null && !token.isNull() && !token.asText().isEmpty()) {
            throw invalid("The NextToken is not valid: the lab's Performance Insights answers in one page and "
                    + "issues no NextToken.");
        }
    }

    // ------------------------------------------------------------------------------------------------ output

    /** The key's values of the dimensions asked for, in the group's order, each cut at 500 bytes as PI does. */
    private static ObjectNode dimensions(GroupBy groupBy, Map<String, String> values) {
        ObjectNode node = JSON.createObjectNode();
        for (String dimension : groupBy.dimensions) {
            String value = values.get(dimension);
            if (value != null) {
                node.put(dimension, cut(value));
            }
        }
        return node;
    }

    static String cut(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_ELEMENT_BYTES) {
            return value;
        }
        int end = MAX_ELEMENT_BYTES;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // not inside a UTF-8 sequence
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private static final String INVALID = "InvalidArgumentException";

    private static PiException invalid(String message) {
        return new PiException(INVALID, message);
    }



    /** A {@code GroupBy}: the group, the dimensions to answer (all of the group's by default) and the key limit. */
    private record GroupBy(DimensionGroup group, List<String> dimensions, int limit) {
    }

    /** An error PI answers with HTTP 400. */
    private static final class PiException extends RuntimeException {
        private final String type;

        PiException(String type, String message) {
            super(message, null, false, false);
            this.type = type;
        }
    }
}
