package io.aurorakit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the open {@link AuroraDataSource}s in this JVM and releases the AWS wrapper's JVM-wide background threads,
 * monitors and caches ({@code software.amazon.jdbc.Driver.releaseResources()}) when the last one closes. The wrapper's
 * resources are JVM-wide, so this count is the one justified piece of static state.
 */
final class WrapperResources {

    private static final Logger LOG = LoggerFactory.getLogger(WrapperResources.class);
    private static final Object LOCK = new Object();
    private static int open;

    private WrapperResources() {
    }

    static void acquire() {
        synchronized (LOCK) {
            open++;
        }
    }

    /** Releases one reference; the last one stops the wrapper's threads. */
    static void release() {
        synchronized (LOCK) {
            open--;
            if (open > 0) {
                return;
            }
            open = 0;
            try {
                software.amazon.jdbc.Driver.releaseResources();
            } catch (NoClassDefFoundError e) {
                // 4.3.0 clearCaches() touches the custom-endpoint cache, which needs the AWS SDK rds jar; monitors,
                // pools and threads were already released before that point.
                LOG.debug("AWS wrapper released its resources; its cache cleanup skipped a part that needs {}",
                        e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("AWS wrapper releaseResources() failed: {}", e.toString());
            }
        }
    }

    static int openCount() {
        synchronized (LOCK) {
            return open;
        }
    }
}
