package io.aurorakit.lab.toxiproxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One direction of a proxied connection: reads the source socket and writes the destination socket.
 *
 * <p>Without toxics the reader thread copies directly (one reusable buffer, no per-read allocation). From the moment
 * a toxic applies, the link is "pipelined" for the rest of its life: the reader queues time-stamped chunks and a
 * second thread runs them through the toxic chain. So reading goes on while a toxic holds data (latency does not
 * accumulate, timeout reads and drops), and chain changes reach live connections.
 */
final class Link {
    static final int BUFFER_SIZE = 32 * 1024;
    private static final int QUEUE_CAPACITY = 1024;

    private final Connection connection;
    private final Direction direction;
    private final Object lock = new Object();
    private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
    private volatile boolean pipelined;
    // guarded by lock
    private List<LinkToxic> toxics = List.of();
    private Stage head = new Stage(this, null, null);
    private int version;
    private boolean started;
    private boolean toxicThreadStarted;
    private OutputStream out;

    Link(Connection connection, Direction direction, List<ToxicSpec> specs) {
        this.connection = connection;
        this.direction = direction;
        applyToxics(specs);
    }

    private String threadName() {
        return connection.threadName() + (direction == Direction.UPSTREAM ? "-up" : "-down");
    }

    /**
     * Installs a new toxic chain (keeping the state of toxics that stay) and wakes the toxic thread. Closes the
     * connection when a removed toxic requires it ({@code timeout}).
     */
    void applyToxics(List<ToxicSpec> specs) {
        boolean close = false;
        synchronized (lock) {
            Map<String, LinkToxic> old = new HashMap<>();
            for (LinkToxic toxic : toxics) {
                old.put(toxic.spec().name(), toxic);
            }
            LinkToxic[] chain = new LinkToxic[specs.size()];
            for (int i = 0; i < chain.length; i++) {
                ToxicSpec spec = specs.get(i);
                LinkToxic toxic = old.remove(spec.name());
                if (toxic == null) {
                    toxic = spec.type().newLinkToxic(spec);
                } else if (toxic.spec() != spec) {
                    toxic.update(spec);
                }
                chain[i] = toxic;
            }
            for (LinkToxic removed : old.values()) {
                removed.remove();
                close |= removed.closesConnectionWhenRemoved();
            }
            Stage stage = new Stage(this, null, null);
            for (int i = chain.length - 1; i >= 0; i--) {
                stage = new Stage(this, chain[i], stage);
            }
            toxics = List.of(chain);
            head = stage;
            version++;
            if (chain.length > 0) {
                pipelined = true;
                startToxicThreadIfReady();
            }
            lock.notifyAll();
        }
        if (close) {
            connection.close();
        }
    }

    private void startToxicThreadIfReady() {
        if (started && pipelined && !toxicThreadStarted && !connection.isClosed()) {
            toxicThreadStarted = true;
            connection.workers().start(threadName() + "-toxics", this::runToxics);
        }
    }

    /** Runs the reader on the calling thread until the source ends or the connection closes. */
    void run(Socket source, Socket destination) {
        byte[] buffer = new byte[BUFFER_SIZE];
        try {
            InputStream in = source.getInputStream();
            OutputStream directOut = destination.getOutputStream();
            synchronized (lock) {
                out = directOut;
                started = true;
                startToxicThreadIfReady();
            }
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    if (pipelined) {
                        enqueue(Chunk.EOF);
                    } else {
                        connection.close();
                    }
                    return;
                }
                if (pipelined) {
                    enqueue(new Chunk(Arrays.copyOf(buffer, n), 0, n, System.nanoTime()));
                } else {
                    directOut.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // A reset or read error ends the source like an end of stream: with toxics it travels down the chain
            // (so slow_close or a black hole can hold it), as in Toxiproxy, where both end the reader.
            if (pipelined && !connection.isClosed()) {
                try {
                    enqueue(Chunk.EOF);
                    return;
                } catch (IOException closed) {
                    // the connection closed meanwhile
                }
            }
            connection.close();
        }
    }

    private void enqueue(Chunk chunk) throws IOException {
        synchronized (lock) {
            while (queue.size() >= QUEUE_CAPACITY && !connection.isClosed()) {
                waitNanos(Long.MAX_VALUE);
            }
            if (connection.isClosed()) {
                throw new LinkClosedException();
            }
            queue.add(chunk);
            lock.notifyAll();
        }
    }

    private void runToxics() {
        try {
            while (true) {
                Chunk chunk;
                Stage stage;
                boolean expired = false;
                synchronized (lock) {
                    while (queue.isEmpty()) {
                        if (connection.isClosed()) {
                            return;
                        }
                        long now = System.nanoTime();
                        long deadline = closeDeadline();
                        if (deadline != Long.MAX_VALUE && deadline - now <= 0) {
                            expired = true;
                            break;
                        }
                        waitNanos(deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - now);
                    }
                    chunk = expired ? null : queue.poll();
                    stage = head;
                    lock.notifyAll();
                }
                if (expired) {
                    connection.close();
                    return;
                }
                if (chunk == Chunk.EOF) {
                    stage.eof();
                    connection.close();
                    return;
                }
                stage.accept(chunk);
            }
        } catch (IOException e) {
            connection.close();
        }
    }

    /** The earliest close deadline of the chain's toxics (guarded by lock). */
    private long closeDeadline() {
        long earliest = Long.MAX_VALUE;
        for (LinkToxic toxic : toxics) {
            long deadline = toxic.closeDeadlineNanos();
            if (deadline != Long.MAX_VALUE && (earliest == Long.MAX_VALUE || deadline - earliest < 0)) {
                earliest = deadline;
            }
        }
        return earliest;
    }

    private void waitNanos(long nanos) throws LinkClosedException {
        try {
            if (nanos == Long.MAX_VALUE) {
                lock.wait();
            } else {
                TimeUnit.NANOSECONDS.timedWait(lock, Math.max(nanos, 1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LinkClosedException();
        }
    }

    /** See {@link Stage#sleepUntil(long)}; Long.MAX_VALUE waits until the toxics change. */
    boolean sleepUntil(long deadlineNanos) throws IOException {
        synchronized (lock) {
            int startVersion = version;
            while (true) {
                if (connection.isClosed()) {
                    throw new LinkClosedException();
                }
                if (version != startVersion) {
                    return false;
                }
                long now = System.nanoTime();
                if (deadlineNanos != Long.MAX_VALUE && deadlineNanos - now <= 0) {
                    return true;
                }
                long closeDeadline = closeDeadline();
                if (closeDeadline != Long.MAX_VALUE && closeDeadline - now <= 0) {
                    break;
                }
                long wake = deadlineNanos;
                if (wake == Long.MAX_VALUE || (closeDeadline != Long.MAX_VALUE && closeDeadline - wake < 0)) {
                    wake = closeDeadline;
                }
                waitNanos(wake == Long.MAX_VALUE ? Long.MAX_VALUE : wake - now);
            }
        }
        connection.close();
        throw new LinkClosedException();
    }

    /** Writes a chunk that left the toxic chain (toxic thread only). */
    void write(Chunk chunk) throws IOException {
        out.write(chunk.data, chunk.offset, chunk.length);
    }

    void closeConnection() {
        connection.close();
    }

    /** Wakes any thread waiting in this link (after the connection closed). */
    void wakeUp() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }
}
