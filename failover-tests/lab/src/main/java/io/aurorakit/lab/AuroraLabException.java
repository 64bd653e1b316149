package io.aurorakit.lab;

/**
 * Thrown when the lab cannot start, or a control-plane action (failover, crash, restart, ...) cannot complete.
 *
 * <p>The message names what failed and, where PostgreSQL tools were involved, the tail of their output.
 * Passwords never appear in it. Example:
 * <pre>{@code
 * try (AuroraLab lab = AuroraLab.builder().start()) { ... }
 * catch (AuroraLabException e) { log.error("lab failed: {}", e.getMessage()); }
 * }</pre>
 */
public class AuroraLabException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An error with a message only. */
    public AuroraLabException(String message) {
        super(message);
    }

    /** An error caused by another exception. */
    public AuroraLabException(String message, Throwable cause) {
        super(message, cause);
    }
}
