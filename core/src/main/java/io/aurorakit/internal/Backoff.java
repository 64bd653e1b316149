package io.aurorakit.internal;

import io.aurorakit.retry.RetryPolicy;

/** The randomized exponential backoff of a {@link RetryPolicy}. */
final class Backoff {

    private Backoff() {
    }

    /**
     * The wait before the {@code n}-th backoff retry (n starts at 1) for a draw {@code random} from [0, 1): the base
     * {@code initialBackoff * multiplier^(n-1)} spread uniformly over {@code [base*(1-f), base*(1+f)]}, then capped at
     * {@code maxBackoff}; at least 1 ms.
     */
    static long millis(RetryPolicy policy, int n, double random) {
        double base = policy.initialBackoff().toMillis() * Math.pow(policy.multiplier(), n - 1.0);
        double f = policy.randomizationFactor();
        double jittered = base * (1 - f + 2 * f * random);
        return Math.max(1, Math.min(policy.maxBackoff().toMillis(), Math.round(jittered)));
    }
}
