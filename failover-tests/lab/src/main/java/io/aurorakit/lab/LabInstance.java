package io.aurorakit.lab;

import java.util.Objects;

/**
 * An immutable snapshot of one instance of an {@link AuroraLab}: its Aurora instance id, its instance endpoint, its role
 * at the time of the snapshot, its promotion tier, whether its PostgreSQL server was running and whether it was paused
 * (Serverless v2).
 *
 * <pre>{@code
 * List<String> readers = lab.instances().stream()
 *         .filter(i -> i.role() == LabInstance.Role.READER).map(LabInstance::id).toList();
 * }</pre>
 */
public final class LabInstance {

    /** The role an instance plays in the cluster. */
    public enum Role { WRITER, READER }

    private final String id;
    private final String host;
    private final Role role;
    private final int tier;
    private final boolean alive;
    private final boolean paused;

    LabInstance(String id, String host, Role role, int tier, boolean alive, boolean paused) {
        this.id = Objects.requireNonNull(id);
        this.host = Objects.requireNonNull(host);
        this.role = Objects.requireNonNull(role);
        this.tier = tier;
        this.alive = alive;
        this.paused = paused;
    }

    /** The Aurora instance identifier, e.g. {@code instance-2} (what {@code aurora_db_instance_identifier()} returns). */
    public String id() {
        return id;
    }

    /** The instance endpoint, e.g. {@code instance-2.xyz7k2q.us-east-1.rds.amazonaws.com}. */
    public String host() {
        return host;
    }

    /** WRITER or READER. */
    public Role role() {
        return role;
    }

    /** The promotion tier, 0 (highest priority) to 15. */
    public int tier() {
        return tier;
    }

    /**
     * Whether the instance's PostgreSQL server was running (false after a crash, until restart or rejoin, and while
     * {@link #paused()}).
     */
    public boolean alive() {
        return alive;
    }

    /**
     * Whether the instance was paused (Serverless v2 with {@code minAcu = 0}): its server is stopped, but it is not
     * down - a connection resumes it; Aurora keeps its status {@code available}.
     */
    public boolean paused() {
        return paused;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabInstance i && id.equals(i.id) && host.equals(i.host) && role == i.role
                && tier == i.tier && alive == i.alive && paused == i.paused;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, host, role, tier, alive, paused);
    }

    @Override
    public String toString() {
        return id + "(" + role + ", tier " + tier + (paused ? ", paused" : alive ? "" : ", down") + ")";
    }
}
