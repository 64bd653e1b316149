package io.aurorakit.lab.toxiproxy;

import java.util.List;

/** The toxic types Toxiproxy 2.x knows, with their wire names and attribute keys (in Toxiproxy's order). */
enum ToxicType {
    LATENCY("latency", "latency", "jitter"),
    BANDWIDTH("bandwidth", "rate"),
    SLOW_CLOSE("slow_close", "delay"),
    TIMEOUT("timeout", "timeout"),
    RESET_PEER("reset_peer", "timeout"),
    SLICER("slicer", "average_size", "size_variation", "delay"),
    LIMIT_DATA("limit_data", "bytes"),
    NOOP("noop");

    private final String wireName;
    private final List<String> attributeNames;

    ToxicType(String wireName, String... attributeNames) {
        this.wireName = wireName;
        this.attributeNames = List.of(attributeNames);
    }

    String wireName() {
        return wireName;
    }

    List<String> attributeNames() {
        return attributeNames;
    }

    /** Returns the type with this exact wire name (Toxiproxy is case-sensitive here), or null. */
    static ToxicType fromWireName(String name) {
        for (ToxicType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        return null;
    }

    /** Creates the per-link runtime state of a toxic of this type. */
    LinkToxic newLinkToxic(ToxicSpec spec) {
        switch (this) {
            case LATENCY:
                return new LatencyToxic(spec);
            case BANDWIDTH:
                return new BandwidthToxic(spec);
            case SLOW_CLOSE:
                return new SlowCloseToxic(spec);
            case TIMEOUT:
                return new TimeoutToxic(spec);
            case RESET_PEER:
                return new ResetPeerToxic(spec);
            case SLICER:
                return new SlicerToxic(spec);
            case LIMIT_DATA:
                return new LimitDataToxic(spec);
            case NOOP:
                return new NoopToxic(spec);
            default:
                throw new AssertionError(this);
        }
    }
}
