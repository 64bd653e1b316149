package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.lab.LabQueries;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.Await;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code close()} racing the first {@code write()}: the pool is starting (its first connection is slow because the
 * writer answers late) when the data source is closed. The started pool must be closed too - no HikariCP thread and no
 * connection of ours may be left behind.
 */
class CloseDuringFirstUseLeavesNoPoolTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(0);

    @Test
    void closeWhileThePoolStartsClosesThePoolThatStarted(AuroraLab lab) throws Exception {
        String app = "suite-close-race-" + UUID.randomUUID().toString().substring(0, 8);
        AuroraDataSource ds = LabDataSources.forLab(lab).property("ApplicationName", app).build();
        lab.latency(lab.writerId(), Duration.ofMillis(400)); // a connection takes several round trips: seconds
        try {
            CompletableFuture<Object> firstUse = CompletableFuture.supplyAsync(() -> {
                try {
                    return ds.write(LabSql.INSTANCE_ID);
                } catch (Exception e) {
                    return e;
                }
            });
            Thread.sleep(300); // the first write is opening the pool's first connection
            assertThat(firstUse).as("the pool is still starting").isNotDone();
            ds.close();
            firstUse.get(60, TimeUnit.SECONDS); // either outcome is fine; what matters is what is left behind
        } finally {
            lab.latency(lab.writerId(), Duration.ZERO);
            ds.close();
        }
        assertThat(WrapperThreads.awaitNone(CloseDuringFirstUseLeavesNoPoolTest::poolThreads, Duration.ofSeconds(10)))
                .as("HikariCP threads of the closed pool").isEmpty();
        long backends = Await.value(Duration.ofSeconds(10), () -> LabQueries.backends(lab, lab.writerId(), app),
                n -> n == 0);
        assertThat(backends).as("connections of the closed data source: %s", LabQueries.queryStringOn(lab,
                lab.writerId(), "SELECT string_agg(backend_start || ' ' || state || ' ' || left(query, 80), '; ') "
                        + "FROM pg_catalog.pg_stat_activity WHERE application_name = '" + app + "'")).isZero();
    }

    private static List<String> poolThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("aurora-kit-writer")).sorted().toList();
    }
}
