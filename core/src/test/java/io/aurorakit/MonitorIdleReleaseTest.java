package io.aurorakit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurorakit.config.AuroraConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code monitorIdleTimeout} on an exact clock: the wrapper is a recorder, the pools are a number, and time moves only
 * when the test says so.
 */
class MonitorIdleReleaseTest {

    private static final String CLUSTER = "db.cluster-abc.us-east-1.rds.amazonaws.com:5432";
    private static final Duration IDLE = Duration.ofSeconds(30);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final FakeWrapper wrapper = new FakeWrapper();
    private final MonitorIdleRelease.Registry registry = new MonitorIdleRelease.Registry(wrapper);

    /** Records the calls; the topology lists two instances; efm2 monitors in {@link #idleMonitors} are idle. */
    private static final class FakeWrapper implements MonitorIdleRelease.WrapperMonitors {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final Map<String, List<String>> topologies = Map.of(CLUSTER, List.of("i-1.abc.us-east-1.rds.amazonaws.com:5432/",
                "i-2.abc.us-east-1.rds.amazonaws.com:5432/"));
        Set<String> idleMonitors = Set.of();
        Runnable duringStop = () -> { };

        @Override
        public List<String> stopTopologyMonitor(String clusterId) {
            calls.add("topology " + clusterId);
            duringStop.run();
            return topologies.getOrDefault(clusterId, List.of());
        }

        @Override
        public boolean stopIdleFailureDetection(String key) {
            calls.add("efm2 " + key);
            return idleMonitors.contains(key);
        }

        @Override
        public boolean stopResponseTimeMonitor(String url) {
            calls.add("ping " + url);
            return false;
        }

        long topologyStops() {
            return calls.stream().filter(c -> c.startsWith("topology")).count();
        }
    }

    private MonitorIdleRelease participant(String clusterId, AtomicInteger connections) {
        return new MonitorIdleRelease(registry, clusterId, IDLE, connections::get, now::get, "10000:5000:3:",
                List.of("db.cluster-abc.us-east-1.rds.amazonaws.com:5432/"));
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    /** One use of the data source: getConnection() opens a pooled connection that stays in the pool. */
    private static void use(MonitorIdleRelease p, AtomicInteger connections) {
        p.beforeConnect();
        connections.set(1);
        p.afterConnect();
    }

    @Test
    void aDataSourceThatNeverConnectedNeverTouchesTheWrapper() {
        MonitorIdleRelease p = participant(CLUSTER, new AtomicInteger());
        advance(Duration.ofHours(1));
        p.tick();
        assertThat(wrapper.calls).isEmpty();
    }

    @Test
    void monitorsAreStoppedOnceWhenThePoolsHaveBeenEmptyForTheIdleTimeout() {
        AtomicInteger connections = new AtomicInteger();
        MonitorIdleRelease p = participant(CLUSTER, connections);
        use(p, connections);
        // the pooled connection stays 90 s (HikariCP idleTimeout + housekeeping); the checks see it
        for (int i = 0; i < 18; i++) {
            advance(Duration.ofSeconds(5));
            p.tick();
        }
        connections.set(0); // HikariCP retired it
        advance(IDLE.minusMillis(1));
        p.tick();
        assertThat(wrapper.calls).as("not yet 30 s since the last check that saw a connection").isEmpty();
        advance(Duration.ofMillis(1));
        p.tick();
        assertThat(wrapper.topologyStops()).as("30 s after the last check that saw a connection").isEqualTo(1);
        advance(Duration.ofMinutes(10));
        p.tick();
        assertThat(wrapper.topologyStops()).as("nothing restarted: no second stop").isEqualTo(1);
    }

    @Test
    void theIdleTimeIsCountedFromTheLastGetConnection() {
        AtomicInteger connections = new AtomicInteger();
        MonitorIdleRelease p = participant(CLUSTER, connections);
        p.beforeConnect();
        p.afterConnect(); // a getConnection() that failed: no connection in the pool
        advance(Duration.ofSeconds(29));
        p.tick();
        assertThat(wrapper.calls).isEmpty();
        advance(Duration.ofSeconds(1));
        p.tick();
        assertThat(wrapper.calls).startsWith("topology " + CLUSTER);
    }

    @Test
    void aGetConnectionUnderWayBlocksTheReleaseHoweverLongItTakes() {
        AtomicInteger connections = new AtomicInteger();
        MonitorIdleRelease p = participant(CLUSTER, connections);
        p.beforeConnect(); // e.g. waiting 45 s for a resuming instance: the pool holds no connection yet
        advance(Duration.ofMinutes(5));
        p.tick();
        assertThat(wrapper.calls).isEmpty();
        p.afterConnect();
        advance(IDLE);
        p.tick();
        assertThat(wrapper.topologyStops()).isEqualTo(1);
    }

    @Test
    void aReleaseAfterNewUseHappensAgain() {
        AtomicInteger connections = new AtomicInteger();
        MonitorIdleRelease p = participant(CLUSTER, connections);
        use(p, connections);
        connections.set(0);
        advance(IDLE);
        p.tick();
        use(p, connections);
        advance(Duration.ofSeconds(5));
        p.tick();
        connections.set(0);
        advance(IDLE);
        p.tick();
        assertThat(wrapper.topologyStops()).isEqualTo(2);
    }

    @Test
    void connectionsHikariOpensOnItsOwnCountAsBusy() {
        AtomicInteger connections = new AtomicInteger();
        MonitorIdleRelease p = participant(CLUSTER, connections);
        use(p, connections);
        connections.set(0);
        advance(Duration.ofSeconds(20));
        connections.set(1); // minimumIdle > 0: the housekeeper refilled the pool, no getConnection()
        p.tick();
        connections.set(0);
        advance(Duration.ofSeconds(20));
        p.tick();
        assertThat(wrapper.calls).as("only 20 s since the refill was seen").isEmpty();
    }

    @Test
    void theClusterIsReleasedOnlyWhenEveryDataSourceOnItIsQuietAndOtherClustersAreUntouched() {
        AtomicInteger a = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        MonitorIdleRelease pa = participant(CLUSTER, a);
        MonitorIdleRelease pb = participant(CLUSTER, b);
        MonitorIdleRelease po = participant("other.cluster-xyz.us-east-1.rds.amazonaws.com:5432", other);
        use(pa, a);
        use(pb, b);
        use(po, other);
        a.set(0);
        advance(IDLE);
        pa.tick();
        assertThat(wrapper.calls).as("b still holds a connection").isEmpty();
        b.set(0);
        pb.tick(); // b empty now: its 30 s start here
        advance(IDLE.minusSeconds(1));
        pa.tick();
        assertThat(wrapper.calls).isEmpty();
        advance(Duration.ofSeconds(1));
        pa.tick();
        assertThat(wrapper.calls).filteredOn(c -> c.startsWith("topology")).containsExactly("topology " + CLUSTER);
        assertThat(registry.participants(CLUSTER)).isEqualTo(2);
        assertThat(registry.participants("other.cluster-xyz.us-east-1.rds.amazonaws.com:5432")).isEqualTo(1);
    }

    @Test
    void idleFailureDetectionMonitorsOfTheClustersInstancesAndEndpointsAreStopped() {
        wrapper.idleMonitors = Set.of("10000:5000:3:i-2.abc.us-east-1.rds.amazonaws.com:5432/");
        AtomicInteger connections = new AtomicInteger();
        MonitorIdleRelease p = participant(CLUSTER, connections);
        use(p, connections);
        connections.set(0);
        advance(IDLE);
        p.tick();
        assertThat(wrapper.calls).containsExactly("topology " + CLUSTER,
                "efm2 10000:5000:3:i-1.abc.us-east-1.rds.amazonaws.com:5432/",
                "efm2 10000:5000:3:i-2.abc.us-east-1.rds.amazonaws.com:5432/",
                "efm2 10000:5000:3:db.cluster-abc.us-east-1.rds.amazonaws.com:5432/",
                "ping i-1.abc.us-east-1.rds.amazonaws.com:5432/",
                "ping i-2.abc.us-east-1.rds.amazonaws.com:5432/",
                "ping db.cluster-abc.us-east-1.rds.amazonaws.com:5432/");
    }

    @Test
    void aGetConnectionArrivingDuringTheReleaseWaitsForIt() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        MonitorIdleRelease p = participant(CLUSTER, connections);
        use(p, connections);
        connections.set(0);
        advance(IDLE);
        List<Boolean> connectedDuringStop = new ArrayList<>();
        AtomicReference<CompletableFuture<Void>> arriving = new AtomicReference<>();
        wrapper.duringStop = () -> {
            arriving.set(CompletableFuture.runAsync(() -> {
                p.beforeConnect();
                p.afterConnect();
            }));
            try {
                arriving.get().get(200, TimeUnit.MILLISECONDS);
                connectedDuringStop.add(true);
            } catch (TimeoutException e) {
                connectedDuringStop.add(false);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        p.tick();
        arriving.get().get(5, TimeUnit.SECONDS);
        assertThat(connectedDuringStop).containsExactly(false);
        assertThat(wrapper.topologyStops()).isEqualTo(1);
    }

    @Test
    void aClosedDataSourceLeavesTheRegistryAndNoLongerHoldsTheOthersBack() {
        AtomicInteger a = new AtomicInteger();
        AtomicInteger b = new AtomicInteger(1);
        MonitorIdleRelease pa = participant(CLUSTER, a);
        MonitorIdleRelease pb = participant(CLUSTER, b);
        use(pa, a);
        a.set(0);
        pb.close();
        pb.close();
        advance(IDLE);
        pa.tick();
        assertThat(wrapper.topologyStops()).isEqualTo(1);
        pa.close();
        assertThat(registry.participants(CLUSTER)).isZero();
    }

    @Test
    void aZeroIdleTimeoutIsNotAParticipant() {
        assertThatThrownBy(() -> new MonitorIdleRelease(registry, CLUSTER, Duration.ZERO, () -> 0, now::get, null,
                List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void startFollowsThePresetAndTheEndpoint() {
        AuroraConfig serverless = AuroraConfig.builder()
                .url("jdbc:aurora:postgresql://db.cluster-abc.us-east-1.rds.amazonaws.com/app?preset=serverless-v2")
                .build();
        MonitorIdleRelease p = MonitorIdleRelease.start(serverless, () -> 0);
        try {
            assertThat(p).isNotNull();
            assertThat(p.isScheduled()).isTrue();
            assertThat(p.clusterId()).isEqualTo(CLUSTER);
            assertThat(MonitorIdleRelease.SHARED.participants(CLUSTER)).isPositive();
        } finally {
            p.close();
        }
        assertThat(p.isScheduled()).isFalse();
        assertThat(MonitorIdleRelease.failureDetectionKeyPrefix(serverless)).isEqualTo("10000:5000:3:");
        assertThat(MonitorIdleRelease.start(AuroraConfig.builder()
                .url("jdbc:aurora:postgresql://db.cluster-abc.us-east-1.rds.amazonaws.com/app").build(), () -> 0))
                .as("off by default").isNull();
        assertThat(MonitorIdleRelease.start(AuroraConfig.builder()
                .url("jdbc:aurora:postgresql://127.0.0.1/app?preset=serverless-v2").build(), () -> 0))
                .as("a plain PostgreSQL host runs no wrapper monitors").isNull();
    }

    @Test
    void theRealWrapperServicesAcceptTheCallsForAClusterWithNoMonitors() {
        // links against the wrapper 4.3.0 API and runs it: nothing registered under these keys, nothing stopped
        assertThat(MonitorIdleRelease.WrapperMonitors.AWS.stopTopologyMonitor("no-such-cluster:5432")).isEmpty();
        assertThat(MonitorIdleRelease.WrapperMonitors.AWS.stopIdleFailureDetection("10000:5000:3:no-such-host:5432/"))
                .isFalse();
        assertThat(MonitorIdleRelease.WrapperMonitors.AWS.stopResponseTimeMonitor("no-such-host:5432/")).isFalse();
    }

    @Test
    void aServerlessDataSourceTakesPartUntilClosedAnOtherOneDoesNot() {
        String host = "sv.cluster-abc.us-east-1.rds.amazonaws.com";
        AuroraDataSource ds = AuroraDataSource.builder().clusterEndpoint(host, 5432)
                .preset(io.aurorakit.config.Preset.SERVERLESS_V2).build();
        AuroraDataSource provisioned = AuroraDataSource.builder().clusterEndpoint(host, 5432).build();
        assertThat(MonitorIdleRelease.SHARED.participants(host + ":5432")).isEqualTo(1);
        ds.close();
        provisioned.close();
        assertThat(MonitorIdleRelease.SHARED.participants(host + ":5432")).isZero();
    }
}
