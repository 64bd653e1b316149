package io.aurorakit.insights;

/**
 * An application that builds a {@link PerformanceInsightsReader} without the AWS SDK on its classpath: loaded by
 * {@link PerformanceInsightsReaderTest} through a class loader that sees only core's classes and this one.
 */
public final class NoSdkApplication {

    private NoSdkApplication() {
    }

    /** What building a reader gives: the exception's class and message, or {@code built}. */
    public static String build() {
        try (PerformanceInsightsReader reader = PerformanceInsightsReader.builder("db-ABCDEFGHIJKLMNOPQRSTUVWXY")
                .region("eu-west-1").build()) {
            return "built " + reader;
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
