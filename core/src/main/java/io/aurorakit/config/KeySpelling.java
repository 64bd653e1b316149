package io.aurorakit.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.postgresql.PGProperty;

/**
 * Finds pass-through keys that are probably misspelt {@link AuroraProperty} keys ({@code presett},
 * {@code sockettimeout}): an edit distance of at most 2, or a difference only in case, from a catalogue key, and not
 * a key pgjdbc or the AWS wrapper knows. Such a key would otherwise pass through and be ignored silently.
 */
final class KeySpelling {

    /**
     * Keys of pgjdbc and the wrapper that are near a catalogue key and must keep passing through: every pgjdbc key,
     * plus the wrapper 4.3.0 keys within the distance (found by comparing all its property names to the catalogue).
     */
    private static final Set<String> KNOWN = known();

    private KeySpelling() {
    }

    private static Set<String> known() {
        Set<String> keys = Arrays.stream(PGProperty.values()).map(PGProperty::getName).collect(Collectors.toSet());
        keys.add(AuroraConfig.FAILOVER_TIMEOUT_MS);
        return Set.copyOf(keys);
    }

    /** The catalogue property {@code key} is probably a misspelling of, if any. */
    static Optional<AuroraProperty> nearMiss(String key) {
        if (KNOWN.contains(key) || AuroraProperty.byKey(key).isPresent()) {
            return Optional.empty();
        }
        AuroraProperty best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (AuroraProperty p : AuroraProperty.values()) {
            int d = p.key().equalsIgnoreCase(key) ? 0 : distance(p.key(), key);
            if (d <= 2 && d < bestDistance) {
                best = p;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
