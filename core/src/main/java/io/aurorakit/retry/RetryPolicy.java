package io.aurorakit.retry;

import java.time.Duration;
import java.util.Optional;

/**
 * How often and how long aurora-kit re-runs a unit of work interrupted by a failover. Immutable; build with
 * {@link #builder()}. 08S02 (connection changed, or a connection lost before COMMIT) re-runs at once; 08001/08006/08003,
 * 53300 and refused connections wait a randomized exponential backoff ({@code initialBackoff * multiplier^(n-1)},
 * jittered by {@code randomizationFactor}, then capped at {@code maxBackoff}); nothing is re-run after
 * {@code maxAttempts} attempts. The {@code totalBudget} bounds the waiting only: a backoff that would end after it is
 * not started. A re-run the wrapper has already made safe (08S02, and 08007 for idempotent work) is never refused for
 * time: it needs no wait, and the time before it was spent by the wrapper's own failure detection and failover.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder().maxAttempts(8).totalBudget(Duration.ofSeconds(60)).build();
 * }</pre>
 */
public final class RetryPolicy {

    private static final RetryPolicy DEFAULTS = builder().build();

    private final int maxAttempts;
    private final Duration totalBudget;
    private final Duration initialBackoff;
    private final double multiplier;
    private final double randomizationFactor;
    private final Duration maxBackoff;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.totalBudget = b.totalBudget;
        this.initialBackoff = b.initialBackoff;
        this.multiplier = b.multiplier;
        this.randomizationFactor = b.randomizationFactor;
        this.maxBackoff = b.maxBackoff;
    }

    /**
     * The default policy: 5 attempts, backoff 100 ms x2 with 0.5 jitter, at most 5 s, and a budget derived from the
     * data source's settings (failure-detection window + failover timeout + connect timeout; see
     * {@code AuroraConfig.defaultRetryBudget()}).
     */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Attempts in total, the first one included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * Wall-clock budget within which backoff waits must end, counted from the start of the call; empty when it is
     * derived from the data source's settings.
     */
    public Optional<Duration> totalBudget() {
        return Optional.ofNullable(totalBudget);
    }

    /** This policy, or a copy with {@code budget} when no budget was set explicitly. */
    public RetryPolicy withDefaultBudget(Duration budget) {
        if (totalBudget != null) {
            return this;
        }
        return toBuilder().totalBudget(budget).build();
    }

    private Builder toBuilder() {
        return builder().maxAttempts(maxAttempts).totalBudget(totalBudget).initialBackoff(initialBackoff)
                .multiplier(multiplier).randomizationFactor(randomizationFactor).maxBackoff(maxBackoff);
    }

    /** Wait before the first retry of an unavailable cluster. */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** Growth factor of successive waits. */
    public double multiplier() {
        return multiplier;
    }

    /** Jitter: each wait is drawn from {@code [w*(1-f), w*(1+f)]}. */
    public double randomizationFactor() {
        return randomizationFactor;
    }

    /** Upper bound of any single wait. */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    @Override
    public String toString() {
        return "RetryPolicy{maxAttempts=" + maxAttempts + ", totalBudget="
                + (totalBudget == null ? "derived" : totalBudget) + ", initialBackoff="
                + initialBackoff + ", multiplier=" + multiplier + ", randomizationFactor=" + randomizationFactor
                + ", maxBackoff=" + maxBackoff + "}";
    }

    /**
     * Builds a {@link RetryPolicy}; {@link #build()} validates and names the offending setting.
     *
     * <pre>{@code
     * RetryPolicy p = RetryPolicy.builder().initialBackoff(Duration.ofMillis(200)).multiplier(1.5).build();
     * }</pre>
     */
    public static final class Builder {
        private int maxAttempts = 5;
        private Duration totalBudget;
        private Duration initialBackoff = Duration.ofMillis(100);
        private double multiplier = 2.0;
        private double randomizationFactor = 0.5;
        private Duration maxBackoff = Duration.ofSeconds(5);

        private Builder() {
        }

        /** Attempts in total, at least 1 (1 = no retry). */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Wall-clock budget within which backoff waits must end; positive, or null for the default derived from the
         * data source's settings.
         */
        public Builder totalBudget(Duration totalBudget) {
            this.totalBudget = totalBudget;
            return this;
        }

        /** First backoff wait; at least 1 ms. */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
            return this;
        }

        /** Growth factor, at least 1.0. */
        public Builder multiplier(double multiplier) {
            this.multiplier = multiplier;
            return this;
        }

        /** Jitter factor, from 0 (none) to below 1. */
        public Builder randomizationFactor(double randomizationFactor) {
            this.randomizationFactor = randomizationFactor;
            return this;
        }

        /** Largest single wait; at least initialBackoff. */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        /** Validates and builds. */
        public RetryPolicy build() {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts=" + maxAttempts + " is invalid; expected at least 1");
            }
            if (totalBudget != null) {
                requirePositive("totalBudget", totalBudget);
            }
            requirePositive("initialBackoff", initialBackoff);
            requirePositive("maxBackoff", maxBackoff);
            if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
                throw new IllegalArgumentException("multiplier=" + multiplier + " is invalid; expected a number >= 1.0");
            }
            if (!(randomizationFactor >= 0.0 && randomizationFactor < 1.0)) {
                throw new IllegalArgumentException("randomizationFactor=" + randomizationFactor
                        + " is invalid; expected a number from 0.0 (no jitter) to below 1.0");
            }
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff=" + maxBackoff + " contradicts initialBackoff="
                        + initialBackoff + "; expected maxBackoff >= initialBackoff");
            }
            return new RetryPolicy(this);
        }

        private static void requirePositive(String name, Duration d) {
            if (d == null || d.isZero() || d.isNegative() || d.toMillis() < 1) {
                throw new IllegalArgumentException(name + "=" + d + " is invalid; expected a positive duration of at"
                        + " least 1 ms, e.g. Duration.ofMillis(100)");
            }
        }
    }
}
