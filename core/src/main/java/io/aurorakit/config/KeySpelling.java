package io.aurorakit.config;

import io.aurorakit.internal.EditDistance;
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
            int d = p.key().equalsIgnoreCase(key) ? 0 : EditDistance.between(p.key(), key);
            if (d <= 2 && d < bestDistance) {
                best = p;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

}
