package io.aurorakit.config;

import java.util.Properties;

/**
 * JVM system properties of the AWS wrapper that aurora-kit defaults differently, applied when {@link AuroraConfig}
 * is first used (before any aurora-kit connection reaches the wrapper). A value the user set (e.g.
 * {@code -Daws.jdbc.config.exception.context.enabled=true}) always wins.
 *
 * <p>{@code aws.jdbc.config.exception.context.enabled} (wrapper default {@code true}) adds a ~30-line "State snapshot"
 * ({@code SnapshotStateException}) as a suppressed exception to every SQLException the wrapper throws. The wrapper
 * 4.3.0 reads it once, in the static initializer of {@code software.amazon.jdbc.util.WrapperUtils} (and when its
 * event services are created), so it must be set before the wrapper's first connection in the JVM; aurora-kit
 * defaults it to {@code false}.
 */
final class WrapperSystemDefaults {

    static final String EXCEPTION_CONTEXT = "aws.jdbc.config.exception.context.enabled";

    private WrapperSystemDefaults() {
    }

    /** Applies the defaults to the JVM's system properties. */
    static void apply() {
        apply(System.getProperties());
    }

    /** Sets each default not already present in {@code system}; returns whether anything was set. */
    static boolean apply(Properties system) {
        return system.putIfAbsent(EXCEPTION_CONTEXT, "false") == null;
    }
}
