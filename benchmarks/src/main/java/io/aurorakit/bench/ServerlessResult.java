package io.aurorakit.bench;

import java.util.List;
import java.util.Map;

/**
 * What the Serverless v2 harness ({@link ServerlessHarness}) measured, as written to its JSON file and read back by
 * {@link ResultsReport}.
 *
 * @param generatedAt ISO-8601 time the run finished
 * @param profile     {@code quick}, {@code full} or {@code smoke}
 * @param environment machine and versions
 * @param lab         the labs' Serverless v2 settings
 * @param idle        one entry per preset whose idle connections were sampled (empty: not measured)
 * @param resumes     one entry per first query after a resume
 */
record ServerlessResult(String generatedAt, String profile, Environment environment, LabSettings lab,
                        List<IdleRun> idle, List<ResumeRun> resumes) {

    /**
     * The labs every run used.
     *
     * @param readers            readers next to the writer (promotion tier 1: they pause and resume with it)
     * @param autoPauseMs        {@code autoPause} ({@code SecondsUntilAutoPause}; Aurora: 300 s to 24 h)
     * @param resumeTimeMs       how long a paused instance takes to resume
     * @param housekeepingMs     HikariCP housekeeping period of the resume runs' pools (its default elsewhere: 30 s)
     */
    record LabSettings(int readers, long autoPauseMs, long resumeTimeMs, long housekeepingMs) {
    }

    /**
     * One preset left idle after a short warm-up, its connections to the cluster sampled.
     *
     * @param preset               preset name
     * @param overrides            properties set on top of the preset (none: the preset as it is)
     * @param housekeepingMs       HikariCP housekeeping period of its pools (HikariCP's default: 30 000)
     * @param expectedZero         the README's bound for "JVM holds no connection after", from the preset's settings
     * @param windowMs             how long it was sampled after its last use
     * @param connectionsPerSecond client connections through the cluster's proxies at 1 s, 2 s, ... after the last use
     * @param maxConnections       the most seen while idle (sampled every 250 ms)
     * @param zeroAfterMs          last use to the first sample after which none was seen any more; null: never
     * @param pausedAfterMs        last use to the lab's {@code paused} phase; null: it did not pause in the window
     */
    record IdleRun(String preset, Map<String, String> overrides, long housekeepingMs, String expectedZero,
                   long windowMs, List<Integer> connectionsPerSecond, int maxConnections, Long zeroAfterMs,
                   Long pausedAfterMs) {
    }

    /**
     * One {@code write()} on a paused cluster, timed from the call until it returned.
     *
     * @param preset            preset name
     * @param repetition        1-based
     * @param overrides         properties set on top of the preset to let it pause sooner
     * @param zeroAfterMs       last use to no connection (sampled every 100 ms); null if it never got there
     * @param pausedAfterMs     last use to the whole cluster paused; null if it did not pause (then nothing was timed)
     * @param firstQueryMs      the timed {@code write()}: call to return (or to the exception)
     * @param labResumeMs       the lab's resume that the write caused: {@code resume-initiated} to {@code resumed}
     * @param resumeStartMs     the call to the lab's {@code resume-initiated} (the connection reaching the proxy)
     * @param ok                whether {@code write()} returned
     * @param error             what {@code write()} threw: class, SQLState, message (and root cause); null if ok
     * @param handled           failures aurora-kit handled inside {@code write()} (its FailoverListener events), by
     *                          kind and SQLState
     * @param encrypted         whether the connection that ran the write used TLS ({@code pg_stat_ssl}); null if none
     */
    record ResumeRun(String preset, int repetition, Map<String, String> overrides, Long zeroAfterMs,
                     Long pausedAfterMs, long firstQueryMs, Long labResumeMs, Long resumeStartMs, boolean ok,
                     String error, Map<String, Integer> handled, Boolean encrypted) {

        /** First query minus the lab's resume time; null without a resume. */
        Long excessMs() {
            return labResumeMs == null ? null : firstQueryMs - labResumeMs;
        }
    }
}
