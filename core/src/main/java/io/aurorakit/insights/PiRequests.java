package io.aurorakit.insights;

import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * The JSON bodies of the two PI operations the reader calls, written with the SDK's {@link JsonWriter}. Times are
 * whole epoch seconds (the window is already aligned to the period).
 */
final class PiRequests {

    static final String METRIC = "db.load.avg";

    private PiRequests() {
    }

    /** {@code DescribeDimensionKeys} for the top {@code query.limit()} keys of {@code query.group()}. */
    static byte[] describeDimensionKeys(String resourceId, LoadQuery query, String nextToken) {
        try (JsonWriter w = JsonWriter.create()) {
            w.writeStartObject();
            common(w, resourceId, query);
            w.writeFieldName("Metric").writeValue(METRIC);
            groupBy(w, query);
            token(w, nextToken);
            w.writeEndObject();
            return w.getBytes();
        }
    }

    /**
     * {@code GetResourceMetrics}: the total and, with a group, its top keys, each period stamped with its start
     * ({@code PeriodAlignment=START_TIME}, as {@link LoadSeries.Point} is).
     */
    static byte[] getResourceMetrics(String resourceId, LoadQuery query, String nextToken) {
        try (JsonWriter w = JsonWriter.create()) {
            w.writeStartObject();
            common(w, resourceId, query);
            w.writeFieldName("MetricQueries").writeStartArray();
            w.writeStartObject().writeFieldName("Metric").writeValue(METRIC).writeEndObject();
            if (query.group() != null) {
                w.writeStartObject().writeFieldName("Metric").writeValue(METRIC);
                groupBy(w, query);
                w.writeEndObject();
            }
            w.writeEndArray();
            w.writeFieldName("PeriodAlignment").writeValue("START_TIME");
            token(w, nextToken);
            w.writeEndObject();
            return w.getBytes();
        }
    }

    private static void common(JsonWriter w, String resourceId, LoadQuery query) {
        w.writeFieldName("ServiceType").writeValue("RDS");
        w.writeFieldName("Identifier").writeValue(resourceId);
        w.writeFieldName("StartTime").writeValue(query.start().getEpochSecond());
        w.writeFieldName("EndTime").writeValue(query.end().getEpochSecond());
        w.writeFieldName("PeriodInSeconds").writeValue(query.periodSeconds());
    }

    private static void groupBy(JsonWriter w, LoadQuery query) {
        w.writeFieldName("GroupBy").writeStartObject();
        w.writeFieldName("Group").writeValue(query.group().piName());
        w.writeFieldName("Limit").writeValue(query.limit());
        w.writeEndObject();
    }

    private static void token(JsonWriter w, String nextToken) {
        if (nextToken != null) {
            w.writeFieldName("NextToken").writeValue(nextToken);
        }
    }
}
