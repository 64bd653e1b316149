package io.aurorakit.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.Reference;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import software.amazon.jdbc.plugin.efm.base.ConnectionContextService;
import software.amazon.jdbc.plugin.efm.base.ConnectionContextServiceFactory;
import software.amazon.jdbc.plugin.efm.base.PoolConnectionContextServiceImpl;
import software.amazon.jdbc.plugin.efm.base.SimpleConnectionContextServiceImpl;
import software.amazon.jdbc.plugin.efm.v2.HostMonitorConnectionContextV2;

class WrapperSystemDefaultsTest {

    @Test
    void exceptionContextAndEfmContextPoolAreOffByDefaultOnceAuroraConfigIsUsed() {
        AuroraConfig.builder().clusterEndpoint("h", 5432).build();
        assertThat(System.getProperty(WrapperSystemDefaults.EXCEPTION_CONTEXT)).isEqualTo("false");
        assertThat(System.getProperty(WrapperSystemDefaults.EFM_CONTEXT_POOL)).isEqualTo("false");
    }

    @Test
    void theWrapperGivesEveryMonitoredCallAContextOfItsOwn() {
        AuroraConfig.builder().clusterEndpoint("h", 5432).build();
        // what each efm plugin asks for when a wrapper connection is created
        assertThat(ConnectionContextServiceFactory.getInstance()).isInstanceOf(SimpleConnectionContextServiceImpl.class);
    }

    @Test
    void anExplicitUserSettingWins() {
        for (String key : WrapperSystemDefaults.DEFAULTS.keySet()) {
            Properties system = new Properties();
            system.setProperty(key, "true");
            WrapperSystemDefaults.apply(system);
            assertThat(system.getProperty(key)).as(key).isEqualTo("true");
        }
        Properties unset = new Properties();
        assertThat(WrapperSystemDefaults.apply(unset)).isTrue();
        assertThat(unset).containsAllEntriesOf(WrapperSystemDefaults.DEFAULTS);
        assertThat(WrapperSystemDefaults.apply(unset)).as("nothing left to set").isFalse();
    }

    /**
     * Why the pool is off: the calls wrapper 4.3.0 makes for a call whose connection efm2 aborts, in order, leave one
     * context in the JVM-wide pool twice; two later calls then share it, and the end of one deactivates the other.
     */
    @Test
    void thePooledServiceHandsOneContextToTwoCallsAfterAnAbort() {
        ConnectionContextService pool = new PoolConnectionContextServiceImpl();
        Connection hung = unusedConnection();
        try {
            HostMonitorConnectionContextV2 aborted = pool.acquire(HostMonitorConnectionContextV2.class,
                    c -> c.init(hung));
            // HostMonitorV2Impl.monitor(), host declared dead: flag, release, then abort the connection
            aborted.setNodeUnhealthy(true);
            pool.release(aborted);
            // the aborted call returns; HostMonitorServiceV2Impl.stopMonitoring(): shouldAbort() is false now (the
            // release cleared the connection), so it takes the other branch and releases again
            assertThat(aborted.shouldAbort()).isFalse();
            pool.release(aborted);

            // calls running at the same time (each holds its context until it returns)
            List<HostMonitorConnectionContextV2> held = new ArrayList<>();
            List<Connection> connections = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Connection c = unusedConnection();
                connections.add(c);
                held.add(pool.acquire(HostMonitorConnectionContextV2.class, ctx -> ctx.init(c)));
            }
            HostMonitorConnectionContextV2 shared = held.stream()
                    .filter(ctx -> held.stream().filter(other -> other == ctx).count() > 1).findFirst()
                    .orElseThrow(() -> new AssertionError("no context was handed out twice: " + held));
            pool.release(shared); // the shorter of the two calls returns ...
            assertThat(shared.isActive()).as("... and the other one, still running, is no longer monitored")
                    .isFalse();
            Reference.reachabilityFence(connections); // contexts refer to their connections weakly
        } finally {
            PoolConnectionContextServiceImpl.clear();
        }
    }

    /** A connection object for the context's weak reference only: the test never calls it, and a call would fail. */
    private static Connection unusedConnection() {
        return (Connection) Proxy.newProxyInstance(WrapperSystemDefaultsTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    throw new AssertionError("the test's placeholder connection was called: " + method.getName());
                });
    }
}
