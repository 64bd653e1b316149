package io.aurorakit.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * Picks a failover target as Aurora does: the lowest promotion tier, then (every lab instance being the same size,
 * where Aurora would prefer the largest) an arbitrary one, here drawn from a seeded {@link Random} so that the same
 * seed and the same sequence of failovers pick the same targets. Not thread-safe (the control plane is serial).
 */
final class TargetChooser {

    /** A choice, and whether it was random (more than one candidate in the best tier). */
    record Choice<T>(T target, boolean random) {
    }

    private final long seed;
    private final Random random;

    TargetChooser(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    long seed() {
        return seed;
    }

    /**
     * @param candidates the running readers, in a stable order (instance number), at least one
     * @param tier       a candidate's promotion tier (0 is preferred)
     */
    <T> Choice<T> choose(List<T> candidates, ToIntFunction<T> tier) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no failover candidate");
        }
        int best = candidates.stream().mapToInt(tier).min().orElseThrow();
        List<T> tied = new ArrayList<>();
        for (T candidate : candidates) {
            if (tier.applyAsInt(candidate) == best) {
                tied.add(candidate);
            }
        }
        if (tied.size() == 1) {
            return new Choice<>(tied.get(0), false);
        }
        return new Choice<>(tied.get(random.nextInt(tied.size())), true);
    }
}
