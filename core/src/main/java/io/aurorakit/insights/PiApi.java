package io.aurorakit.insights;

import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The two PI operations behind {@link PerformanceInsightsReader}, {@code NextToken} pages followed up to
 * {@link #MAX_PAGES}.
 */
final class PiApi {

    static final String DESCRIBE_DIMENSION_KEYS = "DescribeDimensionKeys";
    static final String GET_RESOURCE_METRICS = "GetResourceMetrics";
    /** More pages than this for one question is not an answer PI gives for at most 25 keys: stop, loudly. */
    static final int MAX_PAGES = 20;

    private final String resourceId;
    private final PiHttp http;

    PiApi(String resourceId, PiHttp http) {
        this.resourceId = resourceId;
        this.http = http;
    }

    DbLoad topKeys(LoadQuery query) {
        PiResponses.Keys keys = new PiResponses.Keys(query);
        pages(DESCRIBE_DIMENSION_KEYS, token -> PiRequests.describeDimensionKeys(resourceId, query, token),
                keys::add, keys::complete);
        return keys.result();
    }

    ResourceMetrics loadOverTime(LoadQuery query) {
        PiResponses.Metrics metrics = new PiResponses.Metrics(query);
        pages(GET_RESOURCE_METRICS, token -> PiRequests.getResourceMetrics(resourceId, query, token),
                metrics::add, () -> false);
        return metrics.result();
    }

    private void pages(String operation, Function<String, byte[]> request, Function<JsonNode, String> add,
                       BooleanSupplier enough) {
        Set<String> tokens = new HashSet<>();
        String token = null;
        for (int page = 1; ; page++) {
            JsonNode answer = http.call(operation, request.apply(token));
            try {
                token = add.apply(answer);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new PerformanceInsightsException("Performance Insights answered " + operation + " for "
                        + resourceId + " in a shape aurora-kit does not read: " + e.getMessage(), e);
            }
            if (token == null || enough.getAsBoolean()) {
                return;
            }
            if (!tokens.add(token)) {
                throw new PerformanceInsightsException("Performance Insights answered " + operation + " for "
                        + resourceId + " with the same NextToken twice (page " + (page + 1) + ")", null);
            }
            if (page == MAX_PAGES) {
                throw new PerformanceInsightsException("Performance Insights still had more pages of " + operation
                        + " for " + resourceId + " after " + MAX_PAGES + "; expected a shorter window or a lower"
                        + " limit", null);
            }
        }
    }

    void close() {
        http.close();
    }
}
