package io.aurorakit.lab;

import java.time.Duration;
import java.util.Objects;

/**
 * Aurora Serverless v2 for every instance of an {@link AuroraLab} (all of them {@code db.serverless}): the cluster's
 * {@code ServerlessV2ScalingConfiguration} - capacity range and {@code SecondsUntilAutoPause} - and how long a paused
 * instance takes to resume. Immutable; validated when made.
 *
 * <pre>{@code
 * AuroraLab lab = AuroraLab.builder()
 *         .serverless(ServerlessConfig.of(0, 4, Duration.ofSeconds(2)).withResumeTime(Duration.ofSeconds(2)))
 *         .start();
 * }</pre>
 *
 * <ul>
 *   <li>{@code minAcu} 0 to 256 and {@code maxAcu} 0.5 to 256, in half steps, {@code maxAcu >= minAcu}. Only with
 *       {@code minAcu = 0} do instances pause (Aurora's scale to zero).</li>
 *   <li>{@code autoPause} ({@code SecondsUntilAutoPause}): how long a pause group must go without a client connection
 *       before it pauses. Aurora accepts 300 s to 86 400 s (default 300 s); the lab accepts 1 s to 24 h so that tests
 *       run fast.</li>
 *   <li>{@code resumeTime}: how long a paused instance takes to resume (Aurora: about 15 s, the default);
 *       {@code deepSleepResumeTime} (default 30 s) after a pause longer than {@code deepSleepAfter} (default 24 h;
 *       Aurora: "30 seconds or longer" after 24 h).</li>
 * </ul>
 */
public final class ServerlessConfig {

    /** Aurora's default {@code SecondsUntilAutoPause}. */
    public static final Duration DEFAULT_AUTO_PAUSE = Duration.ofSeconds(300);
    /** Aurora's typical resume time. */
    public static final Duration DEFAULT_RESUME_TIME = Duration.ofSeconds(15);
    /** After a pause this long, Aurora's instance is in a deeper sleep and resumes more slowly. */
    public static final Duration DEFAULT_DEEP_SLEEP_AFTER = Duration.ofHours(24);
    /** Aurora's resume time after a deep sleep (it says "30 seconds or longer"). */
    public static final Duration DEFAULT_DEEP_SLEEP_RESUME_TIME = Duration.ofSeconds(30);

    static final double MAX_ACU = 256;
    static final Duration MIN_AUTO_PAUSE = Duration.ofSeconds(1);
    static final Duration MAX_AUTO_PAUSE = Duration.ofHours(24);
    static final Duration MAX_RESUME_TIME = Duration.ofMinutes(10);

    private final double minAcu;
    private final double maxAcu;
    private final Duration autoPause;
    private final Duration resumeTime;
    private final Duration deepSleepAfter;
    private final Duration deepSleepResumeTime;

    private ServerlessConfig(double minAcu, double maxAcu, Duration autoPause, Duration resumeTime,
                             Duration deepSleepAfter, Duration deepSleepResumeTime) {
        this.minAcu = minAcu;
        this.maxAcu = maxAcu;
        this.autoPause = autoPause;
        this.resumeTime = resumeTime;
        this.deepSleepAfter = deepSleepAfter;
        this.deepSleepResumeTime = deepSleepResumeTime;
    }

    /** A capacity range with Aurora's default auto-pause time (300 s, used only when {@code minAcu = 0}). */
    public static ServerlessConfig of(double minAcu, double maxAcu) {
        return of(minAcu, maxAcu, DEFAULT_AUTO_PAUSE);
    }

    /**
     * A capacity range and auto-pause time; resume times are Aurora's defaults (15 s, 30 s after 24 h).
     *
     * @param minAcu    0 (instances pause) to 256, in half steps
     * @param maxAcu    0.5 to 256, in half steps, at least {@code minAcu}
     * @param autoPause time without client connections before a pause group pauses, 1 s to 24 h (used only when
     *                  {@code minAcu = 0})
     * @throws IllegalArgumentException naming the option, its value and the expected form
     */
    public static ServerlessConfig of(double minAcu, double maxAcu, Duration autoPause) {
        checkAcu("minAcu", minAcu, 0);
        checkAcu("maxAcu", maxAcu, 0.5);
        if (maxAcu < minAcu) {
            throw new IllegalArgumentException("ServerlessConfig maxAcu = " + maxAcu + " is invalid; expected at "
                    + "least minAcu = " + minAcu);
        }
        if (autoPause == null || autoPause.compareTo(MIN_AUTO_PAUSE) < 0 || autoPause.compareTo(MAX_AUTO_PAUSE) > 0) {
            throw new IllegalArgumentException("ServerlessConfig autoPause = " + autoPause + " is invalid; expected "
                    + "a duration from 1 s to 24 h (Aurora's SecondsUntilAutoPause: 300 to 86400 s)");
        }
        return new ServerlessConfig(minAcu, maxAcu, autoPause, DEFAULT_RESUME_TIME, DEFAULT_DEEP_SLEEP_AFTER,
                DEFAULT_DEEP_SLEEP_RESUME_TIME);
    }

    private static void checkAcu(String option, double value, double least) {
        if (!(value >= least && value <= MAX_ACU) || value * 2 != Math.rint(value * 2)) {
            throw new IllegalArgumentException("ServerlessConfig " + option + " = " + value + " is invalid; expected "
                    + (least == 0 ? "0" : "0.5") + " to 256 ACU in steps of 0.5");
        }
    }

    /** A copy whose paused instances take {@code resumeTime} (0 to 10 min) to resume; default 15 s. */
    public ServerlessConfig withResumeTime(Duration resumeTime) {
        return new ServerlessConfig(minAcu, maxAcu, autoPause, checkResume("resumeTime", resumeTime), deepSleepAfter,
                deepSleepResumeTime);
    }

    /**
     * A copy in which an instance paused for longer than {@code after} (more than 0) takes {@code resumeTime}
     * (0 to 10 min) to resume; default 30 s after 24 h.
     */
    public ServerlessConfig withDeepSleep(Duration after, Duration resumeTime) {
        if (after == null || after.isNegative() || after.isZero()) {
            throw new IllegalArgumentException("ServerlessConfig deepSleepAfter = " + after + " is invalid; expected "
                    + "a duration of more than 0 (Aurora: 24 h)");
        }
        return new ServerlessConfig(minAcu, maxAcu, autoPause, this.resumeTime, after,
                checkResume("deepSleepResumeTime", resumeTime));
    }

    private static Duration checkResume(String option, Duration value) {
        if (value == null || value.isNegative() || value.compareTo(MAX_RESUME_TIME) > 0) {
            throw new IllegalArgumentException("ServerlessConfig " + option + " = " + value + " is invalid; expected "
                    + "a duration from 0 to " + MAX_RESUME_TIME.toMinutes() + " min");
        }
        return value;
    }

    /** The lowest capacity (ACU) of every instance; 0 means instances pause when idle. */
    public double minAcu() {
        return minAcu;
    }

    /** The highest capacity (ACU) of every instance. */
    public double maxAcu() {
        return maxAcu;
    }

    /** Whether instances pause when idle ({@code minAcu = 0}). */
    public boolean autoPauses() {
        return minAcu == 0;
    }

    /** Aurora's {@code SecondsUntilAutoPause}: time without client connections before a pause group pauses. */
    public Duration autoPause() {
        return autoPause;
    }

    /** How long a paused instance takes to resume. */
    public Duration resumeTime() {
        return resumeTime;
    }

    /** A pause longer than this puts an instance into the deeper sleep of {@link #deepSleepResumeTime()}. */
    public Duration deepSleepAfter() {
        return deepSleepAfter;
    }

    /** How long an instance paused for longer than {@link #deepSleepAfter()} takes to resume. */
    public Duration deepSleepResumeTime() {
        return deepSleepResumeTime;
    }

    /** The resume time after a pause of {@code pausedFor}. */
    Duration resumeTimeAfter(Duration pausedFor) {
        return pausedFor.compareTo(deepSleepAfter) > 0 ? deepSleepResumeTime : resumeTime;
    }

    /** The capacity of an instance that runs: {@code minAcu}, but at least 0.5 ACU (0 only while paused). */
    double floorAcu() {
        return Math.max(minAcu, 0.5);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerlessConfig c && minAcu == c.minAcu && maxAcu == c.maxAcu
                && autoPause.equals(c.autoPause) && resumeTime.equals(c.resumeTime)
                && deepSleepAfter.equals(c.deepSleepAfter) && deepSleepResumeTime.equals(c.deepSleepResumeTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(minAcu, maxAcu, autoPause, resumeTime, deepSleepAfter, deepSleepResumeTime);
    }

    @Override
    public String toString() {
        return "Serverless v2[" + minAcu + "-" + maxAcu + " ACU, "
                + (autoPauses() ? "auto-pause after " + autoPause.toMillis() + " ms" : "no auto-pause")
                + ", resume " + resumeTime.toMillis() + " ms (" + deepSleepResumeTime.toMillis() + " ms after "
                + deepSleepAfter.toMillis() + " ms paused)]";
    }
}
