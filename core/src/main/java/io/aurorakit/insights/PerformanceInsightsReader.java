package io.aurorakit.insights;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Database load of one Aurora or RDS instance as Performance Insights recorded it, read from PI's API
 * ({@code DescribeDimensionKeys} for {@link #topKeys}, {@code GetResourceMetrics} for {@link #loadOverTime}) in the
 * same shapes as {@link DbLoadSampler}. Each call is one or a few HTTPS requests (PI's {@code NextToken} pages are
 * followed), signed with SigV4; nothing runs in the background.
 *
 * <p>Needs the AWS SDK for Java v2 modules {@code software.amazon.awssdk:auth}, {@code http-auth-aws} and
 * {@code json-utils} on the classpath (optional dependencies of aurora-kit-core: an application that never builds a
 * reader needs none of them); the HTTP client is the JDK's. The caller needs IAM permission for
 * {@code pi:DescribeDimensionKeys} and {@code pi:GetResourceMetrics} on the instance.
 *
 * <pre>{@code
 * try (PerformanceInsightsReader pi = PerformanceInsightsReader.builder("db-ABCDEFGHIJKLMNOPQRSTUVWXY")
 *         .region("us-east-1").build()) {
 *     Instant now = Instant.now();
 *     DbLoad waits = pi.topKeys(DimensionGroup.WAIT_EVENT, now.minus(Duration.ofHours(1)), now, 10);
 * }
 * }</pre>
 *
 * <p>Thread-safe. A call that PI refuses, or that gets no answer, throws {@link PerformanceInsightsException}; bad
 * arguments throw {@link IllegalArgumentException} before any request.
 */
public final class PerformanceInsightsReader implements DbLoadSource, AutoCloseable {

    /** PI's pattern for {@code Identifier}. */
    private static final Pattern RESOURCE_ID = Pattern.compile("^[a-zA-Z0-9-]+$");
    private static final Pattern REGION = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)+$");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** One class of each module the reader needs, by artifact. */
    private static final List<String[]> SDK_CLASSES = List.of(
            new String[] {"software.amazon.awssdk:auth",
                "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider"},
            new String[] {"software.amazon.awssdk:http-auth-aws",
                "software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner"},
            new String[] {"software.amazon.awssdk:json-utils",
                "software.amazon.awssdk.protocols.jsoncore.JsonNodeParser"});
    private static final String SDK_ARTIFACTS = "software.amazon.awssdk:auth, software.amazon.awssdk:http-auth-aws"
            + " and software.amazon.awssdk:json-utils";

    private final String resourceId;
    private final String region;
    private final URI endpoint;
    private final PiApi api;
    private volatile boolean closed;

    private PerformanceInsightsReader(Builder b, String region, URI endpoint) {
        this.resourceId = b.resourceId;
        this.region = region;
        this.endpoint = endpoint;
        this.api = new PiApi(b.resourceId, new PiHttp(b.resourceId, region, endpoint, b.timeout, b.credentials));
    }

    /**
     * A reader for the instance whose {@code DbiResourceId} is {@code resourceId}.
     *
     * @param resourceId the instance's resource id, {@code db-ABCDEFGHIJKLMNOPQRSTUVWXY} ({@code DbiResourceId} of
     *                   {@code aws rds describe-db-instances}), not its name
     * @throws IllegalArgumentException when {@code resourceId} is not of PI's form
     */
    public static Builder builder(String resourceId) {
        if (resourceId == null || !RESOURCE_ID.matcher(resourceId).matches()) {
            throw new IllegalArgumentException("resourceId " + (resourceId == null ? "is missing" : "'" + resourceId
                    + "' is not a Performance Insights resource id") + "; expected the instance's DbiResourceId,"
                    + " like db-ABCDEFGHIJKLMNOPQRSTUVWXY (letters, digits and '-'; see DbiResourceId in"
                    + " 'aws rds describe-db-instances')");
        }
        return new Builder(resourceId);
    }

    @Override
    public DbLoad topKeys(DimensionGroup group, Instant start, Instant end, int limit) {
        Objects.requireNonNull(group, "group");
        LoadQuery query = LoadQuery.of(group, start, end, Periods.automatic(start, end), limit);
        return open().topKeys(query);
    }

    @Override
    public ResourceMetrics loadOverTime(DimensionGroup group, Instant start, Instant end, int periodSeconds,
                                        int limit) {
        return open().loadOverTime(LoadQuery.of(group, start, end, periodSeconds, limit));
    }

    private PiApi open() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
        return api;
    }

    String resourceId() {
        return resourceId;
    }

    String region() {
        return region;
    }

    URI endpoint() {
        return endpoint;
    }

    /** Releases the HTTP client's threads and the default credentials chain; later calls fail. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            api.close();
        }
    }

    @Override
    public String toString() {
        return "PerformanceInsightsReader[" + resourceId + ", " + region + ", " + endpoint
                + (closed ? ", closed" : "") + "]";
    }

    /** Settings of a {@link PerformanceInsightsReader}; validated as they are set, resolved at {@link #build()}. */
    public static final class Builder {
        private final String resourceId;
        private String region;
        private URI endpoint;
        private AwsCredentialsProvider credentials;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Function<String, String> environment = System::getenv;
        private Function<String, String> systemProperties = System::getProperty;

        private Builder(String resourceId) {
            this.resourceId = resourceId;
        }

        /**
         * The instance's region, e.g. {@code us-east-1}: it signs the requests and names the default endpoint. By
         * default the {@code aws.region} system property, else the {@code AWS_REGION}, else the
         * {@code AWS_DEFAULT_REGION} environment variable (the SDK's profile files are not read).
         */
        public Builder region(String region) {
            this.region = checkRegion(region, "region");
            return this;
        }

        /**
         * PI's endpoint ({@code http} or {@code https}, no user info, query or fragment), e.g. a local emulator. By
         * default the {@code AWS_ENDPOINT_URL_PI}, else the {@code AWS_ENDPOINT_URL} environment variable (unless
         * {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true}), else {@code https://pi.<region>.amazonaws.com}.
         */
        public Builder endpoint(URI endpoint) {
            this.endpoint = checkEndpoint(Objects.requireNonNull(endpoint, "endpoint"), "endpoint");
            return this;
        }

        /**
         * Where the signing credentials come from; by default the SDK's {@code DefaultCredentialsProvider}
         * (system properties, environment, web identity, profiles, container and instance roles), which
         * {@link PerformanceInsightsReader#close()} closes. A provider given here is not closed.
         */
        public Builder credentials(AwsCredentialsProvider credentials) {
            Objects.requireNonNull(credentials, "credentials");
            this.credentials = credentials;
            return this;
        }

        /** How long to wait to connect and for each answer; 30 s by default. */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, not " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Where environment variables come from (tests inject a map). */
        Builder environment(Function<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /** Where system properties come from (tests inject a map). */
        Builder systemProperties(Function<String, String> systemProperties) {
            this.systemProperties = Objects.requireNonNull(systemProperties, "systemProperties");
            return this;
        }

        /**
         * The reader.
         *
         * @throws IllegalStateException    when the AWS SDK modules it needs are not on the classpath
         * @throws IllegalArgumentException when no region is set or found, or a configured endpoint is not a URL
         */
        public PerformanceInsightsReader build() {
            requireSdk();
            String resolvedRegion = region != null ? region : regionFromSettings();
            URI resolvedEndpoint = endpoint != null ? endpoint : endpointFromSettings(resolvedRegion);
            try {
                return new PerformanceInsightsReader(this, resolvedRegion, resolvedEndpoint);
            } catch (NoClassDefFoundError e) {
                throw missingSdk(e.getMessage());
            }
        }

        private String regionFromSettings() {
            String[][] sources = {
                {"aws.region", systemProperties.apply("aws.region"), "the aws.region system property"},
                {"AWS_REGION", environment.apply("AWS_REGION"), "the AWS_REGION environment variable"},
                {"AWS_DEFAULT_REGION", environment.apply("AWS_DEFAULT_REGION"),
                    "the AWS_DEFAULT_REGION environment variable"}};
            for (String[] source : sources) {
                if (source[1] != null && !source[1].isBlank()) {
                    return checkRegion(source[1].trim(), source[2]);
                }
            }
            throw new IllegalArgumentException("no AWS region for Performance Insights of " + resourceId
                    + "; expected region(\"us-east-1\") on the builder, the aws.region system property, or the"
                    + " AWS_REGION or AWS_DEFAULT_REGION environment variable");
        }

        private URI endpointFromSettings(String region) {
            if (!"true".equalsIgnoreCase(trimmed(environment.apply("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")))) {
                for (String variable : new String[] {"AWS_ENDPOINT_URL_PI", "AWS_ENDPOINT_URL"}) {
                    String value = trimmed(environment.apply(variable));
                    if (!value.isEmpty()) {
                        String source = "the " + variable + " environment variable";
                        try {
                            return checkEndpoint(new URI(value), source);
                        } catch (URISyntaxException e) {
                            throw new IllegalArgumentException(source + " is not a URL (" + e.getReason()
                                    + "); expected e.g. http://127.0.0.1:4566");
                        }
                    }
                }
            }
            return URI.create("https://pi." + region + (region.startsWith("cn-") ? ".amazonaws.com.cn/"
                    : ".amazonaws.com/"));
        }

        private static String trimmed(String value) {
            return value == null ? "" : value.trim();
        }

        private static String checkRegion(String region, String source) {
            if (region == null || !REGION.matcher(region).matches()) {
                throw new IllegalArgumentException(source + (region == null ? " is missing"
                        : " '" + region + "' is not an AWS region") + "; expected a region name like us-east-1");
            }
            return region;
        }

        /** The endpoint as requests go to it: an http(s) URL with a host, the path {@code /} when it has none. */
        private static URI checkEndpoint(URI uri, String source) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String problem = null;
            if (uri.getRawUserInfo() != null) {
                // never echoed: it may hold a password
                throw new IllegalArgumentException(source + " must not carry user info (user:password@); expected"
                        + " e.g. https://pi.us-east-1.amazonaws.com");
            } else if (!scheme.equals("http") && !scheme.equals("https")) {
                problem = "is not an http or https URL";
            } else if (uri.getHost() == null) {
                problem = "has no host";
            } else if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                problem = "must not have a query or fragment";
            }
            if (problem != null) {
                throw new IllegalArgumentException(source + " '" + uri + "' " + problem + "; expected e.g."
                        + " https://pi.us-east-1.amazonaws.com or http://127.0.0.1:4566");
            }
            String path = uri.getRawPath();
            return path == null || path.isEmpty() ? URI.create(uri + "/") : uri;
        }

        private static void requireSdk() {
            ClassLoader loader = PerformanceInsightsReader.class.getClassLoader();
            for (String[] artifactAndClass : SDK_CLASSES) {
                try {
                    Class.forName(artifactAndClass[1], false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    throw missingSdk(artifactAndClass[0] + " is missing: class " + artifactAndClass[1]
                            + " not found");
                }
            }
        }

        private static IllegalStateException missingSdk(String detail) {
            return new IllegalStateException("PerformanceInsightsReader needs the AWS SDK for Java v2 modules "
                    + SDK_ARTIFACTS + " on the classpath (" + detail + "); expected those dependencies (version"
                    + " from software.amazon.awssdk:bom), which aurora-kit-core declares optional");
        }
    }
}
