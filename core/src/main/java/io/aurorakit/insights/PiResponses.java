package io.aurorakit.insights;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Reads PI's answers into aurora-kit's types. Pages are added one by one ({@link Keys#add}, {@link Metrics#add}); a
 * field PI leaves out takes the value of the question (the aligned window) or none (a data point without
 * {@code Value}). Anything that is not PI's shape is an {@link IllegalArgumentException}, which the reader reports
 * as a {@link PerformanceInsightsException}.
 */
final class PiResponses {

    private PiResponses() {
    }

    /** The top keys of a {@code DescribeDimensionKeys} answer, page by page. */
    static final class Keys {
        private final LoadQuery query;
        private final List<DbLoadKey> keys = new ArrayList<>();
        private Instant alignedStart;
        private Instant alignedEnd;

        Keys(LoadQuery query) {
            this.query = query;
        }

        /** Adds one page; its {@code NextToken}, or null for the last page. */
        String add(JsonNode page) {
            requireObject(page);
            alignedStart = first(alignedStart, time(page, "AlignedStartTime"));
            alignedEnd = first(alignedEnd, time(page, "AlignedEndTime"));
            for (JsonNode key : array(page, "Keys")) {
                requireObject(key);
                keys.add(new DbLoadKey(dimensions(key), number(key, "Total").orElse(0.0)));
            }
            return nextToken(page);
        }

        boolean complete() {
            return keys.size() >= query.limit();
        }

        DbLoad result() {
            List<DbLoadKey> sorted = new ArrayList<>(keys);
            sorted.sort(Comparator.comparingDouble(DbLoadKey::total).reversed());
            return new DbLoad(query.group(), alignedStart != null ? alignedStart : query.start(),
                    alignedEnd != null ? alignedEnd : query.end(),
                    sorted.subList(0, Math.min(query.limit(), sorted.size())));
        }
    }

    /** The series of a {@code GetResourceMetrics} answer, page by page; one series per key, the total first. */
    static final class Metrics {
        private final LoadQuery query;
        private final Map<Map<String, String>, TreeMap<Instant, Double>> series = new LinkedHashMap<>();
        private Instant alignedStart;
        private Instant alignedEnd;

        Metrics(LoadQuery query) {
            this.query = query;
        }

        /** Adds one page; its {@code NextToken}, or null for the last page. */
        String add(JsonNode page) {
            requireObject(page);
            alignedStart = first(alignedStart, time(page, "AlignedStartTime"));
            alignedEnd = first(alignedEnd, time(page, "AlignedEndTime"));
            for (JsonNode entry : array(page, "MetricList")) {
                requireObject(entry);
                JsonNode key = entry.field("Key").orElseGet(JsonNode::emptyObjectNode);
                requireObject(key);
                // the total may come once per metric query: the points of the same key are merged
                TreeMap<Instant, Double> points = series.computeIfAbsent(dimensions(key), k -> new TreeMap<>());
                for (JsonNode point : array(entry, "DataPoints")) {
                    requireObject(point);
                    Instant at = time(point, "Timestamp").orElseThrow(() ->
                            new IllegalArgumentException("a data point without Timestamp"));
                    Double value = number(point, "Value").orElse(null);
                    if (value != null || !points.containsKey(at)) {
                        points.put(at, value);
                    }
                }
            }
            return nextToken(page);
        }

        ResourceMetrics result() {
            List<LoadSeries> out = new ArrayList<>();
            series.forEach((dimensions, points) -> {
                List<LoadSeries.Point> list = new ArrayList<>(points.size());
                points.forEach((at, value) -> list.add(new LoadSeries.Point(at, value)));
                LoadSeries s = new LoadSeries(dimensions, list);
                if (dimensions.isEmpty()) {
                    out.add(0, s);
                } else {
                    out.add(s);
                }
            });
            return new ResourceMetrics(alignedStart != null ? alignedStart : query.start(),
                    alignedEnd != null ? alignedEnd : query.end(), query.periodSeconds(), out);
        }
    }

    /**
     * An epoch-seconds timestamp as PI writes it: {@code 1527026700}, {@code 1527026700.0}, {@code 1.5270267E9}
     * (fractions kept to the nanosecond).
     */
    static Instant epochSeconds(String number) {
        BigDecimal seconds = new BigDecimal(number);
        BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
        long nanos = seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
        return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    }

    /**
     * PI's error code as AWS JSON clients read it: the {@code X-Amzn-Errortype} header, else {@code __type} (or
     * {@code code}) of the body; {@code aws.pi#InvalidArgumentException:http://...} gives
     * {@code InvalidArgumentException}. Null when neither names one.
     */
    static String errorCode(String header, JsonNode body) {
        String raw = header;
        if (blank(raw) && body != null && body.isObject()) {
            raw = string(body, "__type").orElseGet(() -> string(body, "code").orElse(null));
        }
        if (blank(raw)) {
            return null;
        }
        String code = raw.trim();
        int colon = code.indexOf(':');
        if (colon >= 0) {
            code = code.substring(0, colon);
        }
        int hash = code.lastIndexOf('#');
        if (hash >= 0) {
            code = code.substring(hash + 1);
        }
        return code.isEmpty() ? null : code;
    }

    /** {@code Message} (or {@code message}) of an error body; null without one. */
    static String errorMessage(JsonNode body) {
        if (body == null || !body.isObject()) {
            return null;
        }
        return string(body, "Message").orElseGet(() -> string(body, "message").orElse(null));
    }

    private static Map<String, String> dimensions(JsonNode node) {
        Optional<JsonNode> field = present(node, "Dimensions");
        if (field.isEmpty()) {
            return Map.of();
        }
        JsonNode dims = field.get();
        if (!dims.isObject()) {
            throw new IllegalArgumentException("Dimensions is not an object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        dims.asObject().forEach((name, value) -> {
            if (!value.isNull()) {
                out.put(name, value.isString() ? value.asString() : value.text());
            }
        });
        return Collections.unmodifiableMap(out);
    }

    private static Optional<Instant> time(JsonNode node, String name) {
        return present(node, name).map(v -> {
            if (!v.isNumber()) {
                throw new IllegalArgumentException(name + " is not a number of epoch seconds");
            }
            return epochSeconds(v.asNumber());
        });
    }

    private static Optional<Double> number(JsonNode node, String name) {
        return present(node, name).map(v -> {
            if (!v.isNumber()) {
                throw new IllegalArgumentException(name + " is not a number");
            }
            return Double.valueOf(v.asNumber());
        });
    }

    private static Optional<String> string(JsonNode node, String name) {
        return present(node, name).filter(JsonNode::isString).map(JsonNode::asString);
    }

    private static String nextToken(JsonNode page) {
        return string(page, "NextToken").filter(t -> !t.isEmpty()).orElse(null);
    }

    private static List<JsonNode> array(JsonNode node, String name) {
        Optional<JsonNode> field = present(node, name);
        if (field.isEmpty()) {
            return List.of();
        }
        if (!field.get().isArray()) {
            throw new IllegalArgumentException(name + " is not an array");
        }
        return field.get().asArray();
    }

    /** The field, absent when missing or JSON null. */
    private static Optional<JsonNode> present(JsonNode node, String name) {
        return node.field(name).filter(v -> !v.isNull());
    }

    private static void requireObject(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object, got " + kind(node));
        }
    }

    private static String kind(JsonNode node) {
        return node.isArray() ? "an array" : node.isString() ? "a string" : node.isNumber() ? "a number"
                : node.isBoolean() ? "a boolean" : "null";
    }

    private static Instant first(Instant current, Optional<Instant> next) {
        return current != null ? current : next.orElse(null);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
