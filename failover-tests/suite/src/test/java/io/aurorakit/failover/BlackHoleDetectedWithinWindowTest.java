package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.config.AuroraProperty;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.FailoverReport;
import io.aurorakit.measure.WrapperLogProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 3: the writer is black-holed ({@code isolate}: no RST, packets vanish) while a long query runs and the
 * socket timeout is 0. Enhanced failure monitoring declares the host dead inside failureDetectionTime + interval x
 * count + one probe timeout (monitoring-connectTimeout; +3 s tolerance), the wrapper starts writer failover, and once
 * the cluster fails over the work completes on the new writer.
 */
class BlackHoleDetectedWithinWindowTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(2);

    private static final Duration TOLERANCE = Duration.ofSeconds(3);

    @Test
    void failureDetectionFiresInsideItsWindowAndFailoverFollows(AuroraLab lab) throws Exception {
        EventLog events = new EventLog();
        String oldWriter = lab.writerId();
        try (WrapperLogProbe log = WrapperLogProbe.attach();
             AuroraDataSource ds = LabDataSources.forLab(lab).listener(events)
                     .property(AuroraProperty.SOCKET_TIMEOUT.key(), "0").build()) {
            Duration time = ds.config().duration(AuroraProperty.FAILURE_DETECTION_TIME);
            Duration interval = ds.config().duration(AuroraProperty.FAILURE_DETECTION_INTERVAL);
            int count = ds.config().integer(AuroraProperty.FAILURE_DETECTION_COUNT);
            Duration window = ds.config().failureDetectionWindow();
            assertThat(window).as("short EFM settings of the fast-failover preset").isLessThan(Duration.ofSeconds(12));

            LongQuery longQuery = LongQuery.start(ds);
            longQuery.awaitOnTheWire(lab, oldWriter);
            Instant isolated = lab.isolate(oldWriter).phase(FailoverReport.NETWORK_CHANGED).orElseThrow();
            try {
                Thread.sleep(500);
                assertThat(longQuery.result()).as("a black hole gives no immediate error").isNotDone();

                Instant dead = log.await(WrapperLogProbe.HOST_DEAD, window.plus(TOLERANCE).plusSeconds(10))
                        .orElseThrow(() -> new AssertionError("efm2 never declared the black-holed writer dead"));
                Duration detection = Duration.between(isolated, dead);
                assertThat(detection).as("isolate -> host declared dead").isPositive()
                        .isLessThan(window.plus(TOLERANCE));
                Instant failoverStarted = log.await(WrapperLogProbe.WRITER_FAILOVER, Duration.ofSeconds(10))
                        .orElseThrow(() -> new AssertionError("no writer failover after detection"));
                assertThat(failoverStarted).isAfterOrEqualTo(dead.minusMillis(50));

                // Aurora fails over an unreachable writer; the wrapper's failover then finds the new one.
                FailoverReport failover = lab.failover();
                String landedOn = longQuery.result().get(60, TimeUnit.SECONDS);
                Instant acknowledged = Instant.now();
                assertThat(landedOn).isEqualTo(failover.newWriterId()).isNotEqualTo(oldWriter);
                assertThat(longQuery.runs()).isEqualTo(2);

                FailoverTimings.record(lab, ScenarioTiming.of("3-black-hole-detection",
                                "isolate(writer) during a long query, socketTimeout=0, EFM " + time.toMillis() + "ms+"
                                        + interval.toMillis() + "ms x" + count)
                        .detectionMs(detection.toMillis())
                        .outageMs(Duration.between(isolated, acknowledged).toMillis())
                        .retries(ds.stats().retries()));
            } finally {
                lab.heal(oldWriter);
            }
        }
    }
}
