package io.aurorakit.insights;

import java.util.Map;
import java.util.Objects;

/**
 * One key of a {@link DbLoad}: the values of a dimension group's dimensions (e.g. {@code db.wait_event.name} =
 * {@code Lock:transactionid}, {@code db.wait_event.type} = {@code Lock}) and the load they carried over the window,
 * in average active sessions (PI's {@code Total}).
 *
 * @param dimensions dimension name to value, in PI's names
 * @param total      average active sessions over the window
 */
public record DbLoadKey(Map<String, String> dimensions, double total) {

    public DbLoadKey {
        dimensions = Map.copyOf(Objects.requireNonNull(dimensions, "dimensions"));
    }

    /** The value of one dimension, or an empty string when the key does not carry it. */
    public String get(String dimension) {
        return dimensions.getOrDefault(dimension, "");
    }
}
