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
 *       endpoint keeps pointing at the old writer for 5 s (Aurora's DNS TTL) while the old writer comes back as a
 *       read-only reader, the old writer is hard-fenced (black hole, no RST: statements in flight hang until the
 *       client's own timeouts) until then, and a crashed reader stays in the reader endpoint's rotation for 5 s.</li>
 *   <li>{@link #AURORA_MIN}: the same mechanisms at the lower bounds of Aurora's delays (detection 1 s, restart 1 s,
 *       stale cluster name 3 s, reader health check 2 s): the scenario suite's default, so that it meets every
 *       mechanism inside its time budget.</li>
 * </ul>
 * In every profile the old writer comes back read-only before the cluster name moves when the rejoin is faster than
 * the DNS delay (a write there gets SQLState 25006, as on Aurora), and the reader endpoint answers each lookup with a
 * random healthy reader.
 * Example:
 * <pre>{@code
 * AuroraLab lab = AuroraLab.builder().timing(LabTiming.AURORA).start();
 * AuroraLab custom = AuroraLab.builder()
 *         .timing(LabTiming.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ZERO).withHardFence(true))
 *         .start();
 * }</pre>
 */
public final class LabTiming {

    /** No artificial delays; fence = proxy disabled (immediate errors); a crashed reader leaves the reader endpoint at once. */
    public static final LabTiming FAST = new LabTiming("FAST", Duration.ZERO, Duration.ZERO, Duration.ZERO, false,
            Duration.ZERO);

    /** Detection 3 s, target restart 2 s, DNS delay 5 s, hard fence (black hole) of the old writer, reader health check 5 s. */
    public static final LabTiming AURORA = new LabTiming("AURORA", Duration.ofSeconds(3), Duration.ofSeconds(5),
            Duration.ofSeconds(2), true, Duration.ofSeconds(5));

    /**
     * Aurora's mechanisms at the lower bounds of its delays: detection 1 s, target restart 1 s, DNS delay 3 s, hard
     * fence, reader health check 2 s. The default of {@link AuroraLabExtension}.
     */
    public static final LabTiming AURORA_MIN = new LabTiming("AURORA_MIN", Duration.ofSeconds(1),
            Duration.ofSeconds(3), Duration.ofSeconds(1), true, Duration.ofSeconds(2));

    private static final Duration MAX_DELAY = Duration.ofMinutes(10);

    private final String name;
    private final Duration detectionDelay;
    private final Duration dnsDelay;
    private final Duration promotionDelay;
    private final boolean hardFence;
    private final Duration readerHealthCheckDelay;

    private LabTiming(String name, Duration detectionDelay, Duration dnsDelay, Duration promotionDelay,
                      boolean hardFence, Duration readerHealthCheckDelay) {
        this.name = name;
        this.detectionDelay = detectionDelay;
        this.dnsDelay = dnsDelay;
        this.promotionDelay = promotionDelay;
        this.hardFence = hardFence;
        this.readerHealthCheckDelay = readerHealthCheckDelay;
    }

    /**
     * A custom profile (named {@code CUSTOM}); fences by disabling the proxy unless {@link #withHardFence(boolean)};
     * a crashed reader leaves the reader endpoint at once unless {@link #withReaderHealthCheckDelay(Duration)}.
     *
     * @param detectionDelay time between a writer crash and the start of the automatic failover
     * @param dnsDelay       time the cluster endpoint keeps pointing at the old writer after promotion
     * @param promotionDelay time the promoted target stays unreachable ("restarts") before it serves as writer
     */
    public static LabTiming of(Duration detectionDelay, Duration dnsDelay, Duration promotionDelay) {
        return new LabTiming("CUSTOM", check("detectionDelay", detectionDelay), check("dnsDelay", dnsDelay),
                check("promotionDelay", promotionDelay), false, Duration.ZERO);
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
        return new LabTiming(name, detectionDelay, dnsDelay, promotionDelay, hardFence, readerHealthCheckDelay);
    }

    /** A copy in which a stopped or crashed reader stays in the reader endpoint's answers for {@code delay}. */
    public LabTiming withReaderHealthCheckDelay(Duration delay) {
        return new LabTiming(name, detectionDelay, dnsDelay, promotionDelay, hardFence,
                check("readerHealthCheckDelay", delay));
    }

    /** {@code FAST}, {@code AURORA}, {@code AURORA_MIN} or {@code CUSTOM}. */
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

    /** How long a stopped or crashed reader keeps being returned by the reader endpoint (Aurora's health check). */
    public Duration readerHealthCheckDelay() {
        return readerHealthCheckDelay;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabTiming t && name.equals(t.name) && detectionDelay.equals(t.detectionDelay)
                && dnsDelay.equals(t.dnsDelay) && promotionDelay.equals(t.promotionDelay) && hardFence == t.hardFence
                && readerHealthCheckDelay.equals(t.readerHealthCheckDelay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, detectionDelay, dnsDelay, promotionDelay, hardFence, readerHealthCheckDelay);
    }

    @Override
    public String toString() {
        return name + "[detection=" + detectionDelay.toMillis() + "ms, dns=" + dnsDelay.toMillis() + "ms, promotion="
                + promotionDelay.toMillis() + "ms, hardFence=" + hardFence + ", readerHealthCheck="
                + readerHealthCheckDelay.toMillis() + "ms]";
    }
}
