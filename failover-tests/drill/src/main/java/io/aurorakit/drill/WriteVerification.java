package io.aurorakit.drill;

import io.aurorakit.AuroraDataSource;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The read-back check at the end of a drill: every acknowledged write must be present exactly once on the writer.
 *
 * @param lost             acknowledged keys that are missing
 * @param duplicates       keys stored more than once
 * @param unknownCommitted writes whose outcome the application was told is unknown (08007) and that did commit
 * @param lostSample       up to ten of the lost keys, for the report
 */
record WriteVerification(long lost, long duplicates, long unknownCommitted, List<String> lostSample) {

    static WriteVerification check(AuroraDataSource dataSource, String table, Set<String> acknowledged,
                                   Set<String> unknownOutcome) throws SQLException {
        Map<String, Integer> stored = dataSource.writeIdempotent(connection -> {
            Map<String, Integer> counts = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT k, count(*) FROM " + table + " GROUP BY k");
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
            return counts;
        });
        List<String> missing = acknowledged.stream().filter(key -> !stored.containsKey(key)).sorted().toList();
        long duplicates = stored.values().stream().filter(count -> count > 1).count();
        long unknownCommitted = unknownOutcome.stream().filter(stored::containsKey).count();
        return new WriteVerification(missing.size(), duplicates, unknownCommitted,
                missing.subList(0, Math.min(10, missing.size())));
    }
}
