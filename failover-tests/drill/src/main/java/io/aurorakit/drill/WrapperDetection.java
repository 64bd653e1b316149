package io.aurorakit.drill;

import io.aurorakit.lab.Fault;
import io.aurorakit.measure.WrapperLogProbe.Message;
import io.aurorakit.measure.WrapperLogProbe;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The wrapper's own detection of a drill's fault, read from its log ({@link WrapperLogProbe}): only what is about the
 * fault counts. Failure detection (efm2) declaring <em>the faulted instance</em> dead, and a failover of the faulted
 * role (writer failover for a writer fault, any failover for a reader crash). Unrelated events - a reader failover
 * because the lab's failover ended sessions on the promoted reader, another host declared dead - are not detection.
 * For {@link Fault#ISOLATE} (a black hole: nothing fails until a client notices) detection is failure detection
 * declaring the isolated writer dead; a failover start counts only if that never shows up.
 *
 * <pre>{@code
 * WrapperDetection d = WrapperDetection.of(probe.messagesSince(fault), fault, Fault.ISOLATE, "instance-1");
 * d.detectionNanos();   // nanoTime of the detection, or -1
 * }</pre>
 */
final class WrapperDetection {

    private static final Pattern HOST_DEAD = Pattern.compile("Host (\\S+) is \\*dead\\*");

    /** One moment on the timeline, in {@link System#nanoTime()}. */
    record Stamp(long nanos, String name) {
    }

    private final List<Stamp> events;
    private final long detectionNanos;

    private WrapperDetection(List<Stamp> events, long detectionNanos) {
        this.events = List.copyOf(events);
        this.detectionNanos = detectionNanos;
    }

    /**
     * @param messages        what the wrapper logged, oldest first
     * @param faultNanos      when the fault was injected ({@link System#nanoTime()}); earlier messages are ignored
     * @param fault           the lab fault, or null for an operator-triggered failover of the writer
     * @param faultedInstance the instance identifier (or host name) the fault hit, or null if unknown (any host counts)
     */
    static WrapperDetection of(List<Message> messages, long faultNanos, Fault fault, String faultedInstance) {
        Stamp dead = null;
        Stamp writerFailover = null;
        Stamp readerFailover = null;
        for (Message message : messages) {
            if (message.nanos() < faultNanos) {
                continue;
            }
            Matcher host = HOST_DEAD.matcher(message.text());
            if (dead == null && host.find() && isInstance(host.group(1), faultedInstance)) {
                dead = new Stamp(message.nanos(), "wrapper: failure detection declares " + host.group(1) + " dead");
            } else if (writerFailover == null && message.text().contains(WrapperLogProbe.WRITER_FAILOVER)) {
                writerFailover = new Stamp(message.nanos(), "wrapper starts writer failover");
            } else if (readerFailover == null && message.text().contains(WrapperLogProbe.READER_FAILOVER)) {
                readerFailover = new Stamp(message.nanos(), "wrapper starts reader failover");
            }
        }
        List<Stamp> events = new ArrayList<>();
        for (Stamp stamp : new Stamp[] {dead, writerFailover, readerFailover}) {
            if (stamp != null) {
                events.add(stamp);
            }
        }
        events.sort(Comparator.comparingLong(Stamp::nanos));
        Stamp failover = fault == Fault.READER_CRASH ? earliest(readerFailover, writerFailover) : writerFailover;
        Stamp detection = fault == Fault.ISOLATE && dead != null ? dead : earliest(dead, failover);
        return new WrapperDetection(events, detection == null ? -1 : detection.nanos());
    }

    private static boolean isInstance(String host, String instance) {
        return instance == null || host.equals(instance) || host.startsWith(instance + ".");
    }

    private static Stamp earliest(Stamp a, Stamp b) {
        return a == null ? b : b == null ? a : a.nanos() <= b.nanos() ? a : b;
    }

    /** The wrapper's events worth a line on the timeline, oldest first. */
    List<Stamp> events() {
        return events;
    }

    /** When the wrapper detected the fault ({@link System#nanoTime()}); -1 if it did not. */
    long detectionNanos() {
        return detectionNanos;
    }
}
