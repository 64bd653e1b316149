package io.aurorakit.lab;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aurora Serverless v2 for every instance of the lab: auto-pause, resume on connect, capacity.
 *
 * <p><b>Pause groups</b> (as on Aurora): the writer with every reader in promotion tier 0 or 1 pauses and resumes
 * together; a reader in tier 2-15 on its own. The writer's group pauses only when every tier 2-15 reader is paused (or
 * down), and waking any reader wakes the writer's group first.
 *
 * <p><b>Activity</b>: every {@link #TICK} a daemon thread looks at each instance's proxy: a live client connection, or
 * one accepted since the last look, is activity. The control plane's own connections (heartbeat, capacity, direct)
 * bypass the proxies and are no activity, as Aurora's administrative connections are not; a monitoring connection of
 * a client (the AWS wrapper's topology and EFM monitors) is. A group with no activity for {@code autoPause} pauses
 * (only with {@code minAcu = 0}, and only while all its instances run): gates closed (new connections are held),
 * activity checked once more (a connection since the decision cancels the pause: RDS-EVENT-0371), then a clean stop of
 * PostgreSQL, readers before the writer.
 *
 * <p><b>Resume</b>: a connection at a paused instance's proxy waits at its {@link ServerlessGates gate} and asks for a
 * resume; a second daemon thread resumes - the writer's group first, then the reader asked for - taking the
 * configured resume time (the real start overlaps it), then opens the gates. One resume serves every connection
 * waiting meanwhile. Pauses and resumes hold the control plane's lock (the {@link FailoverController}), so they never
 * interleave with a failover; other control-plane actions on a paused instance resume it first
 * ({@link #resumeWithin}).
 */
final class ServerlessController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerlessController.class);

    /** How often activity is looked at. */
    static final Duration TICK = Duration.ofMillis(200);
    /** How often capacity is measured and stepped (Aurora measures every second too). */
    static final Duration CAPACITY_INTERVAL = Duration.ofSeconds(1);
    private static final int MAX_EVENTS = 1000;
    private static final long JOIN_MILLIS = 30_000;

    private final ServerlessConfig config;
    private final FailoverController control;
    private final InstanceProxies proxies;
    private final TopologyCatalog catalog;
    private final ServerlessGates gates;
    private final ServerlessCapacity capacity;
    private final Thread ticker;
    private final Thread actor;
    private final Object work = new Object();
    private final Object sleeper = new Object();
    private volatile boolean closed;

    // guarded by work
    private final Set<String> resumeRequests = new LinkedHashSet<>();
    /** Pause group head (the writer or a tier 2-15 reader) -> accepted-connection counts when it was found idle. */
    private final Map<String, Map<String, Long>> pauseRequests = new LinkedHashMap<>();

    private final Map<String, Long> lastActivity = new ConcurrentHashMap<>();
    private final Map<String, Long> lastAccepted = new ConcurrentHashMap<>();
    private final Map<String, Long> pausedAt = new ConcurrentHashMap<>();
    private final List<FailoverReport> events = new ArrayList<>(); // guarded by itself

    private ServerlessController(ServerlessConfig config, FailoverController control, InstanceProxies proxies,
                                 TopologyCatalog catalog, String labId) {
        this.config = config;
        this.control = control;
        this.proxies = proxies;
        this.catalog = catalog;
        this.capacity = new ServerlessCapacity(config);
        this.gates = new ServerlessGates(control.instances().stream().map(PostgresInstance::id).toList(),
                this::requestResume);
        this.ticker = new Thread(this::tickLoop, "aurora-lab-serverless-" + labId);
        this.actor = new Thread(this::actLoop, "aurora-lab-serverless-actions-" + labId);
        ticker.setDaemon(true);
        actor.setDaemon(true);
    }

    /** Installs the gates, sets every instance's capacity to the floor and starts both threads. */
    static ServerlessController start(ServerlessConfig config, FailoverController control, InstanceProxies proxies,
                                      TopologyCatalog catalog, String labId) {
        ServerlessController s = new ServerlessController(config, control, proxies, catalog, labId);
        long now = System.nanoTime();
        for (PostgresInstance instance : control.instances()) {
            proxies.gate(instance.id(), s.gates);
            s.lastActivity.put(instance.id(), now);
            s.lastAccepted.put(instance.id(), proxies.acceptedConnections(instance.id()));
        }
        s.capacity.initialize(control.instances());
        control.serverless(s);
        s.ticker.start();
        s.actor.start();
        return s;
    }

    ServerlessConfig config() {
        return config;
    }

    /** The instance's current capacity in ACU (0 unless it runs). */
    double capacity(PostgresInstance instance) {
        return capacity.current(instance);
    }

    /** Every automatic pause and resume, and every {@link #pause}/{@link #resume} call, oldest first. */
    List<FailoverReport> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    // -------------------------------------------------------------------------------------------- control plane

    /**
     * Pauses the instance's group now, whatever the idle time; clients still connected lose their sessions (PostgreSQL
     * stops) - Aurora itself never pauses an instance with a client connection. A tier 0-1 reader or the writer pauses
     * the writer's group, after every tier 2-15 reader (the writer pauses last).
     */
    FailoverReport pause(String id) {
        requireAutoPause(id);
        synchronized (control) {
            PostgresInstance target = control.instance(id);
            PostgresInstance w = control.writer();
            FailoverReport.Recorder rec = new FailoverReport.Recorder("pause " + target.id(), w.id());
            if (target.paused()) {
                rec.note(target.id() + " was already paused");
            } else if (!target.running()) {
                throw new IllegalStateException(target.id() + " is " + target.state() + ", not running: it cannot "
                        + "pause; restart it first");
            } else {
                List<PostgresInstance> members = new ArrayList<>();
                if (target == w || target.tier() <= 1) {
                    if (!w.running()) {
                        throw new IllegalStateException("the writer " + w.id() + " is " + w.state()
                                + ": the writer's group cannot pause");
                    }
                    control.instances().stream().filter(r -> r != w && r.tier() >= 2 && r.running())
                            .forEach(members::add);
                    control.instances().stream().filter(r -> r != w && r.tier() <= 1 && r.running())
                            .forEach(members::add);
                    members.add(w);
                } else {
                    members.add(target);
                }
                pauseMembers(rec, members, null);
            }
            return finish(rec);
        }
    }

    /** Resumes the instance (and the writer's group first) now, taking the resume time; a no-op if it runs. */
    FailoverReport resume(String id) {
        synchronized (control) {
            PostgresInstance target = control.instance(id);
            if (!target.running() && !target.paused()) {
                throw new IllegalStateException(target.id() + " is " + target.state() + ", not paused: restart it "
                        + "instead");
            }
            FailoverReport.Recorder rec = new FailoverReport.Recorder("resume " + target.id(), control.writer().id());
            if (!resumeWithin(rec, List.of(target))) {
                rec.note(target.id() + " was not paused");
            }
            return finish(rec);
        }
    }

    /**
     * Resumes what {@code needed} needs - the writer's group if the writer is paused, and each paused instance of
     * {@code needed} - recording {@link FailoverReport#RESUME_INITIATED} and {@link FailoverReport#RESUMED} in
     * {@code rec}. Called with or without the control plane's lock (it takes it).
     *
     * @return whether anything was paused
     */
    boolean resumeWithin(FailoverReport.Recorder rec, Collection<PostgresInstance> needed) {
        synchronized (control) {
            PostgresInstance w = control.writer();
            Set<PostgresInstance> wake = new LinkedHashSet<>();
            if (w.paused()) {
                wake.add(w);
                control.instances().stream().filter(r -> r != w && r.tier() <= 1 && r.paused()).forEach(wake::add);
            }
            needed.stream().filter(PostgresInstance::paused).forEach(wake::add);
            if (wake.isEmpty()) {
                return false;
            }
            rec.phase(FailoverReport.RESUME_INITIATED);
            long t0 = System.nanoTime();
            for (PostgresInstance i : wake) {
                lastActivity.put(i.id(), t0); // a resume restarts the idle clock
            }
            Duration pausedFor = Duration.ZERO;
            for (PostgresInstance i : wake) {
                Duration d = Duration.ofNanos(t0 - pausedAt.getOrDefault(i.id(), t0));
                pausedFor = d.compareTo(pausedFor) > 0 ? d : pausedFor;
            }
            Duration resumeTime = config.resumeTimeAfter(pausedFor);
            List<PostgresInstance> readers = wake.stream().filter(i -> i != w).toList();
            try {
                if (wake.contains(w)) {
                    w.start();
                }
                for (PostgresInstance r : readers) {
                    r.configureAsStandbyOf(w); // the writer may have changed while it was paused
                    r.start();
                }
                for (PostgresInstance r : readers) {
                    control.ensureStreaming(r);
                }
                control.updateSynchronousStandbys();
                for (PostgresInstance i : wake) {
                    capacity.restartLow(i);
                }
                awaitDeadline(t0 + resumeTime.toNanos());
            } catch (SQLException | RuntimeException e) {
                gates.fail(ids(wake));
                throw new AuroraLabException("resuming " + ids(wake) + " failed: " + e.getMessage(), e);
            }
            long now = System.nanoTime();
            for (PostgresInstance i : wake) {
                pausedAt.remove(i.id());
                lastActivity.put(i.id(), now);
                gates.open(i.id());
            }
            rec.phase(FailoverReport.RESUMED);
            rec.note("resumed " + ids(wake) + " after a pause of " + pausedFor.toMillis() + " ms (resume time "
                    + resumeTime.toMillis() + " ms" + (pausedFor.compareTo(config.deepSleepAfter()) > 0
                    ? ", deep sleep" : "") + ")");
            return true;
        }
    }

    private void requireAutoPause(String id) {
        if (!config.autoPauses()) {
            throw new IllegalStateException(id + " cannot pause: this lab's minimum capacity is " + config.minAcu()
                    + " ACU, and only instances with minAcu = 0 pause (ServerlessConfig.of(0, max, autoPause))");
        }
    }

    /**
     * Closes the members' gates, then (automatic pause: only if no client connected since {@code snapshot}) stops
     * them in order. Caller holds the control plane's lock.
     *
     * @param snapshot accepted-connection counts when the group was found idle; null for a forced pause
     */
    private void pauseMembers(FailoverReport.Recorder rec, List<PostgresInstance> members,
                              Map<String, Long> snapshot) throws AuroraLabException {
        for (PostgresInstance m : members) {
            gates.close(m.id());
        }
        rec.phase(FailoverReport.PAUSE_INITIATED);
        if (snapshot != null && activitySince(members, snapshot)) {
            long now = System.nanoTime();
            for (PostgresInstance m : members) {
                lastActivity.put(m.id(), now);
                gates.open(m.id());
            }
            rec.phase(FailoverReport.PAUSE_CANCELED);
            rec.note("a client connected to " + ids(members) + ": pause canceled");
            return;
        }
        int clients = 0;
        for (PostgresInstance m : members) {
            clients += proxies.liveConnections(m.id());
        }
        PostgresInstance w = control.writer();
        List<PostgresInstance> readers = members.stream().filter(m -> m != w).toList();
        try {
            catalog.keepListedWhilePaused(w, readers);
            for (PostgresInstance r : readers) {
                r.pause();
                capacity.paused(r);
                pausedAt.put(r.id(), System.nanoTime());
            }
            if (!readers.isEmpty() && w.running()) {
                control.updateSynchronousStandbys();
            }
            if (members.contains(w)) {
                w.pause();
                capacity.paused(w);
                pausedAt.put(w.id(), System.nanoTime());
            }
        } catch (SQLException | RuntimeException e) {
            for (PostgresInstance m : members) {
                if (m.running()) {
                    gates.open(m.id());
                }
            }
            throw new AuroraLabException("pausing " + ids(members) + " failed: " + e.getMessage(), e);
        }
        rec.phase(FailoverReport.PAUSED);
        rec.note("paused " + ids(members) + (clients > 0 ? "; " + clients + " client connection(s) closed" : ""));
    }

    private boolean activitySince(List<PostgresInstance> members, Map<String, Long> snapshot) {
        for (PostgresInstance m : members) {
            if (proxies.liveConnections(m.id()) > 0
                    || proxies.acceptedConnections(m.id()) != snapshot.getOrDefault(m.id(), -1L)) {
                return true;
            }
        }
        return false;
    }

    private FailoverReport finish(FailoverReport.Recorder rec) {
        FailoverReport report = rec.finish(control.writer().id());
        LOG.info("{}", report);
        synchronized (events) {
            events.add(report);
            if (events.size() > MAX_EVENTS) {
                events.remove(0);
            }
        }
        return report;
    }

    // -------------------------------------------------------------------------------------------- automatic

    private void requestResume(String id) {
        synchronized (work) {
            resumeRequests.add(id);
            work.notifyAll();
        }
    }

    private void tickLoop() {
        long nextCapacity = System.nanoTime();
        while (!closed) {
            long now = System.nanoTime();
            try {
                observeActivity(now);
                if (config.autoPauses()) {
                    planPauses(now);
                }
                if (now - nextCapacity >= 0) {
                    nextCapacity = now + CAPACITY_INTERVAL.toNanos();
                    capacity.update(control.writer(), control.instances());
                }
            } catch (RuntimeException e) {
                LOG.warn("serverless tick failed: {}", e.toString());
            }
            synchronized (sleeper) {
                if (!closed) {
                    try {
                        sleeper.wait(TICK.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    private void observeActivity(long now) {
        for (PostgresInstance instance : control.instances()) {
            String id = instance.id();
            long accepted = proxies.acceptedConnections(id);
            Long before = lastAccepted.put(id, accepted);
            if (proxies.liveConnections(id) > 0 || before == null || before != accepted) {
                lastActivity.put(id, now);
            }
        }
    }

    private void planPauses(long now) {
        PostgresInstance w = control.writer();
        List<PostgresInstance> all = control.instances();
        for (PostgresInstance r : all) {
            if (r != w && r.tier() >= 2 && r.running() && idle(List.of(r), now)) {
                requestPause(r, List.of(r));
            }
        }
        List<PostgresInstance> group = writerGroup(w, all);
        boolean higherTiersAsleep = all.stream().filter(r -> r != w && r.tier() >= 2)
                .noneMatch(PostgresInstance::running);
        if (higherTiersAsleep && group.stream().allMatch(PostgresInstance::running) && idle(group, now)) {
            requestPause(w, group);
        }
    }

    /** The tier 0-1 readers, then the writer (the order they pause in). */
    private static List<PostgresInstance> writerGroup(PostgresInstance w, List<PostgresInstance> all) {
        List<PostgresInstance> group = all.stream().filter(r -> r != w && r.tier() <= 1)
                .collect(Collectors.toCollection(ArrayList::new));
        group.add(w);
        return group;
    }

    private boolean idle(List<PostgresInstance> members, long now) {
        long last = Long.MIN_VALUE;
        for (PostgresInstance m : members) {
            long at = lastActivity.getOrDefault(m.id(), now);
            last = Math.max(last, at);
        }
        return now - last >= config.autoPause().toNanos();
    }

    private void requestPause(PostgresInstance head, List<PostgresInstance> members) {
        synchronized (work) {
            if (!pauseRequests.containsKey(head.id())) {
                Map<String, Long> snapshot = new LinkedHashMap<>();
                for (PostgresInstance m : members) {
                    snapshot.put(m.id(), lastAccepted.getOrDefault(m.id(), -1L));
                }
                pauseRequests.put(head.id(), snapshot);
                work.notifyAll();
            }
        }
    }

    private void actLoop() {
        while (!closed) {
            Set<String> resumes = null;
            String head = null;
            Map<String, Long> snapshot = null;
            synchronized (work) {
                while (!closed && resumeRequests.isEmpty() && pauseRequests.isEmpty()) {
                    try {
                        work.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                if (!resumeRequests.isEmpty()) {
                    resumes = new LinkedHashSet<>(resumeRequests);
                    resumeRequests.clear();
                } else {
                    Iterator<Map.Entry<String, Map<String, Long>>> it = pauseRequests.entrySet().iterator();
                    Map.Entry<String, Map<String, Long>> next = it.next();
                    head = next.getKey();
                    snapshot = next.getValue();
                    it.remove();
                }
            }
            try {
                if (resumes != null) {
                    autoResume(resumes);
                } else {
                    autoPause(head, snapshot);
                }
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.warn("serverless {} failed: {}", resumes != null ? "resume of " + resumes : "pause of " + head,
                            e.toString());
                }
            }
        }
    }

    private void autoResume(Set<String> ids) {
        List<PostgresInstance> targets = ids.stream().map(control::instance).toList();
        synchronized (control) {
            if (closed) {
                return;
            }
            FailoverReport.Recorder rec = new FailoverReport.Recorder("auto-resume (connection to "
                    + String.join(", ", ids) + ")", control.writer().id());
            if (resumeWithin(rec, targets)) {
                finish(rec);
            }
        }
    }

    private void autoPause(String head, Map<String, Long> snapshot) {
        synchronized (control) {
            if (closed) {
                return;
            }
            PostgresInstance h = control.instance(head);
            PostgresInstance w = control.writer();
            List<PostgresInstance> all = control.instances();
            List<PostgresInstance> members;
            if (h == w) {
                members = writerGroup(w, all);
                if (all.stream().anyMatch(r -> r != w && r.tier() >= 2 && r.running())) {
                    return;
                }
            } else if (h.tier() >= 2) {
                members = List.of(h);
            } else {
                return; // the group changed since it was found idle
            }
            if (!members.stream().allMatch(PostgresInstance::running) || !idle(members, System.nanoTime())
                    || !snapshot.keySet().equals(members.stream().map(PostgresInstance::id)
                    .collect(Collectors.toSet()))) {
                return; // changed since it was found idle (e.g. resumed meanwhile)
            }
            FailoverReport.Recorder rec = new FailoverReport.Recorder("auto-pause " + ids(members), w.id());
            pauseMembers(rec, members, snapshot);
            finish(rec);
        }
    }

    private void awaitDeadline(long deadlineNanos) {
        synchronized (sleeper) {
            long left;
            while (!closed && (left = deadlineNanos - System.nanoTime()) > 0) {
                try {
                    sleeper.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AuroraLabException("interrupted while resuming", e);
                }
            }
        }
    }

    private static List<String> ids(Collection<PostgresInstance> instances) {
        return instances.stream().map(PostgresInstance::id).toList();
    }

    /**
     * Stops both threads (a resume in progress ends early; connections waiting at a gate are closed) and removes the
     * gates. Paused instances stay stopped; the lab's close kills every instance anyway.
     */
    @Override
    public void close() {
        closed = true;
        gates.shutdown();
        synchronized (work) {
            work.notifyAll();
        }
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
        try {
            ticker.join(5_000);
            actor.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (actor.isAlive() || ticker.isAlive()) {
            LOG.warn("serverless threads still alive after close: {}", List.of(ticker, actor));
        }
        if (!ticker.isAlive()) {
            capacity.close();
        }
        for (PostgresInstance instance : control.instances()) {
            try {
                proxies.gate(instance.id(), null);
            } catch (RuntimeException e) {
                LOG.debug("removing the gate of {}: {}", instance.id(), e.toString());
            }
        }
    }
}
