package io.aurorakit.lab.toxiproxy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration of one toxic as the API sees it (immutable): name, type, stream, toxicity and every attribute of
 * its type (missing ones are 0, like Toxiproxy).
 */
final class ToxicSpec {
    private final String name;
    private final ToxicType type;
    private final Direction direction;
    private final String stream;
    private final float toxicity;
    private final Map<String, Long> attributes;

    ToxicSpec(String name, ToxicType type, Direction direction, String stream, float toxicity,
            Map<String, Long> attributes) {
        this.name = name;
        this.type = type;
        this.direction = direction;
        this.stream = stream;
        this.toxicity = toxicity;
        Map<String, Long> all = new LinkedHashMap<>();
        for (String key : type.attributeNames()) {
            all.put(key, attributes.getOrDefault(key, 0L));
        }
        this.attributes = Collections.unmodifiableMap(all);
    }

    String name() {
        return name;
    }

    ToxicType type() {
        return type;
    }

    Direction direction() {
        return direction;
    }

    /** The stream as the client sent it (Toxiproxy echoes it unchanged, e.g. "UPSTREAM"). */
    String stream() {
        return stream;
    }

    float toxicity() {
        return toxicity;
    }

    Map<String, Long> attributes() {
        return attributes;
    }

    long attribute(String key) {
        return attributes.getOrDefault(key, 0L);
    }

    /** Merges partial attributes into this toxic's and replaces the toxicity when given (Toxiproxy's update). */
    ToxicSpec updated(Map<String, Long> partialAttributes, Float newToxicity) {
        Map<String, Long> merged = new LinkedHashMap<>(attributes);
        partialAttributes.forEach((key, value) -> {
            if (merged.containsKey(key)) {
                merged.put(key, value);
            }
        });
        return new ToxicSpec(name, type, direction, stream, newToxicity == null ? toxicity : newToxicity, merged);
    }
}
