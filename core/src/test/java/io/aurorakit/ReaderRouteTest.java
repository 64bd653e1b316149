package io.aurorakit;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When reads leave a derived reader pool, and for how long (injected clock; the pool is never started). */
class ReaderRouteTest {

    private final AtomicLong now = new AtomicLong(1_000);

    private ReaderRoute route(boolean derived) {
        return new ReaderRoute(new HikariDataSource(), derived, Duration.ofSeconds(30), now::get);
    }

    @Test
    void aConnectionFailureOnADerivedPoolSendsReadsElsewhereForTheBypassPeriod() {
        ReaderRoute route = route(true);
        assertThat(route.readerPool()).isTrue();
        route.failed(new SQLException("connection attempt failed", "08001"));
        assertThat(route.readerPool()).isFalse();
        now.addAndGet(Duration.ofSeconds(30).toNanos() - 1);
        assertThat(route.readerPool()).as("still inside the period").isFalse();
        now.addAndGet(1);
        assertThat(route.readerPool()).as("after the period").isTrue();
    }

    @Test
    void anSqlErrorOrAGivenReaderEndpointKeepsReadsOnTheReaderPool() {
        ReaderRoute derived = route(true);
        derived.failed(new SQLException("syntax error", "42601"));
        assertThat(derived.readerPool()).isTrue();
        ReaderRoute given = route(false);
        given.failed(new SQLException("connection attempt failed", "08001"));
        assertThat(given.readerPool()).as("the application chose that endpoint").isTrue();
    }
}
