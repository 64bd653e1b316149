package io.aurorakit.lab;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads every instance's {@link TopologyView} straight on its server (bypassing the proxies, so also while the
 * instance is fenced) every few milliseconds in a background thread, and keeps what it saw: evidence that a client
 * really met a topology transient during a failover. An instance that is down is skipped until it answers again.
 *
 * <pre>{@code
 * try (TopologySampler sampler = TopologySampler.start(lab, Duration.ofMillis(50))) {
 *     lab.crashWriter();
 * }
 * assertThat(sampler.seen(v -> !v.inRecovery() && v.writerIds().isEmpty())).isNotEmpty();
 * }</pre>
 */
public final class TopologySampler implements AutoCloseable {

    /** One view and when it was read. */
    public record Sample(Instant at, TopologyView view) {
    }

    private final AuroraLab lab;
    private final Duration every;
    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, Connection> connections = new HashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    private TopologySampler(AuroraLab lab, Duration every) {
        this.lab = lab;
        this.every = every;
        this.thread = new Thread(this::run, "aurora-lab-topology-sampler");
        this.thread.setDaemon(true);
    }

    /** Starts sampling every instance of the lab every {@code every}. */
    public static TopologySampler start(AuroraLab lab, Duration every) {
        TopologySampler sampler = new TopologySampler(lab, every);
        sampler.thread.start();
        return sampler;
    }

    private void run() {
        while (!closed) {
            for (LabInstance instance : lab.instances()) {
                Connection c = connections.get(instance.id());
                try {
                    if (c == null) {
                        c = lab.connectDirect(instance.id());
                        connections.put(instance.id(), c);
                    }
                    TopologyView view = TopologyView.read(c);
                    synchronized (samples) {
                        samples.add(new Sample(Instant.now(), view));
                    }
                } catch (SQLException | RuntimeException e) {
                    connections.remove(instance.id());
                    close(c);
                }
            }
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                break;
            }
        }
        connections.values().forEach(TopologySampler::close);
    }

    /** Every sample so far, in the order read. */
    public List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** The samples whose view matches. */
    public List<Sample> seen(Predicate<TopologyView> matching) {
        return samples().stream().filter(s -> matching.test(s.view())).toList();
    }

    /** Stops sampling (the samples stay). */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // broken connection
            }
        }
    }
}
