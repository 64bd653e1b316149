package io.aurorakit.lab.toxiproxy;

import java.util.ArrayList;
import java.util.List;

/** The toxics of one proxy (immutable): an upstream chain and a downstream chain, each in insertion order. */
final class ToxicSet {
    static final ToxicSet EMPTY = new ToxicSet(List.of(), List.of());

    private final List<ToxicSpec> upstream;
    private final List<ToxicSpec> downstream;

    private ToxicSet(List<ToxicSpec> upstream, List<ToxicSpec> downstream) {
        this.upstream = List.copyOf(upstream);
        this.downstream = List.copyOf(downstream);
    }

    List<ToxicSpec> chain(Direction direction) {
        return direction == Direction.UPSTREAM ? upstream : downstream;
    }

    /** All toxics, upstream chain first, as Toxiproxy lists them. */
    List<ToxicSpec> all() {
        List<ToxicSpec> all = new ArrayList<>(upstream);
        all.addAll(downstream);
        return all;
    }

    boolean isEmpty() {
        return upstream.isEmpty() && downstream.isEmpty();
    }

    ToxicSpec find(String name) {
        for (ToxicSpec spec : all()) {
            if (spec.name().equals(name)) {
                return spec;
            }
        }
        return null;
    }

    boolean containsType(ToxicType type) {
        return all().stream().anyMatch(spec -> spec.type() == type);
    }

    ToxicSet plus(ToxicSpec spec) {
        List<ToxicSpec> chain = new ArrayList<>(chain(spec.direction()));
        chain.add(spec);
        return with(spec.direction(), chain);
    }

    /** Replaces the toxic of the same name, keeping its position. */
    ToxicSet replacing(ToxicSpec spec) {
        List<ToxicSpec> chain = new ArrayList<>(chain(spec.direction()));
        chain.replaceAll(existing -> existing.name().equals(spec.name()) ? spec : existing);
        return with(spec.direction(), chain);
    }

    ToxicSet minus(String name) {
        List<ToxicSpec> up = new ArrayList<>(upstream);
        List<ToxicSpec> down = new ArrayList<>(downstream);
        up.removeIf(spec -> spec.name().equals(name));
        down.removeIf(spec -> spec.name().equals(name));
        return new ToxicSet(up, down);
    }

    private ToxicSet with(Direction direction, List<ToxicSpec> chain) {
        return direction == Direction.UPSTREAM ? new ToxicSet(chain, downstream) : new ToxicSet(upstream, chain);
    }
}
