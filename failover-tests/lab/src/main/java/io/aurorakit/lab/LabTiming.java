package io.aurorakit.lab;

import java.time.Duration;
import java.util.Objects;

/**
 * How fast the lab's control plane behaves: the artificial delays it inserts so that a failover looks like Aurora's.
 *
 * <ul>
 *   <li>{@link #FAST} (default): no artificial delay; a planned failover completes in well under a second and the old
 *       writer is fenced by disabling its proxy (clients get an immediate error).</li>
 *   <li>{@link #AURORA}: a crashed writer is detected after 3 s, the promoted target "restarts" for 2 s, the cluster
 *       endpoint keeps pointing at the old writer for 5 s (Aurora's DNS TTL), and the old writer is hard-fenced
 *       (black hole, no RST: clients hang until their own timeouts) during that window.</li>
 * </ul>
 * Example:
 * <pre>{@code
 * AuroraLab lab = AuroraLab.builder().timing(LabTiming.AURORA).start();
 * AuroraLab custom = AuroraLab.builder()
 *         .timing(LabTiming.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ZERO).withHardFence(true))
 *         .start();
 * }</pre>
 */
public final class LabTiming {

    /** No artificial delays; fence = proxy disabled (immediate errors). */
    public static final LabTiming FAST = new LabTiming("FAST", Duration.ZERO, Duration.ZERO, Duration.ZERO, false);

    /** Detection 3 s, target restart 2 s, DNS delay 5 s, hard fence (black hole) of the old writer. */
    public static final LabTiming AURORA = new LabTiming("AURORA", Duration.ofSeconds(3), Duration.ofSeconds(5),
            Duration.ofSeconds(2), true);

    private static final Duration MAX_DELAY = Duration.ofMinutes(10);

    private final String name;
    private final Duration detectionDelay;
    private final Duration dnsDelay;
    private final Duration promotionDelay;
    private final boolean hardFence;

    private LabTiming(String name, Duration detectionDelay, Duration dnsDelay, Duration promotionDelay,
                      boolean hardFence) {
        this.name = name;
        this.detectionDelay = detectionDelay;
        this.dnsDelay = dnsDelay;
        this.promotionDelay = promotionDelay;
        this.hardFence = hardFence;
    }

    /**
     * A custom profile (named {@code CUSTOM}); fences by disabling the proxy unless {@link #withHardFence(boolean)}.
     *
     * @param detectionDelay time between a writer crash and the start of the automatic failover
     * @param dnsDelay       time the cluster endpoint keeps pointing at the old writer after promotion
     * @param promotionDelay time the promoted target stays unreachable ("restarts") before it serves as writer
     */
    public static LabTiming of(Duration detectionDelay, Duration dnsDelay, Duration promotionDelay) {
        return new LabTiming("CUSTOM", check("detectionDelay", detectionDelay), check("dnsDelay", dnsDelay),
                check("promotionDelay", promotionDelay), false);
    }

    private static Duration check(String option, Duration value) {
        Objects.requireNonNull(value, option);
        if (value.isNegative() || value.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("LabTiming " + option + " = " + value
                    + " is invalid; expected a duration between 0 and " + MAX_DELAY);
        }
        return value;
    }

    /** A copy that fences the old writer with a black hole (true) or by disabling its proxy (false). */
    public LabTiming withHardFence(boolean hardFence) {
        return new LabTiming(name, detectionDelay, dnsDelay, promotionDelay, hardFence);
    }

    /** {@code FAST}, {@code AURORA} or {@code CUSTOM}. */
    public String name() {
        return name;
    }

    /** Time between a writer crash and the start of the automatic failover. */
    public Duration detectionDelay() {
        return detectionDelay;
    }

    /** Time the cluster endpoint stays stale (pointing at the old writer) after the promotion. */
    public Duration dnsDelay() {
        return dnsDelay;
    }

    /** Time the promoted target is unreachable while it "restarts" as the writer. */
    public Duration promotionDelay() {
        return promotionDelay;
    }

    /** Whether the old writer is black-holed (true, like Aurora) rather than refusing connections (false). */
    public boolean hardFence() {
        return hardFence;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabTiming t && name.equals(t.name) && detectionDelay.equals(t.detectionDelay)
                && dnsDelay.equals(t.dnsDelay) && promotionDelay.equals(t.promotionDelay) && hardFence == t.hardFence;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, detectionDelay, dnsDelay, promotionDelay, hardFence);
    }

    @Override
    public String toString() {
        return name + "[detection=" + detectionDelay.toMillis() + "ms, dns=" + dnsDelay.toMillis() + "ms, promotion="
                + promotionDelay.toMillis() + "ms, hardFence=" + hardFence + "]";
    }
}
