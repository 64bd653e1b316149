package io.aurorakit.bench;

/**
 * JVM arguments every JMH fork gets by default (the lab resolves its Aurora names through a hosts file the JVM must
 * be started with). {@code run.sh} overrides the file's location with {@code -jvmArgsAppend}.
 */
final class BenchmarkDefaults {

    static final String HOSTS_FILE_ARG = "-Djdk.net.hosts.file=/tmp/aurora-kit-bench.hosts";
    static final String TTL_ARG = "-Dsun.net.inetaddr.ttl=0";
    static final String NEGATIVE_TTL_ARG = "-Dsun.net.inetaddr.negative.ttl=0";
    /** Keeps the lab's and the wrapper's INFO logs out of JMH's output. */
    static final String LOG_LEVEL_ARG = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn";

    private BenchmarkDefaults() {
    }
}
