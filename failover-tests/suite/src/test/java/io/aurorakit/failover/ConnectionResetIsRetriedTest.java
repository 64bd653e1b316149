package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.aurorakit.AuroraDataSource;
import io.aurorakit.config.AuroraProperty;
import io.aurorakit.lab.LabQueries;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.Await;
import io.aurorakit.retry.FailoverEvent;
import io.aurorakit.retry.FailureKind;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 5: connections to the writer are reset by the peer (Toxiproxy {@code reset_peer}: TCP RST on every
 * connection opened after the toxic was added) while the pool has to reconnect. {@code write()} sees the reset as an
 * unavailable cluster, backs off, runs the work again once the resets stop, and the row is committed exactly once.
 */
class ConnectionResetIsRetriedTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(1);

    private static final String TABLE = "s5_writes";
    private static final String TOXIC = "suite-reset-peer";

    @Test
    void workHitByConnectionResetsIsRetriedAndSucceeds(AuroraLab lab) throws Exception {
        EventLog events = new EventLog();
        String writer = lab.writerId();
        try (AuroraDataSource ds = LabDataSources.forLab(lab).listener(events)
                .property(AuroraProperty.POOL_CONNECTION_TIMEOUT.key(), "2s").build()) {
            ds.writeIdempotent(LabSql.createTable(TABLE));

            Toxic reset = LabToxiproxy.proxy(lab, writer).toxics().resetPeer(TOXIC, ToxicDirection.UPSTREAM, 0);
            Instant faultAt = Instant.now();
            Instant removedAt;
            CompletableFuture<String> write;
            try {
                ds.unwrap(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
                write = CompletableFuture.supplyAsync(() -> {
                    try {
                        return ds.write(LabSql.insert(TABLE, "reset-1"));
                    } catch (SQLException e) {
                        throw new CompletionException(e);
                    }
                });
                awaitEvent(events, FailureKind.UNAVAILABLE, Duration.ofSeconds(20));
            } finally {
                reset.remove();
                removedAt = Instant.now();
            }
            String landedOn = write.get(30, TimeUnit.SECONDS);
            Instant acknowledged = Instant.now();

            assertThat(landedOn).isEqualTo(writer);
            FailoverEvent first = events.ofKind(FailureKind.UNAVAILABLE).get(0);
            // HikariCP's "connection not available" (SQLTransientConnectionException, no SQLState) or pgjdbc's 08xxx
            assertThat(first.sqlState() == null || first.sqlState().startsWith("08"))
                    .as("a connection-class failure: %s", first).isTrue();
            assertThat(first.retrying()).isTrue();
            assertThat(ds.stats().retries()).isPositive();
            assertThat(acknowledged).isAfter(removedAt);
            assertThat(LabQueries.count(lab, writer, "SELECT count(*) FROM " + TABLE + " WHERE k = 'reset-1'"))
                    .as("committed exactly once").isEqualTo(1);

            FailoverTimings.record(lab, ScenarioTiming.of("5-connection-reset",
                            "reset_peer on the writer's new connections until the first retry")
                    .detectionMs(Duration.between(faultAt, first.time()).toMillis())
                    .outageMs(Duration.between(faultAt, acknowledged).toMillis())
                    .retries(ds.stats().retries()).writes(1, 0, 0));
        }
    }

    private static void awaitEvent(EventLog events, FailureKind kind, Duration timeout)
            throws InterruptedException {
        if (!Await.until(timeout, () -> !events.ofKind(kind).isEmpty())) {
            throw new AssertionError("no " + kind + " event within " + timeout + "; events: " + events.all());
        }
    }
}
