package io.aurorakit.insights;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The top keys of one dimension group by database load over a window: what PI's {@code DescribeDimensionKeys}
 * answers for {@code Metric=db.load.avg}. Keys are ordered by load, highest first.
 *
 * @param group        the dimension group
 * @param alignedStart the window's start, aligned down to the period
 * @param alignedEnd   the window's end (exclusive), aligned up to the period
 * @param keys         the top keys, highest load first
 */
public record DbLoad(DimensionGroup group, Instant alignedStart, Instant alignedEnd, List<DbLoadKey> keys) {

    public DbLoad {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(alignedStart, "alignedStart");
        Objects.requireNonNull(alignedEnd, "alignedEnd");
        keys = List.copyOf(keys);
    }

    /** The load of the keys listed, in average active sessions. */
    public double listedTotal() {
        return keys.stream().mapToDouble(DbLoadKey::total).sum();
    }
}
