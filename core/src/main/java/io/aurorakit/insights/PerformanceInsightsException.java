package io.aurorakit.insights;

/**
 * A {@link PerformanceInsightsReader} call that failed: Performance Insights refused it (an HTTP status other than
 * 2xx, with PI's error code such as {@code InvalidArgumentException} or {@code NotAuthorizedException} and its
 * message), or it got no usable answer (the endpoint unreachable, a timeout, a body that is not PI's JSON, no AWS
 * credentials).
 */
public final class PerformanceInsightsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** {@link #statusCode()} when no HTTP answer came. */
    public static final int NO_STATUS = -1;

    private final String errorCode;
    private final int statusCode;
    private final String serviceMessage;

    PerformanceInsightsException(String message, String errorCode, int statusCode, String serviceMessage) {
        super(message);
        this.errorCode = errorCode;
        this.statusCode = statusCode;
        this.serviceMessage = serviceMessage;
    }

    PerformanceInsightsException(String message, Throwable cause) {
        super(message, cause);
        this.errorCode = null;
        this.statusCode = NO_STATUS;
        this.serviceMessage = null;
    }

    /**
     * PI's error code, e.g. {@code InvalidArgumentException}, {@code NotAuthorizedException},
     * {@code InternalServiceError}, {@code ThrottlingException}; null when the answer named none or none came.
     */
    public String errorCode() {
        return errorCode;
    }

    /** The HTTP status of PI's answer, or {@link #NO_STATUS} when none came. */
    public int statusCode() {
        return statusCode;
    }

    /** PI's own message ({@code Message} of the error body); null when it gave none. */
    public String serviceMessage() {
        return serviceMessage;
    }
}
