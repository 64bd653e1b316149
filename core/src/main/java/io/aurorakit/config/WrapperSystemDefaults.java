package io.aurorakit.config;

import java.util.Map;
import java.util.Properties;

/**
 * JVM system properties of the AWS wrapper that aurora-kit defaults differently, applied when {@link AuroraConfig}
 * is first used (before any aurora-kit connection reaches the wrapper). A value the user set (e.g.
 * {@code -Daws.jdbc.config.exception.context.enabled=true}) always wins. Both are JVM-wide, so they also apply to
 * plain wrapper connections in a JVM that uses aurora-kit.
 *
 * <ul>
 *   <li>{@code aws.jdbc.config.exception.context.enabled} (wrapper default {@code true}) adds a ~30-line "State
 *       snapshot" ({@code SnapshotStateException}) as a suppressed exception to every SQLException the wrapper
 *       throws. The wrapper 4.3.0 reads it once, in the static initializer of
 *       {@code software.amazon.jdbc.util.WrapperUtils} (and when its event services are created), so it must be set
 *       before the wrapper's first connection in the JVM; aurora-kit defaults it to {@code false}.</li>
 *   <li>{@code efm.contextPool.enabled} (wrapper default {@code true}) makes enhanced failure monitoring take its
 *       per-call monitoring contexts from a JVM-wide pool. In wrapper 4.3.0 (and 4.4.0) a call whose connection the
 *       monitor aborts releases its context twice: once in {@code HostMonitorV2Impl.monitor()} when it aborts, once
 *       more in {@code HostMonitorServiceV2Impl.stopMonitoring()} when the call returns (the context is inactive by
 *       then, so the second release is the non-abort branch). The pool then holds the same context twice, two later
 *       calls share it, and when the shorter one ends it deactivates the context of a call that is still hanging: the
 *       monitor drops that call, and a black-holed host is never declared dead for it. In the lab that left 6 of 8
 *       black holes after a first detection undetected (benchmarks' failover-timing harness, {@code isolate}). The
 *       wrapper reads the property each time a connection's plugin is created; aurora-kit defaults it to
 *       {@code false}, which gives every call a context of its own.</li>
 * </ul>
 */
final class WrapperSystemDefaults {

    static final String EXCEPTION_CONTEXT = "aws.jdbc.config.exception.context.enabled";
    static final String EFM_CONTEXT_POOL = "efm.contextPool.enabled";

    /** Each property and aurora-kit's default for it. */
    static final Map<String, String> DEFAULTS = Map.of(EXCEPTION_CONTEXT, "false", EFM_CONTEXT_POOL, "false");

    private WrapperSystemDefaults() {
    }

    /** Applies the defaults to the JVM's system properties. */
    static void apply() {
        apply(System.getProperties());
    }

    /** Sets each default not already present in {@code system}; returns whether anything was set. */
    static boolean apply(Properties system) {
        boolean set = false;
        for (Map.Entry<String, String> d : DEFAULTS.entrySet()) {
            set |= system.putIfAbsent(d.getKey(), d.getValue()) == null;
        }
        return set;
    }
}
